using System.Text.Json;
using InferenceWall.Application;
using InferenceWall.Application.Case;
using InferenceWall.Application.Diff;
using InferenceWall.Application.Report;
using InferenceWall.Core.Problems;
using InferenceWall.Reporting.Report;

namespace InferenceWall.Cli.Tests;

/// <summary>The case, diff and report use cases and their commands.</summary>
public class CaseDiffReportUseCaseTests
{
    private static ScenarioSource Shipped(string file) => new(file, File.ReadAllText(RepoPaths.Of("scenarios", file)));

    [Fact]
    public void CaseUseCase_Defaults_ReproduceTheArticleWithTopLevelKeys()
    {
        var outcome = CaseUseCase.Run(new CaseRequest(), EngineData.Shipped);
        Assert.True(outcome.IsOk);
        Assert.Equal(1.30, outcome.Value!["cost_per_clip_usd"]);
        Assert.Equal(outcome.Value.Figures.Length, outcome.Value.Values.Count);
        var (code, output, _) = CliRunner.Run("case", "sora", "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(5.475e9, doc.RootElement.GetProperty("annual_compute_cost_usd").GetDouble(), 3);
        Assert.All(EconomicsUseCaseTests.Keys(doc.RootElement), k => Assert.Matches(EconomicsUseCaseTests.SnakeCase(), k));
    }

    [Fact]
    public void Case_Levers_CarryTheirOpenModelFactorToTheEstimate()
    {
        var r = CaseUseCase.Run(new CaseRequest(), EngineData.Shipped).Value!;

        var levers = r.Levers!;
        Assert.Contains("wan2.1-t2v-14b", levers.Basis, StringComparison.Ordinal);
        Assert.Equal(2, levers.Sets.Length);
        foreach (var set in levers.Sets)
        {
            Assert.NotEmpty(set.Levers);
            Assert.InRange(set.Factor, 0, 1);
            Assert.Equal(r["cost_per_clip_usd"] * set.Factor, set.SoraCostPerClipUsd, 12);
            Assert.Equal(set.SoraCostPerClipUsd <= r["api_price_per_clip_usd"], set.CrossesApiPrice);
            Assert.Equal(Math.Max(1, set.SoraCostPerClipUsd / r["app_revenue_per_clip_usd"]), set.GainStillNeededForAppRevenue, 9);
        }

        // The second set takes only levers whose quality cost is published, so it can be no cheaper than the first.
        Assert.Equal(0, levers.Sets[1].UnpublishedQuality);
        Assert.True(levers.Sets[1].Factor >= levers.Sets[0].Factor);
    }

    [Fact]
    public void Case_OpenModelRefusals_NameNoCliOption()
    {
        var r = CaseUseCase.Run(new CaseRequest(), EngineData.Shipped).Value!;
        var refusals = r.OpenModels.Where(o => o.Refusal is not null).ToList();
        Assert.NotEmpty(refusals);
        Assert.All(refusals, o => Assert.DoesNotContain("--", o.Refusal, StringComparison.Ordinal));
    }

    [Fact]
    public void Case_BadRequest_AllProblemsWordedAsTheOptions()
    {
        var outcome = CaseUseCase.Run(new CaseRequest { OpenModelGpu = "H100-SMX", OpenModelGpus = 0, OpenModelProvider = "lamda" }, EngineData.Shipped);
        Assert.Equal(["open_model_gpu", "open_model_gpus", "open_model_provider"], outcome.Problems.Select(p => p.Path));
        var (code, _, error) = CliRunner.Run("case", "sora", "--open-model-gpu", "H100-SMX", "--open-model-gpus", "0", "--provider", "lamda");
        Assert.Equal(2, code);
        Assert.Contains("error: --open-model-gpu: unknown GPU 'H100-SMX'", error, StringComparison.Ordinal);
        Assert.Contains("error: --open-model-gpus: 0 is out of range", error, StringComparison.Ordinal);
        Assert.Contains("error: --provider: unknown provider 'lamda'; did you mean 'lambda'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_OpenModelGpusPastTheLimit_LimitExceeded()
    {
        var outcome = CaseUseCase.Run(new CaseRequest { OpenModelGpus = 1_000_000 }, EngineData.Shipped);
        Assert.Equal(ProblemKind.LimitExceeded, Assert.Single(outcome.Problems).Kind);
        Assert.Contains("1,024", outcome.Problems[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffUseCase_NoRevenue_EffectSaysWhyInsteadOfInfinity()
    {
        var outcome = DiffUseCase.Run(new DiffRequest { A = Shipped("startup-720p-h100.yaml"), B = Shipped("sora-scale-day.yaml") }, EngineData.Shipped);
        Assert.True(outcome.IsOk, string.Join("; ", outcome.Problems));
        var e = outcome.Value!.Effects.EfficiencyGainNeeded;
        Assert.NotNull(e.A);
        Assert.Null(e.B);
        Assert.Null(e.Change);
        Assert.StartsWith("b: there is no revenue", e.NoValueReason, StringComparison.Ordinal);
        Assert.Contains(outcome.Value.Changes, c => c.Field == "product.model");
        var cost = outcome.Value.Effects.CostPerClipUsd;
        Assert.Equal((cost.B!.Value - cost.A!.Value) / cost.A.Value, cost.RelativeChange!.Value, 12);
    }

    [Fact]
    public void Diff_BothScenariosBroken_EveryProblemNamesItsFile()
    {
        var outcome = DiffUseCase.Run(new DiffRequest
        {
            A = new ScenarioSource("a.yaml", Shipped("api-reseller.yaml").Yaml.Replace("model: wan2.1-t2v-1.3b", "model: nope", StringComparison.Ordinal)),
            B = new ScenarioSource("b.yaml", Shipped("api-reseller.yaml").Yaml.Replace("gpu: H100-SXM", "gpu: nope", StringComparison.Ordinal)),
        }, EngineData.Shipped);
        Assert.False(outcome.IsOk);
        Assert.Contains(outcome.Problems, p => p.Location!.Source == "a.yaml" && p.Path == "product.model");
        Assert.Contains(outcome.Problems, p => p.Location!.Source == "b.yaml" && p.Path == "product.gpu");
    }

    [Fact]
    public void Diff_Json_SameShapeWithRelativeChange()
    {
        var (code, output, error) = CliRunner.Run("diff", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"), RepoPaths.Of("scenarios", "enterprise-vfx.yaml"), "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var cost = doc.RootElement.GetProperty("effects").GetProperty("cost_per_clip_usd");
        Assert.Equal(2.6271289114878575, cost.GetProperty("a").GetDouble(), 12);
        Assert.Equal(5.3797150762924035, cost.GetProperty("b").GetDouble(), 12);
        Assert.True(cost.GetProperty("relative_change").GetDouble() > 0);
        Assert.All(EconomicsUseCaseTests.Keys(doc.RootElement), k => Assert.Matches(EconomicsUseCaseTests.SnakeCase(), k));
        var (_, table, _) = CliRunner.Run("diff", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"), RepoPaths.Of("scenarios", "enterprise-vfx.yaml"));
        Assert.Contains("+2.753 (+104.8%)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportUseCase_Startup_HasEverySectionAndNoNonFiniteNumber()
    {
        var outcome = ReportUseCase.Run(new ReportRequest { Scenario = Shipped("startup-720p-h100.yaml") }, EngineData.Shipped);
        Assert.True(outcome.IsOk, string.Join("; ", outcome.Problems));
        var r = outcome.Value!;
        Assert.NotNull(r.Sensitivity);
        Assert.NotEmpty(r.Sensitivity.Bars);
        Assert.NotNull(r.SimulatedDay);
        Assert.Equal("on_demand", Assert.Single(r.SimulatedDay.Capacity).Capacity);
        var json = Application.Json.ContractJson.Serialize(r);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        var html = HtmlReport.Build(r);
        Assert.Contains("share of costs", html, StringComparison.Ordinal);
        Assert.Contains("Not comparable with this scenario", html, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportUseCase_NoSimulationSection_SaysSoAndKeepsTheRest()
    {
        var r = ReportUseCase.Run(new ReportRequest { Scenario = Shipped("enterprise-vfx.yaml") }, EngineData.Shipped).Value!;
        Assert.Null(r.SimulatedDay);
        Assert.Equal("the scenario has no simulation section", r.SimulatedDayReason);
        Assert.Equal("revenue", r.Economics.ValueChain.SharesOf);
        Assert.Contains("the app&#39;s margin", HtmlReport.Build(r), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_BadScenario_Exit2WithoutWritingAFile()
    {
        var html = Path.Combine(Path.GetTempPath(), $"iwall-report-{Guid.NewGuid():N}.html");
        var (code, _, error) = CliRunner.Run("report", "no-such-scenario.yaml", "-o", html);
        Assert.Equal(2, code);
        Assert.Contains("error: scenario: 'no-such-scenario.yaml' does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(html));
    }
}
