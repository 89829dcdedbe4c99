using System.Collections.Immutable;
using System.Text.Json.Serialization;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Sweep;

/// <summary>Every grid point of a sweep with its figures, or (without figures) the problems of that point.</summary>
public sealed record SweepResponse
{
    /// <summary>The scenario's name.</summary>
    public required string Scenario { get; init; }

    /// <summary>The swept fields, in the order of each point's values.</summary>
    public required ImmutableArray<string> Fields { get; init; }

    public required int PointCount { get; init; }

    /// <summary>Points that break a scenario rule or have no answer: they keep their problems and have no figures.</summary>
    public required int PointsWithoutFigures { get; init; }

    public required ImmutableArray<SweepPointResponse> Points { get; init; }

    /// <summary>Each point's figures are its simulated day's (true), or the analytic model's (false).</summary>
    public bool Simulated { get; init; }

    /// <summary>The day seed every simulated point used; null for the analytic model.</summary>
    public ulong? DaySeed { get; init; }
}

/// <summary>One field's value at a point: a number, or a text for text fields.</summary>
public sealed record SweepValue
{
    public required string Field { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Number { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }
}

/// <summary>One grid point. Figures are null when the point has problems; each other null has its reason beside it.</summary>
public sealed record SweepPointResponse
{
    public required ImmutableArray<SweepValue> Values { get; init; }
    public double? CostPerClipUsd { get; init; }
    public double? RevenuePerClipUsd { get; init; }

    /// <summary>Gross profit over revenue; null without revenue (see <see cref="GrossMarginReason"/>).</summary>
    public double? GrossMargin { get; init; }
    public string? GrossMarginReason { get; init; }

    /// <summary>Compute plus other costs per day.</summary>
    public double? DailyBurnUsd { get; init; }
    public double? GrossProfitUsdPerDay { get; init; }

    /// <summary>How many times cheaper inference must get to cover cost; null when no gain is enough (see <see cref="EfficiencyGainNeededReason"/>).</summary>
    public double? EfficiencyGainNeeded { get; init; }
    public string? EfficiencyGainNeededReason { get; init; }

    /// <summary>Mean latency of a clip of the mix, seconds.</summary>
    public double? LatencyS { get; init; }
    public double? ClipsPerDay { get; init; }
    public double? GpuHoursPerDay { get; init; }

    /// <summary>Why the point has no figures: a broken scenario rule, a plan that does not fit, an unknown GPU.</summary>
    public ImmutableArray<Problem> Problems { get; init; } = [];
}
