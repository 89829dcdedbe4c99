using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using InferenceWall.Core;
using InferenceWall.Core.Cost;
using InferenceWall.Scenarios;
using InferenceWall.Simulation;
using InferenceWall.Simulation.Workload;

namespace InferenceWall.Benchmarks;

/// <summary>
/// The simulator's speed bars (issue 4): the M/M/c model at 10M requests (≥ 5M requests/s on one core, no allocation
/// per event) and a Sora-scale day (11.25M clips, tens of thousands of replicas, diurnal demand, autoscaling; under
/// 10 s). The baseline is the same M/M/c loop at 1M requests, so the ratio shows the cost scales with requests.
/// Requests per second = requests ÷ the mean time reported.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class SimulationBenchmarks
{
    private SimulationSpec _mmc1M = null!;
    private SimulationSpec _mmc10M = null!;
    private SimulationSpec _soraDay = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mmc1M = SimulationSpec.Mmc(64, 0.9, 1_000_000);
        _mmc10M = SimulationSpec.Mmc(64, 0.9, 10_000_000);
        _soraDay = SoraDaySpec();
    }

    [Benchmark(Baseline = true)]
    public long Mmc1MRequests() => Simulation.FleetSimulator.Run(_mmc1M, 1).Events;

    [Benchmark]
    public long Mmc10MRequests() => Simulation.FleetSimulator.Run(_mmc10M, 1).Events;

    [Benchmark]
    public long SoraScaleDay() => Simulation.FleetSimulator.Run(_soraDay, 1).Completed;

    internal static SimulationSpec SoraDaySpec()
    {
        var path = RepoFiles.Path("scenarios", "sora-scale-day.yaml");
        var (scenario, errors) = ScenarioYaml.Parse(path, File.ReadAllText(path));
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }

        return ScenarioSimulation.Build(scenario!, EmbeddedData.Catalog(), CostCalibration.Shipped()).Plan!.Spec;
    }
}

/// <summary>
/// Issue 13: the Sora-scale day (`scenarios/sora-scale-day.yaml`: 11.25M clips, about 40,000 replicas busy at the peak,
/// 22.7M events) on today's engine against the engine before the issue 13 work (<see cref="Frozen"/>, commit df491b8),
/// in the same run. Both give the same result; the bar is a ratio ≤ 0.5.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SoraDayBenchmarks
{
    private SimulationSpec _soraDay = null!;

    [GlobalSetup]
    public void Setup() => _soraDay = SimulationBenchmarks.SoraDaySpec();

    [Benchmark(Baseline = true)]
    public long FrozenEngine() => new Frozen.Engine(_soraDay, 1).Run().Completed;

    [Benchmark]
    public long Engine() => Simulation.FleetSimulator.Run(_soraDay, 1).Completed;
}
