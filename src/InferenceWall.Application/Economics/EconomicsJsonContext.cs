using System.Text.Json.Serialization;

namespace InferenceWall.Application.Economics;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(EconomicsResponse))]
internal sealed partial class EconomicsJsonContext : JsonSerializerContext;
