using System.Text.Json.Serialization;

namespace InferenceWall.Application.Diff;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(DiffResponse))]
internal sealed partial class DiffJsonContext : JsonSerializerContext;
