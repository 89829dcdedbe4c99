using System.Text.Json;
using System.Text.RegularExpressions;
using InferenceWall.Application;
using InferenceWall.Application.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Cli.Tests;

/// <summary>The economics use case and command: unchanged numbers, the JSON contract, and the defects of issue 8.</summary>
public partial class EconomicsUseCaseTests
{
    private static ScenarioSource Shipped(string file) => new(file, File.ReadAllText(RepoPaths.Of("scenarios", file)));

    private static string Temp(string extension) => Path.Combine(Path.GetTempPath(), $"iwall-econ-{Guid.NewGuid():N}{extension}");

    [Theory]
    [InlineData("startup-720p-h100.yaml", 22000, 14327.0265796323, 2.6271289114878575, 4178.0821917808225, 57164.836052732884, 1381.7442898247937)]
    [InlineData("enterprise-vfx.yaml", 480, 504.4197715258525, 5.3797150762924035, 7200, 567.8632366203533, 40.02671771011944)]
    [InlineData("api-reseller.yaml", 20000, 664.777521341779, 0.22024761520364677, 5000, 4384.952304072935, 64.11327144626945)]
    [InlineData("sora-scale-day.yaml", 11250000, 673343.6389031616, 0.2800223716872195, 0, 3150251.6814812194, 64939.415235465385)]
    public void EconomicsUseCase_ShippedScenario_HeadlineNumbersAsBeforeTheRefactor(string file, double clips, double gpuHours, double costPerClip, double revenue, double compute, double energyUsd)
    {
        var outcome = EconomicsUseCase.Run(new EconomicsRequest { Scenario = Shipped(file) }, EngineData.Shipped);
        Assert.True(outcome.IsOk, string.Join("; ", outcome.Problems));
        var f = outcome.Value!.Figures;
        Assert.Equal(clips, f.ClipsPerDay, 9);
        Assert.Equal(gpuHours, f.GpuHoursPerDay, 9);
        Assert.Equal(costPerClip, f.CostPerClipUsd, 12);
        Assert.Equal(revenue, f.RevenueUsdPerDay, 9);
        Assert.Equal(compute, f.ComputeCostUsdPerDay, 8);
        Assert.Equal(energyUsd, outcome.Value.ValueChain.EnergyUsdPerDay, 8);
        Assert.True(f.CostPerClipUsd > 0);
    }

    [Theory]
    [InlineData("startup-720p-h100.yaml")]
    [InlineData("enterprise-vfx.yaml")]
    [InlineData("api-reseller.yaml")]
    [InlineData("sora-scale-day.yaml")]
    public void Economics_Json_EveryKeySnakeCaseAndNoLabelKeys(string file)
    {
        var (code, output, error) = CliRunner.Run("economics", RepoPaths.Of("scenarios", file), "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.All(Keys(doc.RootElement), k => Assert.Matches(SnakeCase(), k));
        var chain = doc.RootElement.GetProperty("value_chain");
        Assert.True(chain.GetProperty("energy_usd_per_day").GetDouble() > 0);
        Assert.Contains(chain.GetProperty("segments").EnumerateArray(), s => s.GetProperty("key").GetString() == "energy");
        Assert.False(doc.RootElement.TryGetProperty("value_chain_usd_per_day", out _));
    }

    [Fact]
    public void Economics_NoRevenue_EfficiencyGainIsNullWithAReason()
    {
        var (code, output, _) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "sora-scale-day.yaml"), "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var f = doc.RootElement.GetProperty("figures");
        Assert.Equal(JsonValueKind.Null, f.GetProperty("efficiency_gain_needed").ValueKind);
        Assert.Contains("no revenue", f.GetProperty("efficiency_gain_needed_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, f.GetProperty("gross_margin").ValueKind);
        Assert.False(string.IsNullOrEmpty(f.GetProperty("gross_margin_reason").GetString()));
    }

    [Theory]
    [InlineData("startup-720p-h100.yaml", "costs")]
    [InlineData("enterprise-vfx.yaml", "revenue")]
    [InlineData("api-reseller.yaml", "revenue")]
    [InlineData("sora-scale-day.yaml", "costs")]
    public void Economics_ValueChain_SharesOfAStatedTotalNeverAbove100Percent(string file, string sharesOf)
    {
        var r = EconomicsUseCase.Run(new EconomicsRequest { Scenario = Shipped(file) }, EngineData.Shipped).Value!;
        Assert.Equal(sharesOf, r.ValueChain.SharesOf);
        Assert.All(r.ValueChain.Segments, s => Assert.InRange(s.Share!.Value, 0, 1));
        Assert.Equal(1, r.ValueChain.Segments.Where(s => s.Key != "app_loss").Sum(s => s.Share!.Value), 9);

        // The enterprise scenario's margin was once "627.8 %" of compute spend: now 62.1 % of revenue.
        var (_, table, _) = CliRunner.Run("economics", RepoPaths.Of("scenarios", file));
        foreach (Match m in Regex.Matches(Section(table, "Where each day's money goes", "GPU purchase price"), @"(-?[\d,]+(\.\d+)?) %"))
        {
            Assert.InRange(double.Parse(m.Groups[1].Value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture), 0, 100);
        }

        Assert.Contains($"share of {sharesOf}", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Economics_StartupLoss_ShownAsALossNotAShare()
    {
        var (_, table, _) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));
        Assert.Contains("the app's loss (costs revenue does not cover)", table, StringComparison.Ordinal);
        Assert.Contains("revenue covers 7.2 % of them", table, StringComparison.Ordinal);
        Assert.DoesNotContain("the app's margin", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Economics_ApiTable_ComparesLikeWithLike()
    {
        var r = EconomicsUseCase.Run(new EconomicsRequest { Scenario = Shipped("startup-720p-h100.yaml") }, EngineData.Shipped).Value!;
        Assert.All(r.Apis.Where(a => a.Comparable), a =>
        {
            var clip = r.ClipMix[a.ClipMixIndex!.Value];
            Assert.True(a.Resolution.Contains("720", StringComparison.Ordinal) == (Math.Min(clip.Width, clip.Height) == 720), $"{a.Resolution} against {clip.Width}×{clip.Height}");
        });
        Assert.All(r.Apis.Where(a => a.Resolution is "1080p" or "4K" or "4k" or "3840x2160"), a => Assert.Null(a.ImpliedGrossMargin));
        var (_, table, _) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));
        var apis = Section(table, "Video API list prices", "API quotes are at other");
        Assert.DoesNotMatch(@"│ (1080p|4K|4k|1080P)\s+│", apis);
        Assert.Contains("│ 720p and 1080p", apis, StringComparison.Ordinal);
    }

    [Fact]
    public void Economics_BuildOut_WholeGpusInWholeReplicas()
    {
        var (code, output, _) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "enterprise-vfx.yaml"), "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var f = doc.RootElement.GetProperty("figures");
        Assert.Equal(3, f.GetProperty("build_out_replicas").GetInt64());
        Assert.Equal(24, f.GetProperty("build_out_gpus").GetInt64()); // 3 replicas of the plan's 8 GPUs
        Assert.Equal(21.017490480243854, f.GetProperty("average_gpus").GetDouble(), 9);
    }

    [Fact]
    public void Economics_EnergyPerDay_LabelledWithItsBasis()
    {
        var (_, table, _) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));
        Assert.Contains("energy per day (kWh, paid GPU-hours at board power × PUE)", table, StringComparison.Ordinal);
        Assert.Contains("energy to generate a clip (kWh, busy GPU time × PUE)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Economics_SimulatedOwnedFleet_CapacityIsOwned()
    {
        var (code, output, error) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "enterprise-vfx.yaml"), "--simulate", "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var capacity = doc.RootElement.GetProperty("simulated_day").GetProperty("capacity").EnumerateArray().Select(c => c.GetProperty("capacity").GetString()).ToList();
        Assert.Equal(["owned"], capacity);
        Assert.Equal("owned", doc.RootElement.GetProperty("price_parts")[0].GetProperty("capacity").GetString());
        Assert.Equal("owned", CapacityWords.Of(owned: true, Core.Catalog.CapacityClass.OnDemand));
        Assert.Equal("on_demand", CapacityWords.Of(owned: false, Core.Catalog.CapacityClass.OnDemand));
    }

    [Fact]
    public void Economics_PlanThatDoesNotFit_Exit3AsInEstimate()
    {
        var path = Temp(".yaml");
        try
        {
            File.WriteAllText(path, """
                name: does not fit
                product:
                  model: wan2.1-t2v-14b
                  gpu: RTX-4090
                  clip_mix:
                    - share: 1
                      width_px: 1280
                      height_px: 720
                      seconds: 5
                      fps: 16
                      steps: 50
                capacity:
                  usd_per_gpu_hour:
                    on_demand: 0.5
                users:
                  - tier: t
                    users: 10
                    clips_per_user_per_day: 1
                    plan: free
                pricing:
                  - name: free
                    kind: free
                """);
            var (economics, _, error) = CliRunner.Run("economics", path);
            var (simulated, _, simulatedError) = CliRunner.Run("economics", path, "--simulate");
            var (estimate, _, _) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "rtx-4090", "--resolution", "1280x720", "--frames", "81", "--steps", "50");
            Assert.Equal(3, estimate);
            Assert.Equal(3, economics);
            Assert.True(simulated == 3, simulatedError);
            Assert.StartsWith("infeasible: ", error, StringComparison.Ordinal);
            Assert.Contains("product.clip_mix[0]: does not fit", error, StringComparison.Ordinal);
            Assert.DoesNotContain("--offload", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Economics_UnknownModel_Exit2NamingTheFileAndFieldWithoutACommand()
    {
        var path = Temp(".yaml");
        try
        {
            File.WriteAllText(path, File.ReadAllText(RepoPaths.Of("scenarios", "api-reseller.yaml")).Replace("model: wan2.1-t2v-1.3b", "model: wan2.1-t2v-1.3c", StringComparison.Ordinal));
            var (code, _, error) = CliRunner.Run("economics", path);
            Assert.Equal(2, code);
            Assert.Contains($"{path}: product.model: unknown model 'wan2.1-t2v-1.3c'", error, StringComparison.Ordinal);
            Assert.DoesNotContain("iwall catalog", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void EconomicsUseCase_BadYaml_ProblemsNotExceptions()
    {
        var outcome = EconomicsUseCase.Run(new EconomicsRequest { Scenario = new ScenarioSource("x.yaml", "name: [unclosed") }, EngineData.Shipped);
        Assert.False(outcome.IsOk);
        Assert.All(outcome.Problems, p => Assert.Equal(ProblemKind.BadInput, p.Kind));
    }

    [Fact]
    public void Economics_Csv_HasTheWholeGpusAndTheAverageApart()
    {
        var (code, output, _) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"), "--format", "csv");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("build_out_gpus,", StringComparison.Ordinal) && l.EndsWith(",600", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("average_gpus,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("NaN", StringComparison.Ordinal) || l.Contains("Infinity", StringComparison.Ordinal) || l.Contains('∞'));
    }

    internal static IEnumerable<string> Keys(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Keys(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Keys),
        _ => [],
    };

    internal static string Section(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, from);
        var end = text.IndexOf(to, start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    internal static partial Regex SnakeCase();
}
