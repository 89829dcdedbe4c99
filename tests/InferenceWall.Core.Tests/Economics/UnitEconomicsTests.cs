using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;

namespace InferenceWall.Core.Tests.Economics;

public class UnitEconomicsTests
{
    private static Scenario Scenario(params PricingPlan[] plans) => new()
    {
        Name = "test",
        Product = new ProductSpec
        {
            Model = "wan2.1-t2v-1.3b",
            Gpu = "H100-SXM",
            ClipMix = [new ClipMixItem { Share = 1, WidthPixels = 832, HeightPixels = 480, Seconds = 5, FramesPerSecond = 16, Steps = 50 }],
            Utilization = 0.5,
        },
        Capacity = new CapacitySpec { OnDemandUsdPerGpuHour = 4.0 },
        Users = [new UserTier { Tier = "t", Users = 1000, ClipsPerUserPerDay = 2, Plan = plans[0].Name }],
        Plans = [.. plans],
        OtherCosts = new OtherCosts { StorageUsdPerClip = 0.01, FixedUsdPerDay = 100 },
    };

    private static EconomicsResult Evaluate(Scenario s)
    {
        var (result, problems) = UnitEconomics.Evaluate(s, Fixtures.Catalog, Fixtures.Calibration);
        Assert.Empty(problems);
        return result!;
    }

    [Fact]
    public void Evaluate_PerClipPlan_CostsAndRevenueFollowFromTheClip()
    {
        var r = Evaluate(Scenario(new PricingPlan { Name = "p", Kind = PlanKind.PerClip, UsdPerClip = 0.5 }));
        // A scenario that names no stack runs on the catalog's default one.
        var request = Fixtures.Request("wan2.1-t2v-1.3b", "h100-sxm", 832, 480, 81, 50) with { Stack = Fixtures.Catalog.FindStack(VideoCatalog.DefaultStackId).Value };
        var clip = ClipCost.Estimate(request, Fixtures.Calibration).Estimate!;

        Assert.Equal(2000, r.ClipsPerDay);
        Assert.Equal(2000 * 0.5, r.RevenueUsdPerDay, 9);
        // GPU-hours paid = busy hours / utilization; compute = GPU-hours × $4.
        Assert.Equal(2000 * clip.GpuSeconds / 3600 / 0.5, r.GpuHoursPerDay, 6);
        Assert.Equal(r.GpuHoursPerDay * 4.0, r.ComputeCostUsdPerDay, 6);
        Assert.Equal((2000 * 0.01) + 100, r.OtherCostsUsdPerDay, 9);
        Assert.Equal(r.RevenueUsdPerDay - r.ComputeCostUsdPerDay - r.OtherCostsUsdPerDay, r.GrossProfitUsdPerDay, 9);
        Assert.Equal(r.ComputeCostUsdPerDay * 365, r.AnnualComputeCostUsd, 6);
    }

    [Fact]
    public void EfficiencyGainNeeded_IsComputeOverRevenueLeftAfterOtherCosts()
    {
        var r = Evaluate(Scenario(new PricingPlan { Name = "p", Kind = PlanKind.PerClip, UsdPerClip = 0.2 }));
        Assert.True(r.AboveWall);
        var expected = r.ComputeCostUsdPerDay / (r.RevenueUsdPerDay - r.OtherCostsUsdPerDay);
        Assert.Equal(expected, r.EfficiencyGainNeeded!.Value, 9);
        // Inference that much cheaper exactly breaks even.
        Assert.Equal(r.RevenueUsdPerDay, (r.ComputeCostUsdPerDay / expected) + r.OtherCostsUsdPerDay, 6);
    }

    [Fact]
    public void EfficiencyGainNeeded_RevenueBelowOtherCosts_IsNullWithAReason()
    {
        var r = Evaluate(Scenario(new PricingPlan { Name = "p", Kind = PlanKind.PerClip, UsdPerClip = 0.001 }));
        Assert.Null(r.EfficiencyGainNeeded);
        Assert.Contains("does not cover the non-compute costs", r.EfficiencyGainNeededReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Revenue_Subscription_ChargesOverageBeyondQuota()
    {
        var plan = new PricingPlan { Name = "s", Kind = PlanKind.Subscription, UsdPerMonth = 30, IncludedClipsPerMonth = 50, OverageUsdPerClip = 0.5 };
        var tier = new UserTier { Tier = "t", Users = 10, ClipsPerUserPerDay = 2, Plan = "s" };
        // 2 clips/day × 365/12 days = 60.83 clips/month; 10.83 over quota at $0.50.
        var perMonth = 10 * (30 + ((2 * 365.0 / 12) - 50) * 0.5);
        Assert.Equal(perMonth / (365.0 / 12), UnitEconomics.Revenue(plan, tier, 20, 5), 9);
    }

    [Fact]
    public void Revenue_EnterpriseMinimum_AppliesWhenUsageIsLow()
    {
        var plan = new PricingPlan { Name = "e", Kind = PlanKind.Enterprise, UsdPerClip = 10, MinimumUsdPerMonth = 36_500 };
        var tier = new UserTier { Tier = "t", Users = 1, ClipsPerUserPerDay = 1, Plan = "e" };
        Assert.Equal(36_500 / (365.0 / 12), UnitEconomics.Revenue(plan, tier, 1, 5), 9);
    }

    [Fact]
    public void Revenue_PerSecond_UsesMeanClipLength()
    {
        var plan = new PricingPlan { Name = "s", Kind = PlanKind.PerSecond, UsdPerVideoSecond = 0.1 };
        Assert.Equal(100 * 7.5 * 0.1, UnitEconomics.Revenue(plan, new UserTier { Tier = "t", Users = 1, ClipsPerUserPerDay = 100, Plan = "s" }, 100, 7.5), 9);
    }

    [Fact]
    public void ValueChain_RentedSplitsAddUpToComputeSpend()
    {
        var r = Evaluate(Scenario(new PricingPlan { Name = "p", Kind = PlanKind.PerClip, UsdPerClip = 0.5 }));
        var v = r.ValueChain;
        Assert.NotNull(v.GpuCapexUsd);
        Assert.Equal(r.ComputeCostUsdPerDay, v.ChipVendorGrossProfitUsdPerDay!.Value + v.ChipVendorCostUsdPerDay!.Value + v.CloudUsdPerDay + v.EnergyUsdPerDay, 6);
        // Chip vendor share: GPU-hours × $27,500 (midpoint of $25k–$30k) over 3 years of hours, 71.1% of it gross profit.
        Assert.Equal(r.GpuHoursPerDay * 27_500 / (3 * 8760) * 0.711, v.ChipVendorGrossProfitUsdPerDay.Value, 6);
    }

    [Fact]
    public void Evaluate_OwnedFleet_PricesAmortisedCapexPlusEnergy()
    {
        var s = Scenario(new PricingPlan { Name = "p", Kind = PlanKind.PerClip, UsdPerClip = 0.5 }) with { Capacity = new CapacitySpec { Owned = true } };
        var r = Evaluate(s);
        var expected = (27_500 / (3 * 8760.0)) + (0.7 * 1.58 * EnergySpec.DefaultUsdPerKwh);
        Assert.Equal(expected, r.BlendedUsdPerGpuHour, 9);
    }

    [Fact]
    public void Evaluate_MissingClassPrice_SaysWhichKeyToGive()
    {
        var s = Scenario(new PricingPlan { Name = "p", Kind = PlanKind.PerClip, UsdPerClip = 0.5 }) with
        {
            Capacity = new CapacitySpec { Provider = "lambda", OnDemandShare = 0.5, SpotShare = 0.5 },
        };
        var (_, problems) = UnitEconomics.Evaluate(s, Fixtures.Catalog, Fixtures.Calibration);
        Assert.Contains(problems, p => p.Path == "capacity.usd_per_gpu_hour.spot");
    }
}
