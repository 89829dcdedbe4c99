using System.Text.Json.Serialization;

namespace InferenceWall.Application.Sweep;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(SweepResponse))]
[JsonSerializable(typeof(SweepChunk))]
[JsonSerializable(typeof(SweepRequest))]
internal sealed partial class SweepJsonContext : JsonSerializerContext;
