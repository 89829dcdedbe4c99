using System.Text.Json.Serialization;

namespace InferenceWall.Application.Case;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(CaseResponse))]
[JsonSerializable(typeof(double))]
internal sealed partial class CaseJsonContext : JsonSerializerContext;
