using System.Text.Json.Serialization;
using InferenceWall.Application.CapacitySearch;
using InferenceWall.Application.Case;
using InferenceWall.Application.Economics;
using InferenceWall.Application.Estimate;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Application.Optimize;
using InferenceWall.Application.Sensitivity;
using InferenceWall.Application.Simulate;
using InferenceWall.Application.Sweep;

namespace InferenceWall.Application.Runs;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(EstimateRequest))]
[JsonSerializable(typeof(CaseRequest))]
[JsonSerializable(typeof(EconomicsRequest))]
[JsonSerializable(typeof(SimulateRequest))]
[JsonSerializable(typeof(SweepRequest))]
[JsonSerializable(typeof(SensitivityRequest))]
[JsonSerializable(typeof(MonteCarloRequest))]
[JsonSerializable(typeof(OptimizeRequest))]
[JsonSerializable(typeof(CapacitySearchRequest))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(RunKind))]
[JsonSerializable(typeof(RunStatus))]
[JsonSerializable(typeof(List<FrozenCatalogFile>))]
[JsonSerializable(typeof(RunProvenance))]
[JsonSerializable(typeof(RunDiffResponse))]
internal sealed partial class RunsJsonContext : JsonSerializerContext;
