using System.Text.Json.Serialization;

namespace InferenceWall.Application.MonteCarlo;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(MonteCarloResponse))]
[JsonSerializable(typeof(MonteCarloChunk))]
[JsonSerializable(typeof(MonteCarloRequest))]
internal sealed partial class MonteCarloJsonContext : JsonSerializerContext;
