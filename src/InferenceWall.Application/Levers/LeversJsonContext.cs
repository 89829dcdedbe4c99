using System.Text.Json.Serialization;

namespace InferenceWall.Application.Levers;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(LeversResponse))]
internal sealed partial class LeversJsonContext : JsonSerializerContext;
