using System.Text.Json.Serialization;

namespace InferenceWall.Application.Report;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ReportResponse))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
