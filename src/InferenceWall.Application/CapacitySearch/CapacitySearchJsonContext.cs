using System.Text.Json.Serialization;

namespace InferenceWall.Application.CapacitySearch;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(CapacitySearchResponse))]
[JsonSerializable(typeof(CapacityChunk))]
internal sealed partial class CapacitySearchJsonContext : JsonSerializerContext;
