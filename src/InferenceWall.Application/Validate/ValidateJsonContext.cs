using System.Text.Json.Serialization;

namespace InferenceWall.Application.Validate;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ValidateResponse))]
internal sealed partial class ValidateJsonContext : JsonSerializerContext;
