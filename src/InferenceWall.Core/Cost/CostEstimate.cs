using System.Collections.Immutable;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Cost;

/// <summary>What one clip costs on one allocation of GPUs.</summary>
public sealed record CostEstimate
{
    public required ImmutableArray<PhaseCost> Phases { get; init; }
    public required long LatentTokens { get; init; }

    /// <summary>Sequence length the transformer attends over (video tokens, plus text tokens for joint attention).</summary>
    public required long SequenceTokens { get; init; }
    public required double StepSeconds { get; init; }
    public required double LatencySeconds { get; init; }
    public required double GpuSeconds { get; init; }
    public required double PeakMemoryBytes { get; init; }
    public required double MemoryCapacityBytes { get; init; }
    public required double EnergyKwh { get; init; }
    public required double TotalFlops { get; init; }

    /// <summary>Clips in the batch: <see cref="LatencySeconds"/> and the phases are the batch's; GPU-seconds, energy, FLOPs and dollars per clip.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Dollars for the clip; null when no price was given.</summary>
    public double? CostUsd { get; init; }
    public double? UsdPerGpuHour { get; init; }

    /// <summary>Assumptions and omissions the reader should know of.</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    public double Seconds(Phase phase)
    {
        foreach (var p in Phases)
        {
            if (p.Phase == phase)
            {
                return p.Seconds;
            }
        }

        return 0;
    }
}

/// <summary>
/// An estimate, or the problems that stopped it: bad input (a field out of range, a model without architecture) or
/// an infeasibility (a plan that does not fit in memory). Callers decide by <see cref="Problem.Kind"/>, never by the message.
/// </summary>
public sealed record CostOutcome(CostEstimate? Estimate, ImmutableArray<Problem> Problems)
{
    public bool IsFeasible => Estimate is not null;

    public static CostOutcome Of(CostEstimate estimate) => new(estimate, []);

    public static CostOutcome No(IEnumerable<Problem> problems) => new(null, [.. problems]);

    public static CostOutcome No(Problem problem) => new(null, [problem]);
}
