using System.Text.Json.Serialization;

namespace InferenceWall.Application.Simulate;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(SimulateResponse))]
[JsonSerializable(typeof(SimulatedDay))]
[JsonSerializable(typeof(MmcQueueRun))]
internal sealed partial class SimulateJsonContext : JsonSerializerContext;
