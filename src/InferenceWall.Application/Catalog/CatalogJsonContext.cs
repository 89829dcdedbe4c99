using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace InferenceWall.Application.Catalog;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(CatalogResponse))]
[JsonSerializable(typeof(ImmutableArray<GpuEntry>))]
[JsonSerializable(typeof(ImmutableArray<PriceEntry>))]
[JsonSerializable(typeof(ImmutableArray<ModelEntry>))]
[JsonSerializable(typeof(ImmutableArray<ApiEntry>))]
[JsonSerializable(typeof(ImmutableArray<HardwareEntry>))]
[JsonSerializable(typeof(ImmutableArray<StackEntry>))]
[JsonSerializable(typeof(ImmutableArray<VaeEntry>))]
[JsonSerializable(typeof(ImmutableArray<LeverEntry>))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
