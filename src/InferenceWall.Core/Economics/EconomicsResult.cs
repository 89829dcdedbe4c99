using System.Collections.Immutable;
using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Economics;

/// <summary>The cost of one kind of clip in the mix.</summary>
public sealed record ClipMixCost(
    ClipMixItem Item,
    int Frames,
    double LatencySeconds,
    double GpuSeconds,
    double EnergyKwh,
    double ComputeCostUsd,
    double PeakMemoryBytes);

/// <summary>One user tier's usage and revenue.</summary>
public sealed record TierResult(string Tier, string Plan, double Users, double ClipsPerDay, double RevenueUsdPerDay);

/// <summary>A subscription plan's break-even: the clips a subscriber can make per month before costing more than they pay.</summary>
public sealed record PlanBreakEven(string Plan, double UsdPerMonth, double BreakEvenClipsPerMonth, double ClipsPerSubscriberPerMonth);

/// <summary>A hosted API's list price for the scenario's mean clip, and its margin if its clips cost what ours do.</summary>
public sealed record ApiComparison(
    string Provider,
    string Model,
    string Resolution,
    double UsdPerVideoSecond,
    double PriceUsdPerClip,
    double ImpliedGrossMargin,
    Provenance Provenance);

/// <summary>Where each day's money goes. Parts that cannot be split (no GPU purchase price) are null.</summary>
public sealed record ValueChain(
    double? ChipVendorGrossProfitUsdPerDay,
    double? ChipVendorCostUsdPerDay,
    double CloudUsdPerDay,
    double EnergyUsdPerDay,
    double OtherCostsUsdPerDay,
    double AppMarginUsdPerDay,
    double? GpuCapexUsd,
    string CapexSource);

/// <summary>What serving the demand takes if built: GPUs running around the clock, power and purchase price.</summary>
public sealed record BuildOut(double Gpus, double Megawatts, double? CapexUsd);

/// <summary>Unit economics of a scenario.</summary>
public sealed record EconomicsResult
{
    public required Scenario Scenario { get; init; }
    public required ImmutableArray<ClipMixCost> Mix { get; init; }
    public required ImmutableArray<TierResult> Tiers { get; init; }
    public required double MeanClipSeconds { get; init; }

    /// <summary>$/GPU-hour blended over the capacity mix (for owned fleets: amortised capex plus energy).</summary>
    public required double BlendedUsdPerGpuHour { get; init; }
    public required string PriceBasis { get; init; }
    public required double ClipsPerDay { get; init; }

    /// <summary>Paid GPU-hours per day: busy hours ÷ utilization.</summary>
    public required double GpuHoursPerDay { get; init; }
    public required double ComputeCostPerClipUsd { get; init; }
    public required double OtherCostPerClipUsd { get; init; }
    public double CostPerClipUsd => ComputeCostPerClipUsd + OtherCostPerClipUsd;
    public required double ComputeCostUsdPerDay { get; init; }
    public double AnnualComputeCostUsd => ComputeCostUsdPerDay * 365;
    public required double OtherCostsUsdPerDay { get; init; }
    public required double RevenueUsdPerDay { get; init; }
    public double RevenuePerClipUsd => ClipsPerDay > 0 ? RevenueUsdPerDay / ClipsPerDay : 0;
    public double GrossProfitUsdPerDay => RevenueUsdPerDay - ComputeCostUsdPerDay - OtherCostsUsdPerDay;

    /// <summary>Gross margin as a fraction of revenue; null without revenue.</summary>
    public double? GrossMargin => RevenueUsdPerDay > 0 ? GrossProfitUsdPerDay / RevenueUsdPerDay : null;

    /// <summary>The price the average clip must fetch to cover its cost.</summary>
    public double BreakEvenPricePerClipUsd => CostPerClipUsd;
    public required ImmutableArray<PlanBreakEven> PlanBreakEvens { get; init; }

    /// <summary>True when a clip costs more than it brings in: the inference wall.</summary>
    public bool AboveWall => CostPerClipUsd > RevenuePerClipUsd;

    /// <summary>
    /// How many times cheaper inference must get for revenue to cover cost (1 when already across); infinite when
    /// revenue does not even cover the non-compute costs.
    /// </summary>
    public double EfficiencyGainNeeded
    {
        get
        {
            var headroom = RevenueUsdPerDay - OtherCostsUsdPerDay;
            return headroom <= 0 ? double.PositiveInfinity : Math.Max(1.0, ComputeCostUsdPerDay / headroom);
        }
    }

    public required double EnergyKwhPerClip { get; init; }
    public double EnergyKwhPerDay => EnergyKwhPerClip * ClipsPerDay;

    /// <summary>Continuous power draw of the generation, in MW.</summary>
    public double ContinuousMegawatts => EnergyKwhPerDay / 24 / 1000;
    public required BuildOut BuildOut { get; init; }
    public required ValueChain ValueChain { get; init; }
    public required ImmutableArray<ApiComparison> Apis { get; init; }
    public ImmutableArray<string> Notes { get; init; } = [];
}
