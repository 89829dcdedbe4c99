using System.Diagnostics;
using InferenceWall.Analysis.Studies;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;
using InferenceWall.Scenarios;

namespace InferenceWall.Analysis.Tests.Studies;

/// <summary>Regression tests for the scenario analyses' defects of issue 8: each failed before its fix.</summary>
public class AnalysisDefectTests
{
    private static readonly VideoCatalog Catalog = EmbeddedData.Catalog();
    private static readonly CostCalibration Calibration = CostCalibration.Shipped();

    private static Scenario Startup()
    {
        var path = RepoPaths.Of("scenarios", "startup-720p-h100.yaml");
        var (s, errors) = ScenarioYaml.Parse(path, File.ReadAllText(path));
        Assert.Empty(errors);
        return s!;
    }

    [Fact]
    public void Sweep_GridOf2To64Points_IsRefusedWithTheLimit()
    {
        // 64 axes of 2 values: the old long product wrapped to 0 and the sweep returned 0 points with exit 0.
        var axes = Enumerable.Range(0, 64).Select(i => new SweepAxis($"f{i}", [new FieldValue($"f{i}", 1), new FieldValue($"f{i}", 2)])).ToList();
        Assert.Equal(Math.Pow(2, 64), Sweep.GridSize(axes.Select(a => a.Values.Length)));
        var problem = Sweep.SizeProblem("axes", axes)!;
        Assert.Equal(ProblemKind.LimitExceeded, problem.Kind);
        Assert.Contains("at most 1,000,000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepAxis_RangeWithTinyStep_IsRefusedBeforeAnyValueIsMade()
    {
        var watch = Stopwatch.StartNew();
        var (axis, problem) = SweepAxis.Range("product.utilization", "axes[0].range", 0, 1, 1e-12);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Null(axis);
        Assert.Equal(ProblemKind.LimitExceeded, problem!.Kind);
        Assert.Equal("axes[0].range", problem.Path);
        Assert.Contains("at most 10,000", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("product.clip_mix[0].steps", 20.5, ProblemKind.BadInput)]
    [InlineData("product.clip_mix[0].steps", 3e9, ProblemKind.LimitExceeded)]
    [InlineData("product.clip_mix[0].width_px", -1e12, ProblemKind.LimitExceeded)]
    [InlineData("horizon_days", 0.5, ProblemKind.BadInput)]
    [InlineData("product.utilization", double.NaN, ProblemKind.BadInput)]
    [InlineData("energy.pue", double.PositiveInfinity, ProblemKind.BadInput)]
    public void ScenarioFields_Set_ValueThatCannotBeTheFieldsType_IsATypedProblem(string path, double value, ProblemKind kind)
    {
        // Before: (int)Math.Round(v) turned 20.5 into 20 and 3e9 into int.MinValue, silently.
        var (changed, problem) = ScenarioFields.Set(Startup(), path, value);
        Assert.Null(changed);
        Assert.Equal(kind, problem!.Kind);
        Assert.Equal(path, problem.Path);
    }

    [Fact]
    public void ScenarioFields_SetText_UnknownPrecision_IsATypedProblemNotAnException()
    {
        var (changed, problem) = ScenarioFields.SetText(Startup(), "product.precision", "fp3");
        Assert.Null(changed);
        Assert.Equal(ProblemKind.BadInput, problem!.Kind);
        Assert.Contains("bf16", problem.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("product.utilization", -0.5)]
    [InlineData("energy.pue", 0.9)]
    [InlineData("capacity.usd_per_gpu_hour.on_demand", -2)]
    [InlineData("product.clip_mix[0].steps", -5)]
    [InlineData("product.clip_mix[0].steps", 0)]
    [InlineData("users[0].users", -100)]
    [InlineData("pricing[2].usd_per_video_second", -1)]
    public void ScenarioFields_Variant_OutOfRange_BreaksTheScenariosOwnRule(string path, double value)
    {
        // Before: --set and --vary skipped every range check and computed (a clip costing -$1.89).
        var variant = ScenarioFields.Variant(Startup(), [new FieldValue(path, value)]);
        Assert.Null(variant.Scenario);
        var problem = Assert.Single(variant.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Equal(ProblemKind.BadInput, problem.Kind);
    }

    [Fact]
    public void Sweep_PointThatBreaksARule_KeepsItsProblem_AndTheOthersAnswer()
    {
        var points = Sweep.Run(Startup(), [new SweepAxis("product.utilization", [new FieldValue("product.utilization", -0.5), new FieldValue("product.utilization", 0.5)])], Catalog, Calibration);
        Assert.Null(points[0].Metrics);
        Assert.Equal("product.utilization", Assert.Single(points[0].Problems).Path);
        Assert.NotNull(points[1].Metrics);
        Assert.True(points[1].Metrics!.CostPerClipUsd > 0);
    }

    [Fact]
    public void MonteCarlo_NormalOnAPrice_DrawsBelowZeroAreRejectedAndCountedNotClipped()
    {
        // Before: normal draws were clipped at 0 (a free GPU-hour) and computed.
        var s = Startup();
        var r = MonteCarlo.Run(s, [new UncertainInput("capacity.usd_per_gpu_hour.on_demand", Distribution.Parse("normal(0.5,1)").Distribution!)], 2_000, 3, Catalog, Calibration, 2);
        Assert.InRange(r.Rejected, 500, 1_000); // P(x <= 0) = 31%
        var rejection = Assert.Single(r.Rejections);
        Assert.Equal("capacity.usd_per_gpu_hour.on_demand", rejection.Path);
        Assert.Equal(r.Rejected, rejection.Draws);
        Assert.All(Enumerable.Range(0, r.Samples).Where(i => r.Outcomes[i] == DrawOutcome.Rejected), i => Assert.True(double.IsNaN(r.CostPerClipUsd[i])));
        var floor = PointMetrics.Evaluate(ScenarioFields.Set(s, "capacity.usd_per_gpu_hour.on_demand", 1e-9).Scenario!, 1, Catalog, Calibration).Metrics!.CostPerClipUsd;
        Assert.True(r.CostPerClip!.P10 > floor, "no computed draw has a price of 0 or less");
    }

    [Fact]
    public void MonteCarlo_MeanOfFiguresNearTheLargestDouble_StaysFinite()
    {
        // Found by the fuzz test: a GPU-hour price of 1e300 gave a daily burn mean of Infinity, which JSON refuses.
        Assert.Equal(double.MaxValue, MonteCarlo.Mean([double.MaxValue, double.MaxValue]));
        Assert.Equal(2.5, MonteCarlo.Mean([2, 3]));
    }

    [Fact]
    public void MonteCarlo_WholeNumberField_DrawsAreRoundedNotRefused()
    {
        var r = MonteCarlo.Run(Startup(), [new UncertainInput("product.clip_mix[0].steps", Distribution.Parse("uniform(20,50)").Distribution!)], 200, 1, Catalog, Calibration);
        Assert.Equal(0, r.Rejected);
        Assert.Equal(0, r.Failed);
    }

    [Fact]
    public void Sensitivity_MoveBeyondARule_IsSkippedWithTheRulesProblem_NotClampedByTheAnalysis()
    {
        var s = ScenarioFields.Set(Startup(), "product.utilization", 0.9).Scenario!;
        var (r, problems) = Sensitivity.Run(s, ["product.utilization"], 0.2, Catalog, Calibration);
        Assert.Empty(problems);
        var skip = Assert.Single(r!.Skipped);
        Assert.Equal(Side.High, skip.Side);
        Assert.Equal(1.08, skip.Value, 12);
        Assert.Equal("product.utilization", Assert.Single(skip.Problems).Path);
        var bar = Assert.Single(r.Bars);
        Assert.Equal(0.9, bar.High);
        Assert.Equal(r.Base.CostPerClipUsd, bar.CostHighUsd);
        Assert.True(bar.CostLowUsd > bar.CostHighUsd);
    }

    [Fact]
    public void Optimizer_CostModelRefusalOtherThanMemory_IsUnsupportedNotNoPrice()
    {
        // Before: any refusal without "does not fit" in its message counted as "noprice".
        var catalog = Catalog with { Gpus = [.. Catalog.Gpus.Select(g => g.Id == "H100-SXM" ? g with { GpuLinkBandwidthBytesPerSecond = null } : g)] };
        var r = Optimizer.Run(Startup(), 900, [50], [2], catalog, Calibration, 2);
        var h100 = r.Lost.Concat(r.RunnersUp).Where(o => o.Option.Gpu == "H100-SXM" && o.Reason != LossReason.NoPrice).ToList();
        Assert.NotEmpty(h100);
        Assert.All(h100, o => Assert.Equal(LossReason.Unsupported, o.Reason));
        Assert.All(h100, o => Assert.Equal(ProblemKind.BadInput, Assert.Single(o.Problems).Kind));
        Assert.Contains(r.LossCounts, kv => kv.Key == LossReason.Unsupported);
    }

    [Fact]
    public void Optimizer_NoOptionMeetsTheSlo_GivesAnInfeasibilityNotACrash()
    {
        // Before: Skip past the end of the (empty) feasible list inside Concat threw ArgumentOutOfRangeException.
        var r = Optimizer.Run(Startup(), 1, [50], [1, 8], Catalog, Calibration, 2);
        Assert.Null(r.Best);
        Assert.Empty(r.RunnersUp);
        var problem = Optimizer.NoOption(r, 1);
        Assert.Equal(ProblemKind.Infeasible, problem.Kind);
        Assert.Equal("slo_s", problem.Path);
        Assert.Contains("fastest", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimizer_BestWithFewerSteps_OnUndatedSpotQuote_SaysSoInItsCaveats()
    {
        var s = Startup();
        var model = Catalog.FindModel(s.Product.Model).Value!;
        var r = Optimizer.Run(s, 900, Optimizer.DefaultSteps(s, model), Optimizer.DefaultGpuCounts, Catalog, Calibration, 2);
        Assert.Equal(new int?[] { 50, 30, 20 }, Optimizer.DefaultSteps(s, model));
        Assert.Equal(50, r.ScenarioSteps);
        Assert.Equal(20, r.Best!.Option.Steps);
        Assert.Equal(CapacityClass.Spot, r.Best.Option.Capacity);
        Assert.Equal(50, r.BestAtScenarioSteps!.Option.Steps);
        Assert.True(r.BestAtScenarioSteps.CostPerClipUsd > r.Best.CostPerClipUsd);
        Assert.False(r.Best.Quote!.Dated);
        Assert.Contains(r.Caveats, c => c.Contains("instead of the scenario's 50", StringComparison.Ordinal) && c.Contains("quality", StringComparison.Ordinal));
        Assert.Contains(r.Caveats, c => c.Contains("undated", StringComparison.Ordinal) && c.Contains(r.Best.Quote.Source, StringComparison.Ordinal));
        Assert.Contains(r.Caveats, c => c.Contains("preemption", StringComparison.Ordinal));
    }

    [Fact]
    public void Optimizer_BestAtTheScenariosSteps_HasNoStepCaveat()
    {
        var r = Optimizer.Run(Startup(), 900, [50], Optimizer.DefaultGpuCounts, Catalog, Calibration, 2);
        Assert.Null(r.BestAtScenarioSteps);
        Assert.DoesNotContain(r.Caveats, c => c.Contains("steps", StringComparison.Ordinal) && c.Contains("quality", StringComparison.Ordinal));
    }

    [Fact]
    public void AnalysisMessages_NameNoCliFlag()
    {
        var s = Startup();
        var problems = new List<Problem?>
        {
            ScenarioFields.FieldProblem(s, "product.utilisation"),
            Distribution.Parse("gamma(1,2)").Problem,
            SweepAxis.Range("x", "axes[0].range", 0, 1, 1e-12).Problem,
        };
        var r = Optimizer.Run(s, 900, [50], [1], Catalog, Calibration, 2);
        var lost = r.BestPerGpu().Select(o => o.Detail).Where(d => d.Contains("no price", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lost);
        Assert.All(problems, p => Assert.DoesNotContain("--", p!.Text, StringComparison.Ordinal));
        Assert.All(lost, d => Assert.DoesNotContain("--", d, StringComparison.Ordinal));
    }
}
