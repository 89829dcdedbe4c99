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
/// The lever search (issue 11) on the startup scenario (its simulation section dropped, so no simulated day is in the
/// timing): the depth-first walk that ships against the odometer it replaced, which applied every lever of every set
/// afresh. Both price the same sets; the baseline is the odometer.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LeverSearchBenchmarks
{
    private Scenario _scenario = null!;
    private VideoCatalog _catalog = null!;
    private CostCalibration _calibration = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = RepoFiles.Path("scenarios", "startup-720p-h100.yaml");
        _scenario = ScenarioYaml.Parse(path, File.ReadAllText(path)).Scenario! with { Simulation = null };
        _catalog = EmbeddedData.Catalog();
        _calibration = CostCalibration.Shipped();
    }

    [Benchmark]
    public long DepthFirstSearch() => Levers.Search(_scenario, _catalog.Levers, _catalog, _calibration).Search!.SetsTried;

    /// <summary>The previous enumeration, kept as the baseline: every set, each lever applied from the start.</summary>
    [Benchmark(Baseline = true)]
    public long OdometerSearch()
    {
        var levers = _catalog.Levers;
        var usable = levers.Where(l => Levers.Apply(_scenario, l, [], _catalog).Scenario is not null).ToList();
        var kinds = usable.GroupBy(l => l.Kind).Select(g => g.ToList()).ToList();
        var order = levers.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => ((int)x.l.Kind * levers.Length) + x.i);
        var choice = new int[kinds.Count];
        long tried = 0;
        while (true)
        {
            var set = kinds.Select((g, k) => choice[k] == 0 ? null : g[choice[k] - 1]).OfType<LeverSpec>().OrderBy(l => order[l]).ToList();
            tried++;
            var scenario = _scenario;
            var applied = new List<LeverSpec>();
            foreach (var lever in set)
            {
                if (lever.Kind == LeverKind.Batching)
                {
                    _ = PointMetrics.Evaluate(scenario, 1, _catalog, _calibration);
                }

                var (next, _) = Levers.Apply(scenario, lever, applied, _catalog);
                if (next is null)
                {
                    scenario = null!;
                    break;
                }

                scenario = next;
                applied.Add(lever);
            }

            if (scenario is not null)
            {
                _ = PointMetrics.Evaluate(scenario, 1, _catalog, _calibration);
            }

            var d = 0;
            while (d < kinds.Count && ++choice[d] > kinds[d].Count)
            {
                choice[d] = 0;
                d++;
            }

            if (d == kinds.Count)
            {
                return tried;
            }
        }
    }
}
