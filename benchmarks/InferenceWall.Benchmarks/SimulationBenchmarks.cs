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
        var path = RepoFiles.Path("scenarios", "sora-scale-day.yaml");
        var (scenario, errors) = ScenarioYaml.Parse(path, File.ReadAllText(path));
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }

        _soraDay = ScenarioSimulation.Build(scenario!, EmbeddedData.Catalog(), CostCalibration.Shipped()).Plan!.Spec;
    }

    [Benchmark(Baseline = true)]
    public long Mmc1MRequests() => Simulation.FleetSimulator.Run(_mmc1M, 1).Events;

    [Benchmark]
    public long Mmc10MRequests() => Simulation.FleetSimulator.Run(_mmc10M, 1).Events;

    [Benchmark]
    public long SoraScaleDay() => Simulation.FleetSimulator.Run(_soraDay, 1).Completed;
}
