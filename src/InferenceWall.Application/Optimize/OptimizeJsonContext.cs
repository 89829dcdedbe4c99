using System.Text.Json.Serialization;

namespace InferenceWall.Application.Optimize;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(OptimizeResponse))]
internal sealed partial class OptimizeJsonContext : JsonSerializerContext;
