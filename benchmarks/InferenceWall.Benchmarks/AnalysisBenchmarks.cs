using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using InferenceWall.Analysis.Studies;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Scenarios;

namespace InferenceWall.Benchmarks;

/// <summary>
/// Issue 5's bars: the optimizer over the whole catalog (every GPU × provider × capacity class × plan × 3 step counts)
/// under 30 s, and 100k analytic Monte Carlo samples under 5 s, both on the machine's cores. Baseline: one evaluation
/// of the scenario, so the ratios read as "this many evaluations' worth".
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class AnalysisBenchmarks
{
    private Scenario _scenario = null!;
    private VideoCatalog _catalog = null!;
    private CostCalibration _calibration = null!;
    private UncertainInput[] _inputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = RepoFiles.Path("scenarios", "startup-720p-h100.yaml");
        _scenario = ScenarioYaml.Parse(path, File.ReadAllText(path)).Scenario!;
        _catalog = EmbeddedData.Catalog();
        _calibration = CostCalibration.Shipped();
        _inputs =
        [
            new("efficiency", Distribution.Parse("lognormal(1,0.3)").Distribution!),
            new("capacity.usd_per_gpu_hour.on_demand", Distribution.Parse("uniform(2,5)").Distribution!),
            new("users[1].users", Distribution.Parse("normal(2500,500)").Distribution!),
        ];
    }

    [Benchmark(Baseline = true)]
    public double OneEvaluation() => PointMetrics.Evaluate(_scenario, 1, _catalog, _calibration).Metrics!.CostPerClipUsd;

    [Benchmark]
    public int OptimizeWholeCatalog() => Optimizer.Run(_scenario, 600, [50, 30, 20], Optimizer.DefaultGpuCounts, _catalog, _calibration, Environment.ProcessorCount).Evaluated;

    [Benchmark]
    public double MonteCarlo100k() => MonteCarlo.Run(_scenario, _inputs, 100_000, 1, _catalog, _calibration, Environment.ProcessorCount).CostPerClip!.P50;
}
