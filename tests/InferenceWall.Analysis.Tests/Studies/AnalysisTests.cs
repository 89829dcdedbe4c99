using InferenceWall.Analysis.Studies;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Tests.Studies;

public class AnalysisTests
{
    private static readonly VideoCatalog Catalog = EmbeddedData.Catalog();
    private static readonly CostCalibration Calibration = CostCalibration.Shipped();

    private static Scenario Load(string file) => ShippedScenarios.Load(file);

    [Fact]
    public void ScenarioFields_SetThenGet_RoundTrips()
    {
        var s = Load("startup-720p-h100.yaml");
        foreach (var path in Sensitivity.Fields(s).Where(p => p != "efficiency"))
        {
            var (changed, problem) = ScenarioFields.Set(s, path, 7);
            Assert.Null(problem);
            Assert.Equal(7, ScenarioFields.Get(changed!, path));
        }
    }

    [Fact]
    public void ScenarioFields_UnknownPath_SuggestsNearest()
    {
        var problem = ScenarioFields.FieldProblem(Load("startup-720p-h100.yaml"), "product.utilisation")!;
        Assert.Equal(ProblemKind.NotFound, problem.Kind);
        Assert.Contains("did you mean 'product.utilization'", problem.Fix, StringComparison.Ordinal);
        Assert.Contains("index must be between 0 and 2", ScenarioFields.FieldProblem(Load("startup-720p-h100.yaml"), "users[3].users")!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_Grid_LastAxisFastest_AndMatchesDirectEvaluation()
    {
        var s = Load("startup-720p-h100.yaml");
        var axes = new[]
        {
            new SweepAxis("product.utilization", [new FieldValue("product.utilization", 0.5), new FieldValue("product.utilization", 0.9)]),
            new SweepAxis("product.clip_mix[0].steps", [new FieldValue("product.clip_mix[0].steps", 20), new FieldValue("product.clip_mix[0].steps", 40), new FieldValue("product.clip_mix[0].steps", 50)]),
        };
        var points = Sweep.Run(s, axes, Catalog, Calibration);
        Assert.Equal(6, points.Length);
        Assert.Equal(0.5, points[2].Values[0].Number);
        Assert.Equal(50, points[2].Values[1].Number);
        Assert.Equal(0.9, points[3].Values[0].Number);
        // The base scenario has utilization 0.6 and 50 steps; a point with those values equals a direct evaluation.
        var direct = PointMetrics.Evaluate(ScenarioFields.Set(s, "product.utilization", 0.9).Scenario!, 1, Catalog, Calibration).Metrics!;
        Assert.Equal(direct.CostPerClipUsd, points[5].Metrics!.CostPerClipUsd);
        Assert.True(points[0].Metrics!.CostPerClipUsd < points[2].Metrics!.CostPerClipUsd, "fewer steps cost less");
    }

    [Fact]
    public void Sweep_TextAxis_ReportsVariantsWithoutAnswer()
    {
        var s = Load("startup-720p-h100.yaml");
        var points = Sweep.Run(s, [new SweepAxis("product.gpu", [new FieldValue("product.gpu", null, "H100-SXM"), new FieldValue("product.gpu", null, "RTX-4090")])], Catalog, Calibration);
        Assert.NotNull(points[0].Metrics);
        Assert.Null(points[1].Metrics);
        Assert.Contains(points[1].Problems, p => p.Kind == ProblemKind.Infeasible && p.Path == "product.clip_mix[0]");
    }

    [Fact]
    public void Sensitivity_UtilizationUp_LowersCost_AndBarsAreSortedBySwing()
    {
        var s = Load("startup-720p-h100.yaml");
        var (r, problems) = Sensitivity.Run(s, Sensitivity.Fields(s), 0.2, Catalog, Calibration);
        Assert.Empty(problems);
        var util = r!.Bars.Single(b => b.Path == "product.utilization");
        Assert.True(util.CostHighUsd < r.Base.CostPerClipUsd && util.CostLowUsd > r.Base.CostPerClipUsd);
        // Compute cost per clip ∝ 1/utilization: at 0.72 it is 0.6/0.72 of the base compute.
        var e = UnitEconomics.Evaluate(s, Catalog, Calibration).Result!;
        Assert.Equal((e.ComputeCostPerClipUsd * 0.6 / 0.72) + e.OtherCostPerClipUsd, util.CostHighUsd, 1e-9);
        Assert.Equal(r.Bars.Select(b => b.CostSwingUsd).OrderByDescending(x => x), r.Bars.Select(b => b.CostSwingUsd));
    }

    [Theory]
    [InlineData("uniform(1,2)", DistributionKind.Uniform)]
    [InlineData("normal(2, 0.5)", DistributionKind.Normal)]
    [InlineData("lognormal(1,0.2)", DistributionKind.LogNormal)]
    [InlineData("triangular(1,2,4)", DistributionKind.Triangular)]
    public void Distribution_Parses(string text, DistributionKind kind)
    {
        Assert.Equal(kind, Distribution.Parse(text).Distribution!.Kind);
    }

    [Theory]
    [InlineData("uniform(2,1)")]
    [InlineData("gamma(1,2)")]
    [InlineData("normal(a,1)")]
    public void Distribution_Invalid_Explains(string text)
    {
        Assert.Equal(ProblemKind.BadInput, Distribution.Parse(text).Problem!.Kind);
    }

    [Fact]
    public void MonteCarlo_SameSeed_SerialEqualsParallel_DifferentSeedDiffers()
    {
        var s = Load("startup-720p-h100.yaml");
        UncertainInput[] inputs =
        [
            new("efficiency", Distribution.Parse("lognormal(1,0.3)").Distribution!),
            new("capacity.usd_per_gpu_hour.on_demand", Distribution.Parse("uniform(2,5)").Distribution!),
        ];
        var serial = MonteCarlo.Run(s, inputs, 4_000, 42, Catalog, Calibration, parallelism: 1);
        var parallel = MonteCarlo.Run(s, inputs, 4_000, 42, Catalog, Calibration, parallelism: 4);
        var other = MonteCarlo.Run(s, inputs, 4_000, 43, Catalog, Calibration, parallelism: 4);
        Assert.Equal(serial.CostPerClipUsd.ToArray(), parallel.CostPerClipUsd.ToArray());
        Assert.Equal(serial.CostPerClip, parallel.CostPerClip);
        Assert.NotEqual(serial.CostPerClip!.P50, other.CostPerClip!.P50);
        Assert.True(serial.CostPerClip.P10 < serial.CostPerClip.P50 && serial.CostPerClip.P50 < serial.CostPerClip.P90);
    }

    [Fact]
    public void MonteCarlo_SimulatedDays_SerialEqualsParallelAndDiffersFromTheFormula()
    {
        var s = Load("startup-720p-h100.yaml");
        UncertainInput[] inputs = [new("efficiency", Distribution.Parse("lognormal(1,0.2)").Distribution!)];

        var serial = MonteCarlo.Run(s, inputs, 40, 7, Catalog, Calibration, parallelism: 1, simulate: true);
        var parallel = MonteCarlo.Run(s, inputs, 40, 7, Catalog, Calibration, parallelism: 3, simulate: true);
        var analytic = MonteCarlo.Run(s, inputs, 40, 7, Catalog, Calibration, parallelism: 3);

        Assert.Equal(serial.CostPerClipUsd.ToArray(), parallel.CostPerClipUsd.ToArray());
        Assert.Equal(40, serial.Outcomes.Count(o => o == DrawOutcome.Ok));
        // The startup scenario assumes 60% utilization; its simulated fleet keeps busier, so each sample's realized
        // cost per clip is below the formula's for the same draw.
        Assert.All(Enumerable.Range(0, 40), i => Assert.True(serial.CostPerClipUsd[i] < analytic.CostPerClipUsd[i], $"sample {i}"));
    }

    [Fact]
    public void MonteCarlo_UniformPrice_MeanMatchesTheMidpoint()
    {
        // Cost per clip is linear in the price: the mean over uniform(2, 5) equals the cost at 3.5 within sampling error.
        var s = Load("startup-720p-h100.yaml");
        var r = MonteCarlo.Run(s, [new("capacity.usd_per_gpu_hour.on_demand", Distribution.Parse("uniform(2,5)").Distribution!)], 20_000, 7, Catalog, Calibration, 2);
        var atMid = PointMetrics.Evaluate(ScenarioFields.Set(s, "capacity.usd_per_gpu_hour.on_demand", 3.5).Scenario!, 1, Catalog, Calibration).Metrics!.CostPerClipUsd;
        Assert.Equal(atMid, r.CostPerClip!.Mean, atMid * 0.01);
    }

    [Fact]
    public void Optimizer_WholeCatalog_PicksTheCheapestFeasibleAndExplainsLosers()
    {
        var s = Load("startup-720p-h100.yaml");
        var r = Optimizer.Run(s, 600, [50, 30, 20], Optimizer.DefaultGpuCounts, Catalog, Calibration, parallelism: 2);
        Assert.NotNull(r.Best);
        Assert.True(r.Best.LatencySeconds <= 600);
        Assert.All(r.RunnersUp, o => Assert.True(o.CostPerClipUsd >= r.Best.CostPerClipUsd));
        Assert.Equal(Catalog.Gpus.Length * Catalog.ProviderIds.Count() * 3 * 7 * 3, r.Evaluated);
        Assert.Contains(r.BestPerGpu(), o => o.Reason == LossReason.Memory && o.Option.Gpu == "RTX-4090");
        Assert.Contains(r.LossCounts, kv => kv.Key == LossReason.Slo);
        // Serial and parallel agree.
        var serial = Optimizer.Run(s, 600, [50, 30, 20], Optimizer.DefaultGpuCounts, Catalog, Calibration, parallelism: 1);
        Assert.Equal(serial.Best, r.Best);
    }

    [Fact]
    public void CapacitySearch_MoreReplicas_SustainMore()
    {
        var s = Load("api-reseller.yaml");
        var plan = InferenceWall.Simulation.Workload.ScenarioSimulation.Build(s, Catalog, Calibration).Plan!;
        var small = CapacitySearch.Run(plan.Spec, 5, 300, 99, 1, hours: 3, iterations: 8);
        var large = CapacitySearch.Run(plan.Spec, 20, 300, 99, 1, hours: 3, iterations: 8);
        Assert.True(large.MaxClipsPerHour > 3 * small.MaxClipsPerHour, $"{small.MaxClipsPerHour} vs {large.MaxClipsPerHour}");
        // A fleet cannot sustain more than its service rate: replicas ÷ service seconds × 3,600.
        var service = plan.Spec.Clips[0].ServiceSeconds;
        Assert.True(large.MaxClipsPerHour <= 20 / service * 3600 * 1.01);
    }
}
