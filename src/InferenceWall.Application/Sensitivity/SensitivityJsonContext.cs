using System.Text.Json.Serialization;

namespace InferenceWall.Application.Sensitivity;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(SensitivityResponse))]
internal sealed partial class SensitivityJsonContext : JsonSerializerContext;
