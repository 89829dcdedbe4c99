using System.Text.Json;
using InferenceWall.Application;
using InferenceWall.Application.Sweep;
using InferenceWall.Cli.Commands;

namespace InferenceWall.Cli.Tests;

/// <summary>Regression tests of sweep, sensitivity, montecarlo and optimize at the command line: exit codes, worded flags, limits.</summary>
public class AnalysisCommandDefectTests
{
    private static string Startup => RepoPaths.Of("scenarios", "startup-720p-h100.yaml");

    [Fact]
    public void Optimize_NoOptionMeetsTheSlo_Exits3WithTheClosest()
    {
        // Before: an ArgumentOutOfRangeException stack trace.
        var (code, output, error) = CliRunner.Run("optimize", Startup, "--slo-s", "1");
        Assert.Equal(3, code);
        Assert.Empty(output);
        Assert.StartsWith("infeasible: --slo-s: no option meets the 1 s SLO", error, StringComparison.Ordinal);
        Assert.Contains("fastest", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "--steps: is empty")]
    [InlineData("1000000000", "--steps 1000000000: 1,000,000,000 is out of range; it must be a whole number from 1 to 10,000")]
    [InlineData("50,abc", "--steps: 'abc' is not a whole number")]
    [InlineData("0", "--steps 0: 0 is out of range")]
    public void Optimize_BadSteps_Exit2WithTheLimit(string steps, string expected)
    {
        // Before: '' crashed with a NullReferenceException; 1,000,000,000 overflowed the token count.
        var (code, _, error) = CliRunner.Run("optimize", Startup, "--slo-s", "900", "--steps", steps);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimize_Table_HeadlineSaysStepsQuoteAndPreemption()
    {
        var (code, output, error) = CliRunner.Run("optimize", Startup, "--slo-s", "900", "--gpu-counts", "2,8");
        Assert.True(code == 0, error);
        var headline = string.Join(' ', output.Split('\n').TakeWhile(l => !l.Contains("Best options", StringComparison.Ordinal)).Select(l => l.Trim()));
        Assert.Contains("20 steps", headline, StringComparison.Ordinal);
        Assert.Contains("instead of the scenario's 50", headline, StringComparison.Ordinal);
        Assert.Contains("quality", headline, StringComparison.Ordinal);
        Assert.Contains("undated quote", headline, StringComparison.Ordinal);
        Assert.Contains("skypilot", headline, StringComparison.Ordinal);
        Assert.Contains("preemption", headline, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimize_Json_KeepsTodaysKeys()
    {
        var (code, output, error) = CliRunner.Run("optimize", Startup, "--slo-s", "900", "--gpu-counts", "2", "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var best = doc.RootElement.GetProperty("best");
        foreach (var key in new[] { "gpu", "provider", "capacity", "gpus", "ulysses", "cfg_parallel", "steps", "latency_s", "cost_per_clip_usd", "daily_cost_usd", "fleet_gpus", "reason", "detail" })
        {
            Assert.True(best.TryGetProperty(key, out _), key);
        }

        Assert.Equal("none", best.GetProperty("reason").GetString());
        Assert.True(doc.RootElement.GetProperty("loss_counts").TryGetProperty("noprice", out _));
    }

    [Fact]
    public void Sweep_GridBeyondALong_Exit2WithTheLimit()
    {
        string[] fields = ["efficiency", "product.utilization", "product.clip_mix[0].seconds", "product.clip_mix[0].fps", "users[0].users", "users[1].users", "users[2].users",
            "users[0].clips_per_user_per_day", "users[1].clips_per_user_per_day", "users[2].clips_per_user_per_day", "energy.pue", "energy.electricity_usd_per_kwh",
            "other_costs.storage_usd_per_clip", "other_costs.egress_usd_per_clip", "other_costs.fixed_usd_per_day", "product.clip_mix[1].seconds", "product.clip_mix[1].fps",
            "value_chain.amortization_years", "value_chain.chip_vendor_gross_margin", "product.clip_mix[0].steps"];
        var args = new List<string> { "sweep", Startup, "--format", "csv" };
        foreach (var f in fields)
        {
            args.AddRange(["--set", $"{f}=1,2,3,4,5,6,7,8,9,10"]);
        }

        var (code, output, error) = CliRunner.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("error: --set: the grid has 1E+20 points; a sweep takes at most 1,000,000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_TinyStep_Exit2AtOnce()
    {
        var (code, _, error) = CliRunner.Run("sweep", Startup, "--set", "product.utilization=0:1:1e-12");
        Assert.Equal(2, code);
        Assert.Contains("error: --set product.utilization: 0:1:1E-12 has 1E+12 values; an axis takes at most 10,000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_TableOverTheRowLimit_IsRefusedWithTheCsvFix_AndCsvStreamsEveryPoint()
    {
        // Before: a 1,000,000-point table was rendered in memory (8.7 GB).
        var wide = CliRunner.Run("sweep", Startup, "--set", "product.utilization=0.01:1:0.0001", "--set", "energy.pue=1,1.5");
        Assert.Equal(2, wide.Code);
        Assert.Empty(wide.Out);
        Assert.Contains("error: --format table: the grid has 19,802 points; at most 10,000 are taken here; use --format csv or --format json", wide.Err, StringComparison.Ordinal);

        var csv = CliRunner.Run("sweep", Startup, "--set", "product.utilization=0.01:1:0.0001", "--set", "energy.pue=1,1.5", "--format", "csv");
        Assert.True(csv.Code == 0, csv.Err);
        Assert.Equal(1 + 19_802, csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Sweep_RuleBreakingPoints_AreKeptWithTheirProblem_AllBrokenExit2()
    {
        var (code, output, error) = CliRunner.Run("sweep", Startup, "--set", "product.utilization=-0.5,0.5", "--format", "csv");
        Assert.True(code == 0, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("-0.5,,,,,,,", rows[1], StringComparison.Ordinal);
        Assert.Contains("product.utilization: -0.5 is out of range", rows[1], StringComparison.Ordinal);
        Assert.Contains("1 of 2 points have no figures", error, StringComparison.Ordinal);

        var none = CliRunner.Run("sweep", Startup, "--set", "energy.pue=0.5,0.9");
        Assert.Equal(2, none.Code);
        Assert.Contains("error: energy.pue: 0.5 is out of range", none.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_Json_IsTypedNumbersAndTheContract()
    {
        var (code, output, error) = CliRunner.Run("sweep", Startup, "--set", "product.clip_mix[0].steps=20:50:10", "--set", "product.gpu=H100-SXM,RTX-4090", "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var points = doc.RootElement.GetProperty("points");
        Assert.Equal(8, points.GetArrayLength());
        Assert.Equal(20, points[0].GetProperty("values")[0].GetProperty("number").GetDouble());
        Assert.Equal("H100-SXM", points[0].GetProperty("values")[1].GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Number, points[0].GetProperty("cost_per_clip_usd").ValueKind);
        Assert.Equal(JsonValueKind.Null, points[1].GetProperty("cost_per_clip_usd").ValueKind);
        Assert.Equal("infeasible", points[1].GetProperty("problems").EnumerateArray().Last().GetProperty("kind").GetString());
        // The streamed JSON is the contract's bytes.
        var request = new SweepRequest
        {
            Scenario = new ScenarioSource(Startup, File.ReadAllText(Startup)),
            Axes = [new() { Field = "product.clip_mix[0].steps", Range = new SweepRange(20, 50, 10) }, new() { Field = "product.gpu", Texts = ["H100-SXM", "RTX-4090"] }],
        };
        Assert.Equal(Application.Json.ContractJson.Serialize(SweepUseCase.Run(request, EngineData.Shipped).Value!) + Environment.NewLine, output);
    }

    [Fact]
    public void MonteCarlo_DrawsBelowARulesRange_AreReportedNotComputed()
    {
        var (code, output, error) = CliRunner.Run("montecarlo", Startup, "--vary", "energy.pue=normal(1.1,0.2)", "--samples", "500", "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var rejected = doc.RootElement.GetProperty("rejected").GetInt32();
        Assert.InRange(rejected, 50, 250);
        Assert.Equal("energy.pue", doc.RootElement.GetProperty("rejections")[0].GetProperty("field").GetString());
        Assert.Contains("not computed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MonteCarlo_Csv_NoNaN_OutcomePerRow()
    {
        var (code, output, error) = CliRunner.Run("montecarlo", Startup, "--vary", "product.utilization=uniform(0.5,1.5)", "--samples", "50", "--format", "csv");
        Assert.True(code == 0, error);
        Assert.DoesNotContain("NaN", output, StringComparison.Ordinal);
        Assert.Contains(",,,,rejected", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MonteCarlo_AllDrawsRejected_Exit2NamingTheOption()
    {
        var (code, _, error) = CliRunner.Run("montecarlo", Startup, "--vary", "capacity.usd_per_gpu_hour.on_demand=uniform(-3,-1)", "--samples", "100");
        Assert.Equal(2, code);
        Assert.Contains("error: capacity.usd_per_gpu_hour.on_demand: 100 of 100 draws break this field's rule", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MonteCarlo_ProblemsAreWordedAsTheOption()
    {
        var (code, _, error) = CliRunner.Run("montecarlo", Startup, "--vary", "efficiency=uniform(2,1)", "--vary", "product.gpu=normal(1,1)", "--samples", "0");
        Assert.Equal(2, code);
        Assert.Contains("error: --vary efficiency: uniform(2,1): wrong arguments", error, StringComparison.Ordinal);
        Assert.Contains("error: --vary product.gpu: product.gpu holds text", error, StringComparison.Ordinal);
        Assert.Contains("error: --samples: 0 is out of range", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitivity_BadDeltaAndFields_Exit2WordedAsOptions()
    {
        var (code, _, error) = CliRunner.Run("sensitivity", Startup, "--delta", "1.5", "--field", "product.utilisation");
        Assert.Equal(2, code);
        Assert.Contains("error: --delta: 1.5 is out of range", error, StringComparison.Ordinal);
        Assert.Contains("error: --field product.utilisation: 'product.utilisation' is not a field that can be varied; did you mean 'product.utilization'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Analysis_Cancelled_Exits130()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var io = new CliIo(output, error);
        Assert.False(ProgressRunner.Interactive(io));
        Assert.Equal(130, AnalysisOptions.Cancellable(io, () => throw new OperationCanceledException()));
        Assert.Contains("cancelled", error.ToString(), StringComparison.Ordinal);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var request = new SweepRequest { Scenario = new ScenarioSource(Startup, File.ReadAllText(Startup)), Axes = [new() { Field = "product.utilization", Numbers = [0.5, 0.6] }] };
        Assert.ThrowsAny<OperationCanceledException>(() => SweepUseCase.Run(request, EngineData.Shipped, cancel: cancelled.Token));
    }
}
