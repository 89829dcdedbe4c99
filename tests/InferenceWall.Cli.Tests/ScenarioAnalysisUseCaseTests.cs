using System.Collections.Immutable;
using System.Diagnostics;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Application.Optimize;
using InferenceWall.Application.Sensitivity;
using InferenceWall.Application.Sweep;
using InferenceWall.Core.Problems;

namespace InferenceWall.Cli.Tests;

/// <summary>The scenario analyses' use cases (sweep, sensitivity, Monte Carlo, optimize): requests in, responses or typed problems out.</summary>
public class ScenarioAnalysisUseCaseTests
{
    private static ScenarioSource Startup { get; } = Source("startup-720p-h100.yaml");

    private static EngineData Data => EngineData.Shipped;

    private static ScenarioSource Source(string file) => new(file, File.ReadAllText(RepoPaths.Of("scenarios", file)));

    private static SweepAxisRequest Numbers(string field, params double[] values) => new() { Field = field, Numbers = [.. values] };

    [Fact]
    public void Sweep_GridOverflowingALong_IsLimitExceeded()
    {
        // 20 fields × 10 values = 10^20 points, beyond a long: the old product wrapped, the grid check passed and 0 points came back.
        var s = Startup.Load().Value!;
        var fields = Sensitivity.Fields(s).Take(20).ToList();
        Assert.Equal(20, fields.Count);
        var request = new SweepRequest { Scenario = Startup, Axes = [.. fields.Select(f => Numbers(f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))] };
        var outcome = SweepUseCase.Run(request, Data);
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(ProblemKind.LimitExceeded, problem.Kind);
        Assert.Equal("axes", problem.Path);
        Assert.Contains("at most 1,000,000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_RangeWithATinyStep_IsRefusedAtOnce()
    {
        var watch = Stopwatch.StartNew();
        var outcome = SweepUseCase.Run(new SweepRequest { Scenario = Startup, Axes = [new() { Field = "product.utilization", Range = new SweepRange(0, 1, 1e-12) }] }, Data);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
        Assert.Equal(ProblemKind.LimitExceeded, Assert.Single(outcome.Problems).Kind);
        Assert.Equal("axes[0].range", outcome.Problems[0].Path);
    }

    [Fact]
    public void Sweep_NonWholeStepCount_IsRefusedUpfrontAtItsValue()
    {
        var outcome = SweepUseCase.Run(new SweepRequest { Scenario = Startup, Axes = [Numbers("product.clip_mix[0].steps", 20, 30.5)] }, Data);
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal("axes[0].numbers[1]", problem.Path);
        Assert.Equal(ProblemKind.BadInput, problem.Kind);
    }

    [Fact]
    public void Sweep_PointsThatBreakARule_KeepTheirProblems_AndAllBrokenIsRefused()
    {
        var some = SweepUseCase.Run(new SweepRequest { Scenario = Startup, Axes = [Numbers("energy.pue", 0.5, 1.2)] }, Data).Value!;
        Assert.Equal(1, some.PointsWithoutFigures);
        Assert.Null(some.Points[0].CostPerClipUsd);
        Assert.Equal("energy.pue", Assert.Single(some.Points[0].Problems).Path);
        Assert.NotNull(some.Points[1].CostPerClipUsd);

        var none = SweepUseCase.Run(new SweepRequest { Scenario = Startup, Axes = [Numbers("product.utilization", -1, 0, 2)] }, Data);
        Assert.False(none.IsOk);
        Assert.Equal(3, none.Problems.Length);
        Assert.All(none.Problems, p => Assert.Equal(("product.utilization", ProblemKind.BadInput), (p.Path, p.Kind)));
    }

    [Fact]
    public void Sweep_EveryPointDoesNotFit_IsInfeasible()
    {
        var outcome = SweepUseCase.Run(new SweepRequest { Scenario = Startup, Axes = [new() { Field = "product.gpu", Texts = ["RTX-4090"] }, Numbers("capacity.usd_per_gpu_hour.on_demand", 2)] }, Data);
        Assert.True(outcome.IsInfeasible, string.Join("\n", outcome.Problems));
    }

    [Fact]
    public void Sweep_BrokenScenarioAndBadAxis_ReportsBoth()
    {
        var broken = new ScenarioSource("broken.yaml", Startup.Yaml.Replace("utilization: 0.6", "utilization: 1.6", StringComparison.Ordinal));
        var outcome = SweepUseCase.Run(new SweepRequest { Scenario = broken, Axes = [Numbers("product.clip_mix[0].steps", 2.5)], Threads = 0 }, Data);
        Assert.Equal(["axes[0].numbers[0]", "product.utilization", "threads"], outcome.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.NotNull(outcome.Problems.Single(p => p.Path == "product.utilization").Location);
    }

    [Fact]
    public void Sweep_MoreThanTheCallersMaximum_IsLimitExceededAtMaxPoints()
    {
        var outcome = SweepUseCase.Run(new SweepRequest { Scenario = Startup, Axes = [new() { Field = "product.utilization", Range = new SweepRange(0.01, 1, 0.01) }], MaxPoints = 50 }, Data);
        Assert.Equal(("max_points", ProblemKind.LimitExceeded), (outcome.Problems[0].Path, outcome.Problems[0].Kind));
    }

    [Fact]
    public void Sweep_AnyThreadCount_GivesTheSameJson()
    {
        SweepRequest Request(int threads) => new()
        {
            Scenario = Startup,
            Axes = [Numbers("product.utilization", 0.3, 0.6, 0.9), new() { Field = "product.gpu", Texts = ["H100-SXM", "A100-SXM-80GB", "RTX-4090"] }],
            Threads = threads,
        };
        var one = ContractJson.Serialize(SweepUseCase.Run(Request(1), Data).Value!);
        var four = ContractJson.Serialize(SweepUseCase.Run(Request(4), Data).Value!);
        Assert.Equal(one, four);
        Assert.DoesNotContain("NaN", one, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(5000)]
    public void AnyAnalysis_BadThreadCount_IsRefused(int threads)
    {
        var outcome = SensitivityUseCase.Run(new SensitivityRequest { Scenario = Startup, Threads = threads }, Data);
        Assert.Equal("threads", Assert.Single(outcome.Problems).Path);
    }

    [Fact]
    public void Sensitivity_CollectsEveryProblemAtItsRequestPath()
    {
        var outcome = SensitivityUseCase.Run(new SensitivityRequest { Scenario = Startup, Fields = ["product.utilisation", "product.gpu", "efficiency"], Delta = 1.5 }, Data);
        Assert.Equal(["delta", "fields[0]", "fields[1]"], outcome.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MonteCarlo_EveryDrawBreaksARule_IsRefusedWithTheRuleAndAFix()
    {
        var request = new MonteCarloRequest
        {
            Scenario = Startup,
            Inputs = [new UncertainInputRequest { Field = "energy.pue", Distribution = DistributionKind.Uniform, Parameters = [0.5, 0.9] }],
            Samples = 300,
        };
        var problem = Assert.Single(MonteCarloUseCase.Run(request, Data).Problems);
        Assert.Equal(("energy.pue", ProblemKind.BadInput), (problem.Path, problem.Kind));
        Assert.Contains("300 of 300 draws", problem.Message, StringComparison.Ordinal);
        Assert.Contains("lognormal", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void MonteCarlo_SomeDrawsBreakARule_AreCountedAndNoted()
    {
        var request = new MonteCarloRequest
        {
            Scenario = Startup,
            Inputs = [new UncertainInputRequest { Field = "product.utilization", Distribution = DistributionKind.Uniform, Parameters = [0.5, 1.5] }],
            Samples = 1_000,
        };
        var r = MonteCarloUseCase.Run(request, Data).Value!;
        Assert.InRange(r.Rejected, 400, 600);
        Assert.Equal(r.Rejected, Assert.Single(r.Rejections).Draws);
        Assert.Contains(r.Notes, n => n.Contains("not computed", StringComparison.Ordinal));
        Assert.Equal(r.Rejected, Enumerable.Range(0, r.Draws.Count).Count(i => r.Draws[i].Outcome == DrawOutcome.Rejected && r.Draws[i].CostPerClipUsd is null));
    }

    [Theory]
    [InlineData(0, "samples", ProblemKind.BadInput)]
    [InlineData(20_000_000, "samples", ProblemKind.LimitExceeded)]
    public void MonteCarlo_SamplesOutOfRange_AreRefused(int samples, string path, ProblemKind kind)
    {
        var request = new MonteCarloRequest { Scenario = Startup, Inputs = [new UncertainInputRequest { Field = "efficiency", Distribution = DistributionKind.LogNormal, Parameters = [1, 0.2] }], Samples = samples };
        Assert.Equal((path, kind), (Assert.Single(MonteCarloUseCase.Run(request, Data).Problems).Path, MonteCarloUseCase.Run(request, Data).Problems[0].Kind));
    }

    [Fact]
    public void Optimize_NoOptionMeetsTheSlo_IsInfeasible()
    {
        var outcome = OptimizeUseCase.Run(new OptimizeRequest { Scenario = Startup, SloS = 1 }, Data);
        Assert.True(outcome.IsInfeasible);
        Assert.Equal("slo_s", Assert.Single(outcome.Problems).Path);
    }

    [Fact]
    public void Optimize_EmptyOrHugeStepCounts_AreRefusedWithTheScenarioRulesLimit()
    {
        var empty = OptimizeUseCase.Run(new OptimizeRequest { Scenario = Startup, SloS = 900, Steps = ImmutableArray<long>.Empty }, Data);
        Assert.Equal(("steps", ProblemKind.BadInput), (Assert.Single(empty.Problems).Path, empty.Problems[0].Kind));

        var huge = OptimizeUseCase.Run(new OptimizeRequest { Scenario = Startup, SloS = 900, Steps = [50, 1_000_000_000, 3_000_000_000] }, Data);
        Assert.Equal(["steps[1]", "steps[2]"], huge.Problems.Select(p => p.Path));
        Assert.All(huge.Problems, p => Assert.Equal(ProblemKind.LimitExceeded, p.Kind));
        Assert.Contains("10,000", huge.Problems[0].Fix, StringComparison.Ordinal);

        var gpus = OptimizeUseCase.Run(new OptimizeRequest { Scenario = Startup, SloS = 900, GpuCounts = [0, 4096] }, Data);
        Assert.Equal(["gpu_counts[0]", "gpu_counts[1]"], gpus.Problems.Select(p => p.Path).Distinct());
    }

    [Fact]
    public void Optimize_Response_KeepsTheShapeAndAddsTheQuoteAndCaveats()
    {
        var r = OptimizeUseCase.Run(new OptimizeRequest { Scenario = Startup, SloS = 900, GpuCounts = [2, 4] }, Data).Value!;
        var json = ContractJson.Serialize(r);
        foreach (var key in new[] { "\"evaluated\"", "\"slo_s\"", "\"best\"", "\"runners_up\"", "\"why_others_lost\"", "\"loss_counts\"", "\"caveats\"", "\"as_of\"", "\"dated\"", "\"capacity\": \"spot\"" })
        {
            Assert.Contains(key, json, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\"lost\"", json, StringComparison.Ordinal);
        Assert.NotEmpty(r.Lost);
    }
}
