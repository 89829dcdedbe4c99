using System.Collections.Immutable;

namespace InferenceWall.Application.Diff;

/// <summary>What changed between two scenarios, by field path, and what it does to the outputs.</summary>
public sealed record DiffResponse
{
    /// <summary>The names of the two scenarios' sources.</summary>
    public required string A { get; init; }
    public required string B { get; init; }
    public required ImmutableArray<FieldChange> Changes { get; init; }
    public required DiffEffects Effects { get; init; }
}

/// <summary>A field as written in each scenario file; null where the file does not have it.</summary>
public sealed record FieldChange(string Field, string? A, string? B);

/// <summary>The outputs compared; each with its value in A and B and the change.</summary>
public sealed record DiffEffects
{
    public required DiffEffect CostPerClipUsd { get; init; }

    /// <summary>Latency per clip, mix-weighted.</summary>
    public required DiffEffect LatencyS { get; init; }
    public required DiffEffect RevenuePerClipUsd { get; init; }
    public required DiffEffect GrossMargin { get; init; }

    /// <summary>Compute and other costs per day.</summary>
    public required DiffEffect DailyBurnUsd { get; init; }
    public required DiffEffect GrossProfitUsdPerDay { get; init; }
    public required DiffEffect EfficiencyGainNeeded { get; init; }
    public required DiffEffect GpuHoursPerDay { get; init; }
}

/// <param name="Change">B − A; null when either has no value.</param>
/// <param name="RelativeChange">(B − A) ÷ |A|; null when A is zero or either has no value.</param>
/// <param name="NoValueReason">Why A or B has no value; null when both have one.</param>
public sealed record DiffEffect(double? A, double? B, double? Change, double? RelativeChange, string? NoValueReason);
