using System.Text.Json.Serialization;

namespace InferenceWall.Application.Calibrate;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(CalibrateResponse))]
internal sealed partial class CalibrateJsonContext : JsonSerializerContext;
