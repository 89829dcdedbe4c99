using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Tests.Economics;

/// <summary>Regression tests for the economics defects of issue 8, one per defect.</summary>
public class EconomicsDefectTests
{
    private static readonly PricingPlan PerClip = new() { Name = "p", Kind = PlanKind.PerClip, UsdPerClip = 0.5 };

    private static Scenario Scenario(double usdPerClip = 0.5, params ClipMixItem[] mix) => new()
    {
        Name = "test",
        Product = new ProductSpec
        {
            Model = "wan2.1-t2v-1.3b",
            Gpu = "H100-SXM",
            ClipMix = mix.Length > 0 ? [.. mix] : [Clip(1, 832, 480)],
            Utilization = 0.5,
        },
        Capacity = new CapacitySpec { OnDemandUsdPerGpuHour = 4.0 },
        Users = [new UserTier { Tier = "t", Users = 1000, ClipsPerUserPerDay = 2, Plan = "p" }],
        Plans = [PerClip with { UsdPerClip = usdPerClip }],
        OtherCosts = new OtherCosts { StorageUsdPerClip = 0.01, FixedUsdPerDay = 100 },
    };

    private static ClipMixItem Clip(double share, int width, int height, double seconds = 5) =>
        new() { Share = share, WidthPixels = width, HeightPixels = height, Seconds = seconds, FramesPerSecond = 16, Steps = 50 };

    private static EconomicsResult Evaluate(Scenario s)
    {
        var (result, problems) = UnitEconomics.Evaluate(s, Fixtures.Catalog, Fixtures.Calibration);
        Assert.True(problems.IsEmpty, string.Join("; ", problems));
        return result!;
    }

    [Fact]
    public void ApiComparison_MixedResolutions_ComparesEachQuoteWithTheClipAtItsResolution()
    {
        // 70% 720p and 30% 480p: a 720p quote is compared with the 720p clip's cost, not with the mix's mean.
        var r = Evaluate(Scenario(0.5, Clip(0.7, 1280, 720), Clip(0.3, 832, 480)));
        var hd = r.Mix[0];
        var sora = r.Apis.Single(a => a.Model == "sora-2" && a.Resolution == "720x1280 or 1280x720");
        Assert.Equal(0, sora.ClipMixIndex);
        var ours = hd.ComputeCostUsd + 0.01;
        Assert.Equal(ours, sora.OurCostPerClipUsd!.Value, 9);
        Assert.Equal((0.1 * 5 - ours) / (0.1 * 5), sora.ImpliedGrossMargin!.Value, 9);

        var sd = r.Apis.Single(a => a.Model == "wan2.5-t2v-preview" && a.Resolution == "480p");
        Assert.Equal(1, sd.ClipMixIndex);

        // 1080p and 4K quotes price other clips: listed, with no margin and the reason.
        Assert.All(r.Apis.Where(a => a.Resolution is "1080p" or "4K" or "4k" or "(not stated)"), a =>
        {
            Assert.False(a.Comparable);
            Assert.Null(a.ImpliedGrossMargin);
            Assert.False(string.IsNullOrEmpty(a.NotComparableReason));
        });
    }

    [Theory]
    [InlineData("720p", new[] { 720 })]
    [InlineData("720x1280 or 1280x720", new[] { 720 })]
    [InlineData("720p and 1080p", new[] { 720, 1080 })]
    [InlineData("1080P", new[] { 1080 })]
    [InlineData("4K", new[] { 2160 })]
    [InlineData("3840x2160", new[] { 2160 })]
    [InlineData("720p default", new[] { 720 })]
    [InlineData("(not stated)", new int[0])]
    [InlineData("", new int[0])]
    public void ApiResolution_ShortSides_ReadsTheCatalogsSpellings(string text, int[] expected) =>
        Assert.Equal(expected, ApiResolution.ShortSides(text).Order());

    [Theory]
    [InlineData(1280, 704, 720, true)]
    [InlineData(720, 1280, 720, true)]
    [InlineData(1280, 720, 768, false)]
    [InlineData(960, 540, 480, false)]
    [InlineData(1920, 1080, 720, false)]
    public void ApiResolution_Matches_SameShortSideWithinFivePercent(int width, int height, int side, bool matches) =>
        Assert.Equal(matches, ApiResolution.Matches(width, height, side));

    [Fact]
    public void EnergyPerDay_IsOnThePaidHoursBasisOfItsDollars()
    {
        var s = Scenario();
        var r = Evaluate(s);
        var gpu = Fixtures.Gpu("H100-SXM");
        Assert.Equal(r.GpuHoursPerDay * gpu.BoardPowerWatts / 1000 * s.Energy.Pue, r.EnergyKwhPerDay, 6);
        Assert.Equal(r.EnergyKwhPerDay * s.Energy.ElectricityUsdPerKwh, r.ValueChain.EnergyUsdPerDay, 6);
        // Paid hours are busy hours ÷ utilization: the day's energy is the clips' energy ÷ utilization.
        Assert.Equal(r.EnergyKwhPerClip * r.ClipsPerDay / 0.5, r.EnergyKwhPerDay, 6);
        Assert.Equal(r.EnergyKwhPerDay / 24 / 1000, r.ContinuousMegawatts, 12);
    }

    [Fact]
    public void BuildOut_IsWholeReplicasOfTheClipsGpus_WithTheAverageApart()
    {
        var s = Scenario() with { Product = Scenario().Product with { Plan = new ParallelPlan { Gpus = 4, Ulysses = 4 } } };
        var r = Evaluate(s);
        var b = r.BuildOut;
        Assert.Equal(r.GpuHoursPerDay / 24, b.AverageGpus, 9);
        Assert.Equal(b.Replicas * 4, b.Gpus);
        Assert.True(b.Gpus >= b.AverageGpus && b.Gpus - b.AverageGpus < 4, $"{b.Gpus} whole GPUs for an average of {b.AverageGpus}");
        Assert.Equal(b.Gpus * 27_500.0, b.CapexUsd!.Value, 6);
        Assert.Equal(b.Gpus * 700 * 1.58 / 1e6, b.Megawatts, 9);
    }

    [Fact]
    public void PriceParts_OwnedFleet_IsLabelledOwnedNotOnDemand()
    {
        var r = Evaluate(Scenario() with { Capacity = new CapacitySpec { Owned = true } });
        var part = Assert.Single(r.PriceParts);
        Assert.Equal("owned", part.Capacity);
        Assert.Equal(r.BlendedUsdPerGpuHour, part.UsdPerGpuHour, 12);
        Assert.DoesNotContain(r.ValueChain.Segments, s => s.Key == "cloud");
    }

    [Fact]
    public void ValueChain_Profitable_SharesOfRevenueAddUpToOne()
    {
        var r = Evaluate(Scenario(usdPerClip: 5));
        var v = r.ValueChain;
        Assert.Equal(ValueChain.OfRevenue, v.SharesOf);
        Assert.Equal(r.RevenueUsdPerDay, v.TotalUsdPerDay, 9);
        Assert.All(v.Segments, s => Assert.InRange(s.Share!.Value, 0, 1));
        Assert.Equal(1, v.Segments.Sum(s => s.Share!.Value), 9);
        Assert.Equal(r.GrossMargin!.Value, v.Segments.Single(s => s.Key == "app_margin").Share!.Value, 9);
    }

    [Fact]
    public void ValueChain_Loss_IsALossOfTheCostsNotAShareAboveOne()
    {
        var r = Evaluate(Scenario(usdPerClip: 0.01));
        var v = r.ValueChain;
        var costs = r.ComputeCostUsdPerDay + r.OtherCostsUsdPerDay;
        Assert.Equal(ValueChain.OfCosts, v.SharesOf);
        Assert.Equal(costs, v.TotalUsdPerDay, 9);
        Assert.All(v.Segments, s => Assert.InRange(s.Share!.Value, 0, 1));
        var loss = v.Segments.Single(s => s.Key == "app_loss");
        Assert.True(loss.UsdPerDay < 0);
        Assert.Equal((costs - r.RevenueUsdPerDay) / costs, loss.Share!.Value, 9);
        Assert.Equal(1, v.Segments.Where(s => s.Key != "app_loss").Sum(s => s.Share!.Value), 9);
        Assert.DoesNotContain(v.Segments, s => s.Key == "app_margin");
    }

    [Fact]
    public void ValueChain_CloudPriceBelowCapex_MergesTheChipVendorIntoTheCloud()
    {
        // $0.50/GPU-hour is below $27,500 over 3 years ($1.05/h): the split would give the cloud a negative share.
        var s = Scenario() with { Capacity = new CapacitySpec { OnDemandUsdPerGpuHour = 0.5 } };
        var r = Evaluate(s);
        Assert.Null(r.ValueChain.ChipVendorGrossProfitUsdPerDay);
        Assert.True(r.ValueChain.CloudUsdPerDay >= 0);
        Assert.All(r.ValueChain.Segments, x => Assert.True(x.UsdPerDay >= 0 || x.Key == "app_loss"));
        Assert.All(r.ValueChain.Segments, x => Assert.InRange(x.Share!.Value, 0, 1));
        Assert.Contains(r.Notes, n => n.Contains("below amortised GPU capex", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_PlanThatDoesNotFit_IsInfeasibleAtTheClipInTheScenariosWords()
    {
        // Wan2.1 14B's bf16 weights alone (28 GB) exceed an RTX 4090's 24 GB.
        var s = Scenario() with { Product = Scenario().Product with { Model = "wan2.1-t2v-14b", Gpu = "RTX-4090" } };
        var (result, problems) = UnitEconomics.Evaluate(s, Fixtures.Catalog, Fixtures.Calibration);
        Assert.Null(result);
        var p = Assert.Single(problems);
        Assert.Equal(ProblemKind.Infeasible, p.Kind);
        Assert.Equal("product.clip_mix[0]", p.Path);
        Assert.StartsWith("does not fit", p.Message, StringComparison.Ordinal);
        Assert.Contains("offload: sequential", p.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("--", p.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnknownModelAndGpu_NotFoundInTheDomainsWords()
    {
        var s = Scenario() with { Product = Scenario().Product with { Model = "wan2.1-t2v-14", Gpu = "H100-SMX" } };
        var (_, problems) = UnitEconomics.Evaluate(s, Fixtures.Catalog, Fixtures.Calibration);
        Assert.Equal(["product.model", "product.gpu"], problems.Select(p => p.Path));
        Assert.All(problems, p =>
        {
            Assert.Equal(ProblemKind.NotFound, p.Kind);
            Assert.DoesNotContain("iwall", p.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("--", p.ToString(), StringComparison.Ordinal);
        });
        Assert.Contains("'wan2.1-t2v-14b'", problems[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissingClassPrice_IsAtThePriceFieldWithoutACommand()
    {
        var s = Scenario() with { Capacity = new CapacitySpec { Provider = "lambda", OnDemandShare = 0.5, SpotShare = 0.5 } };
        var (_, problems) = UnitEconomics.Evaluate(s, Fixtures.Catalog, Fixtures.Calibration);
        var p = Assert.Single(problems);
        Assert.Equal("capacity.usd_per_gpu_hour.spot", p.Path);
        Assert.DoesNotContain("iwall", p.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ScenarioChangedInCode_IsCheckedByTheOneValidation()
    {
        // A tier on a plan that does not exist, and a negative utilization: refused by ScenarioRules, not a
        // KeyNotFoundException or a negative cost.
        var s = Scenario() with
        {
            Users = [new UserTier { Tier = "t", Users = 10, ClipsPerUserPerDay = 1, Plan = "nope" }],
            Product = Scenario().Product with { Utilization = -0.5 },
        };
        var (result, problems) = UnitEconomics.Evaluate(s, Fixtures.Catalog, Fixtures.Calibration);
        Assert.Null(result);
        Assert.Equal(ScenarioRules.Check(s).Select(p => p.ToString()), problems.Select(p => p.ToString()));
        Assert.Contains(problems, p => p.Path == "users[0].plan");
        Assert.Contains(problems, p => p.Path == "product.utilization");
    }

    [Fact]
    public void Evaluate_SimulatedDayWithNoClip_IsInfeasibleNotTheFormulaSilently()
    {
        var (result, problems) = UnitEconomics.Evaluate(Scenario(), Fixtures.Catalog, Fixtures.Calibration, new SimulatedCompute(100, 400, 0, 0, "seed 1"));
        Assert.Null(result);
        Assert.Equal(ProblemKind.Infeasible, Assert.Single(problems).Kind);
    }

    [Fact]
    public void Evaluate_DemandBeyondAnyFleet_IsRefusedWithTheLimit()
    {
        var s = Scenario() with { Users = [new UserTier { Tier = "t", Users = 9e9, ClipsPerUserPerDay = 90_000, Plan = "p" }] };
        var (result, problems) = UnitEconomics.Evaluate(s, Fixtures.Catalog, Fixtures.Calibration);
        Assert.Null(result);
        var p = Assert.Single(problems);
        Assert.Equal(ProblemKind.LimitExceeded, p.Kind);
        Assert.Contains("100,000,000", p.Message, StringComparison.Ordinal);
    }
}
