using System.Collections.Immutable;

namespace InferenceWall.Application.Economics;

/// <summary>
/// A scenario's unit economics: the figures, the clip mix, users and revenue, the value chain, the API comparison.
/// Every number is finite; a quantity with no value is null with a reason beside it.
/// </summary>
public sealed record EconomicsResponse
{
    public required string Scenario { get; init; }
    public required string Description { get; init; }
    public required int HorizonDays { get; init; }
    public required bool AboveWall { get; init; }
    public required EconomicsFigures Figures { get; init; }
    public required string PriceBasis { get; init; }

    /// <summary>The parts of the blended price: capacity classes, or the owned fleet (capacity <c>owned</c>).</summary>
    public required ImmutableArray<PricePartRow> PriceParts { get; init; }
    public required ImmutableArray<ClipMixRow> ClipMix { get; init; }
    public required ImmutableArray<TierRow> Tiers { get; init; }
    public required ImmutableArray<PlanBreakEvenRow> PlanBreakEvens { get; init; }
    public required ValueChainResponse ValueChain { get; init; }

    /// <summary>How API quotes are matched to the clips of the mix.</summary>
    public required string ApiComparisonRule { get; init; }
    public required ImmutableArray<ApiRow> Apis { get; init; }

    /// <summary>The simulated day the compute cost came from; null for the average-load formula.</summary>
    public SimulatedDayRow? SimulatedDay { get; init; }
    public required ImmutableArray<string> Notes { get; init; }

    /// <summary>The levers that matter most (levers.csv), each applied alone, the largest cut first; `iwall levers` combines them.</summary>
    public ImmutableArray<LeverEffectRow> Levers { get; init; } = [];
}

/// <summary>The headline figures. Fractions are 0–1; money in US dollars.</summary>
public sealed record EconomicsFigures
{
    public required double ClipsPerDay { get; init; }

    /// <summary>Paid GPU-hours: busy hours ÷ utilization, or the simulated day's.</summary>
    public required double GpuHoursPerDay { get; init; }
    public required double BlendedUsdPerGpuHour { get; init; }
    public required double ComputeCostPerClipUsd { get; init; }
    public required double OtherCostPerClipUsd { get; init; }
    public required double CostPerClipUsd { get; init; }
    public required double RevenuePerClipUsd { get; init; }
    public required double ComputeCostUsdPerDay { get; init; }
    public required double AnnualComputeCostUsd { get; init; }
    public required double OtherCostsUsdPerDay { get; init; }
    public required double RevenueUsdPerDay { get; init; }
    public required double GrossProfitUsdPerDay { get; init; }
    public required double? GrossMargin { get; init; }
    public required string? GrossMarginReason { get; init; }
    public required double HorizonGrossProfitUsd { get; init; }
    public required double BreakEvenPricePerClipUsd { get; init; }
    public required double? EfficiencyGainNeeded { get; init; }
    public required string? EfficiencyGainNeededReason { get; init; }

    /// <summary>Energy to generate one clip: its busy GPU time at board power × PUE.</summary>
    public required double EnergyKwhPerClip { get; init; }

    /// <summary>Energy per day on the basis of its dollars: paid GPU-hours at board power × PUE.</summary>
    public required double EnergyKwhPerDay { get; init; }

    /// <summary>Average power of the paid fleet: <see cref="EnergyKwhPerDay"/> ÷ 24 h, in MW.</summary>
    public required double ContinuousMw { get; init; }

    /// <summary>The average number of GPUs paid for (paid GPU-hours ÷ 24): a fraction, not a fleet.</summary>
    public required double AverageGpus { get; init; }

    /// <summary>Whole replicas of the plan's GPUs that serve the average load round the clock (rounded up).</summary>
    public required long BuildOutReplicas { get; init; }

    /// <summary>The GPUs of those replicas: a whole number.</summary>
    public required long BuildOutGpus { get; init; }
    public required double BuildOutMw { get; init; }
    public required double? BuildOutCapexUsd { get; init; }
    public required string? BuildOutCapexReason { get; init; }
}

public sealed record PricePartRow(string Capacity, double Share, double UsdPerGpuHour, string Source);

public sealed record ClipMixRow
{
    public required double Share { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required double Seconds { get; init; }
    public required double Fps { get; init; }
    public required int Frames { get; init; }

    /// <summary>Denoising steps; null when the model's default.</summary>
    public required int? Steps { get; init; }
    public required double LatencyS { get; init; }
    public required double GpuSeconds { get; init; }
    public required double EnergyKwh { get; init; }
    public required double ComputeCostUsd { get; init; }
    public required double PeakMemoryBytes { get; init; }
}

public sealed record TierRow(string Tier, string Plan, double Users, double ClipsPerDay, double RevenueUsdPerDay);

public sealed record PlanBreakEvenRow(string Plan, double UsdPerMonth, double BreakEvenClipsPerMonth, double ClipsPerSubscriberPerMonth);

/// <summary>
/// Where each day's money goes, by stable key. Shares are of <see cref="TotalUsdPerDay"/>, which is the revenue when it
/// covers the costs (<see cref="SharesOf"/> = <c>revenue</c>) and otherwise the costs (<c>costs</c>): every share is
/// between 0 and 1, and a negative app margin is a loss (the part of the costs revenue does not cover), not a share.
/// </summary>
public sealed record ValueChainResponse
{
    /// <summary>Null when the chip vendor's share cannot be split from the cloud's (no GPU price, or a cloud price below it).</summary>
    public required double? ChipVendorGrossProfitUsdPerDay { get; init; }
    public required double? ChipVendorCostOfGoodsUsdPerDay { get; init; }

    /// <summary>What the cloud keeps; null for an owned fleet.</summary>
    public required double? CloudUsdPerDay { get; init; }
    public required double EnergyUsdPerDay { get; init; }
    public required double OtherCostsUsdPerDay { get; init; }

    /// <summary>Revenue less all costs; negative is a loss.</summary>
    public required double AppMarginUsdPerDay { get; init; }
    public required string SharesOf { get; init; }
    public required double TotalUsdPerDay { get; init; }
    public required ImmutableArray<ValueChainSegmentRow> Segments { get; init; }
    public required double? GpuCapexUsd { get; init; }
    public required double AmortizationYears { get; init; }
    public required double ChipVendorGrossMargin { get; init; }
    public required string CapexSource { get; init; }
}

/// <param name="Share">Fraction of the value chain's total (0–1); null when the total is zero.</param>
public sealed record ValueChainSegmentRow(string Key, string Label, double UsdPerDay, double? Share);

/// <summary>A hosted API's list price, compared with the clip of the mix at its resolution, or marked not comparable.</summary>
public sealed record ApiRow
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required string Resolution { get; init; }
    public required double UsdPerVideoSecond { get; init; }
    public required double PriceUsdPerClip { get; init; }

    /// <summary>The API's margin if its clip cost what the matched clip costs here; null when not comparable.</summary>
    public required double? ImpliedGrossMargin { get; init; }
    public required string AsOf { get; init; }
    public required string Source { get; init; }
    public required bool Comparable { get; init; }

    /// <summary>The clip of the mix (index into <c>clip_mix</c>) it is compared with; null when not comparable.</summary>
    public required int? ClipMixIndex { get; init; }
    public required double ClipSeconds { get; init; }
    public required double? OurCostPerClipUsd { get; init; }
    public required string? NotComparableReason { get; init; }
}

/// <summary>The simulated day the compute cost was taken from.</summary>
public sealed record SimulatedDayRow
{
    public required ulong Seed { get; init; }
    public required long CompletedClips { get; init; }
    public required double GpuHoursPaid { get; init; }
    public required double CostUsd { get; init; }
    public required double Utilization { get; init; }

    /// <summary>GPU-hours and dollars by capacity: <c>reserved</c>, <c>on_demand</c>, <c>spot</c>, or <c>owned</c> for an owned fleet.</summary>
    public required ImmutableArray<CapacityRow> Capacity { get; init; }
}

public sealed record CapacityRow(string Capacity, double GpuHoursBusy, double GpuHoursIdle, double CostUsd);

/// <summary>One lever applied alone to the scenario: its factor on the cost per clip and the cost after it.</summary>
public sealed record LeverEffectRow(string Lever, string Kind, double Factor, double CostPerClipUsd, string QualityNote, string Source);
