using System.Collections.Immutable;

namespace InferenceWall.Application.Levers;

/// <summary>
/// The waterfall (today's cost per clip through each lever: its factor, the cumulative cost, its source and quality
/// note) against the wall (revenue per clip), and the lever sets that cross it, ranked by quality cost.
/// </summary>
public sealed record LeversResponse
{
    public required string Scenario { get; init; }

    /// <summary>Cost per clip today (every lever off).</summary>
    public required double StartCostPerClipUsd { get; init; }

    /// <summary>The wall: revenue per clip; 0 without revenue.</summary>
    public required double RevenuePerClipUsd { get; init; }

    /// <summary>Where the applied levers came from: <c>apply</c> (as given) or <c>search</c> (the best set found).</summary>
    public required string Chosen { get; init; }

    public required ImmutableArray<LeverStepResponse> Steps { get; init; }

    /// <summary>Cost per clip after every step: the start times the product of the factors.</summary>
    public required double EndCostPerClipUsd { get; init; }

    /// <summary>Start ÷ end: how many times cheaper the levers make a clip.</summary>
    public required double TimesCheaper { get; init; }

    /// <summary>Whether the end cost is at or under the revenue per clip (false without revenue).</summary>
    public required bool CrossesWall { get; init; }

    public required LeverSearchResponse Search { get; init; }
}

/// <summary>One lever of the waterfall.</summary>
public sealed record LeverStepResponse
{
    public required string Lever { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }

    /// <summary>Cost per clip after ÷ before; 1 when refused.</summary>
    public required double Factor { get; init; }

    /// <summary>Cost per clip after this step.</summary>
    public required double CostPerClipUsd { get; init; }

    /// <summary>The least factor the lever's physics allows (the share of the work it leaves); 0 for price levers.</summary>
    public required double PhysicsFloor { get; init; }

    /// <summary>Why the lever was not applied; null when it was.</summary>
    public string? Refused { get; init; }
    public required string Source { get; init; }
    public required string QualityMetric { get; init; }

    /// <summary>The published change in the metric; null when the source publishes none (see <see cref="QualityNote"/>).</summary>
    public double? QualityDelta { get; init; }
    public required string QualityNote { get; init; }
}

/// <summary>The search over lever sets (at most one lever per kind).</summary>
public sealed record LeverSearchResponse
{
    public required long SetsPriced { get; init; }
    public required long SetsRefused { get; init; }

    /// <summary>Sets at or under the wall, ranked: fewest levers without a published quality figure, the smallest published loss, the cheapest.</summary>
    public required ImmutableArray<LeverSetResponse> Crossing { get; init; }

    /// <summary>The cheapest set found, crossing or not; null when no set could be priced.</summary>
    public LeverSetResponse? Cheapest { get; init; }

    /// <summary>The cheapest set's cost ÷ the revenue per clip (above 1: how far short it stays); null without revenue.</summary>
    public double? Shortfall { get; init; }
    public string? ShortfallReason { get; init; }
}

/// <summary>A set of levers and its cost per clip and quality cost.</summary>
public sealed record LeverSetResponse
{
    public required ImmutableArray<string> Levers { get; init; }
    public required double CostPerClipUsd { get; init; }
    public required int UnpublishedQuality { get; init; }
    public required double PublishedQualityLoss { get; init; }
}
