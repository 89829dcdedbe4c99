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

/// <summary>
/// A hosted API's list price, compared like with like: against the clip of the mix at the API's resolution (same
/// short side within <see cref="ApiResolution.Tolerance"/>), at that clip's length. A quote at a resolution no clip of
/// the mix has (or at no stated resolution) is listed as not comparable: its price is for the mean clip length and it
/// has no margin.
/// </summary>
/// <param name="ClipMixIndex">The clip of the mix the quote is compared with; null when it is not comparable.</param>
/// <param name="ClipSeconds">Length of the clip priced: the matched clip's, or the mean clip's when not comparable.</param>
/// <param name="OurCostPerClipUsd">What the matched clip costs this scenario (compute, storage, egress); null when not comparable.</param>
/// <param name="ImpliedGrossMargin">The API's margin if its clip cost what ours does; null when not comparable.</param>
/// <param name="NotComparableReason">Why there is no margin; null when comparable.</param>
public sealed record ApiComparison(
    string Provider,
    string Model,
    string Resolution,
    double UsdPerVideoSecond,
    int? ClipMixIndex,
    double ClipSeconds,
    double PriceUsdPerClip,
    double? OurCostPerClipUsd,
    double? ImpliedGrossMargin,
    string? NotComparableReason,
    Provenance Provenance)
{
    public bool Comparable => ClipMixIndex is not null;
}

/// <summary>
/// One destination of the day's money, with its share of <see cref="ValueChain.TotalUsdPerDay"/>. The app's loss
/// (when costs exceed revenue) is not a destination: it is the part of the costs revenue does not cover, and its
/// share says how much of the costs that is.
/// </summary>
/// <param name="Share">Fraction of the total, from 0 to 1; null when the total is zero.</param>
public sealed record ValueChainSegment(string Key, string Label, double UsdPerDay, double? Share);

/// <summary>
/// Where each day's money goes. Parts that cannot be split (no GPU purchase price, or a cloud price below amortised
/// capex) are null. Shares are of a stated total: the revenue when it covers the costs, otherwise the costs; so every
/// share is between 0 and 1 and the destinations add up to 1.
/// </summary>
public sealed record ValueChain(
    double? ChipVendorGrossProfitUsdPerDay,
    double? ChipVendorCostUsdPerDay,
    double CloudUsdPerDay,
    double EnergyUsdPerDay,
    double OtherCostsUsdPerDay,
    double AppMarginUsdPerDay,
    double? GpuCapexUsd,
    string CapexSource,
    string SharesOf,
    double TotalUsdPerDay,
    ImmutableArray<ValueChainSegment> Segments)
{
    /// <summary><see cref="SharesOf"/> when revenue covers the costs: the revenue splits into costs and the app's margin.</summary>
    public const string OfRevenue = "revenue";

    /// <summary><see cref="SharesOf"/> when the costs exceed revenue: the costs split into their destinations.</summary>
    public const string OfCosts = "costs";
}

/// <summary>
/// What serving the demand round the clock at its average load takes if built: whole replicas of the plan's GPUs
/// (the average rounded up), their facility power and purchase price. Peaks need more (the simulated day shows how many).
/// </summary>
/// <param name="AverageGpus">Paid GPU-hours per day ÷ 24: the average number of GPUs paid for, a fraction.</param>
public sealed record BuildOut(long Replicas, long Gpus, double AverageGpus, double Megawatts, double? CapexUsd);

/// <summary>One part of the blended GPU price: a capacity class (or the owned fleet), its share and price.</summary>
/// <param name="Capacity">The class's word (<c>reserved</c>, <c>on_demand</c>, <c>spot</c>) or <c>owned</c>.</param>
public sealed record PricePart(string Capacity, double Share, double UsdPerGpuHour, string Source)
{
    /// <summary>The capacity word of an owned fleet (not a cloud capacity class).</summary>
    public const string Owned = "owned";
}

/// <summary>Unit economics of a scenario. Every figure is finite; a quantity with no value is null with a reason.</summary>
public sealed record EconomicsResult
{
    public required Scenario Scenario { get; init; }
    public required ImmutableArray<ClipMixCost> Mix { get; init; }
    public required ImmutableArray<TierResult> Tiers { get; init; }
    public required double MeanClipSeconds { get; init; }

    /// <summary>$/GPU-hour blended over the capacity mix (for owned fleets: amortised capex plus energy).</summary>
    public required double BlendedUsdPerGpuHour { get; init; }
    public required string PriceBasis { get; init; }
    public required ImmutableArray<PricePart> PriceParts { get; init; }
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

    /// <summary>Why <see cref="GrossMargin"/> is null; null when it has a value.</summary>
    public string? GrossMarginReason => RevenueUsdPerDay > 0 ? null : "there is no revenue to take a margin of";

    /// <summary>The price the average clip must fetch to cover its cost.</summary>
    public double BreakEvenPricePerClipUsd => CostPerClipUsd;
    public required ImmutableArray<PlanBreakEven> PlanBreakEvens { get; init; }

    /// <summary>True when a clip costs more than it brings in: the inference wall.</summary>
    public bool AboveWall => CostPerClipUsd > RevenuePerClipUsd;

    /// <summary>
    /// How many times cheaper inference must get for revenue to cover cost (1 when already across); null, with
    /// <see cref="EfficiencyGainNeededReason"/>, when revenue does not even cover the non-compute costs (no gain is enough).
    /// </summary>
    public double? EfficiencyGainNeeded
    {
        get
        {
            var headroom = RevenueUsdPerDay - OtherCostsUsdPerDay;
            return headroom <= 0 ? null : Math.Max(1.0, ComputeCostUsdPerDay / headroom);
        }
    }

    /// <summary>Why <see cref="EfficiencyGainNeeded"/> is null; null when it has a value.</summary>
    public string? EfficiencyGainNeededReason =>
        RevenueUsdPerDay - OtherCostsUsdPerDay > 0 ? null
        : RevenueUsdPerDay <= 0 ? "there is no revenue: no efficiency gain crosses the wall"
        : "revenue does not cover the non-compute costs: no efficiency gain crosses the wall";

    /// <summary>Energy to generate one clip (its busy GPU time at board power × PUE), mix-weighted.</summary>
    public required double EnergyKwhPerClip { get; init; }

    /// <summary>
    /// Energy per day on the same basis as its dollars and the GPU-hours: paid GPU-hours at board power × PUE (idle
    /// GPUs are counted at board power, an upper bound; the catalog has no idle draw).
    /// </summary>
    public required double EnergyKwhPerDay { get; init; }

    /// <summary>Average power draw of the paid fleet, in MW (<see cref="EnergyKwhPerDay"/> ÷ 24 h).</summary>
    public double ContinuousMegawatts => EnergyKwhPerDay / 24 / 1000;
    public required BuildOut BuildOut { get; init; }
    public required ValueChain ValueChain { get; init; }
    public required ImmutableArray<ApiComparison> Apis { get; init; }
    public ImmutableArray<string> Notes { get; init; } = [];
}
