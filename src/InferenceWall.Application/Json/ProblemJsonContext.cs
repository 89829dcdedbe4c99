using System.Collections.Immutable;
using System.Text.Json.Serialization;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Json;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(ImmutableArray<Problem>))]
internal sealed partial class ProblemJsonContext : JsonSerializerContext;
