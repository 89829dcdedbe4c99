using System.Text.Json.Serialization;

namespace InferenceWall.Application.Optimize;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(OptimizeResponse))]
[JsonSerializable(typeof(OptimizeChunk))]
[JsonSerializable(typeof(OptimizeRequest))]
internal sealed partial class OptimizeJsonContext : JsonSerializerContext;
