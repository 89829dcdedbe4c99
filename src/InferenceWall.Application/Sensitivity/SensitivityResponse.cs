using System.Collections.Immutable;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Sensitivity;

/// <summary>The tornado: the base figures, and each field's bar sorted by its swing of cost per clip.</summary>
public sealed record SensitivityResponse
{
    public required string Scenario { get; init; }
    public required double BaseCostPerClipUsd { get; init; }

    /// <summary>Null without revenue (see <see cref="BaseGrossMarginReason"/>).</summary>
    public double? BaseGrossMargin { get; init; }
    public string? BaseGrossMarginReason { get; init; }
    public required double Delta { get; init; }
    public required ImmutableArray<SensitivityBarResponse> Bars { get; init; }

    /// <summary>Moves that were not made (the moved value breaks a scenario rule, or has no answer): that side stays at the base.</summary>
    public required ImmutableArray<SensitivitySkipResponse> Skipped { get; init; }
}

/// <summary>A field moved down (low) and up (high), and cost per clip and margin at each.</summary>
public sealed record SensitivityBarResponse
{
    public required string Field { get; init; }
    public required double Base { get; init; }
    public required double Low { get; init; }
    public required double High { get; init; }
    public required double CostLowUsd { get; init; }
    public required double CostHighUsd { get; init; }

    /// <summary>Null where there is no revenue.</summary>
    public double? MarginLow { get; init; }
    public double? MarginHigh { get; init; }
}

/// <summary>A move not made: the field, the side (low or high), the value it would have taken, and why not.</summary>
public sealed record SensitivitySkipResponse
{
    public required string Field { get; init; }
    public required string Side { get; init; }
    public required double Value { get; init; }
    public required ImmutableArray<Problem> Problems { get; init; }
}
