using System.Text.Json.Serialization;

namespace InferenceWall.Application.Estimate;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(EstimateResponse))]
[JsonSerializable(typeof(BackOfEnvelopeResponse))]
[JsonSerializable(typeof(EstimateRefusal))]
internal sealed partial class EstimateJsonContext : JsonSerializerContext;
