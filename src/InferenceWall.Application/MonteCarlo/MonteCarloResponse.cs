using System.Collections.Immutable;
using System.Text.Json.Serialization;
using InferenceWall.Analysis.Studies;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.MonteCarlo;

/// <summary>
/// The spreads over the computed draws. <see cref="Rejected"/> draws broke a scenario rule (a negative price, a
/// utilization above 1) and were not computed; <see cref="Failed"/> draws were valid but had no answer (a plan that
/// does not fit). The per-draw figures are for CSV rows and charts, not for JSON.
/// </summary>
public sealed record MonteCarloResponse
{
    public required string Scenario { get; init; }
    public required int Samples { get; init; }
    public required int Failed { get; init; }
    public required int Rejected { get; init; }
    public required ulong Seed { get; init; }

    /// <summary>Each sample was a simulated day of its drawn scenario (true), or the analytic model's figures (false).</summary>
    public bool Simulated { get; init; }
    public required SpreadResponse CostPerClipUsd { get; init; }
    public required SpreadResponse DailyBurnUsd { get; init; }

    /// <summary>Null when no computed draw has revenue (see <see cref="GrossMarginReason"/>).</summary>
    public SpreadResponse? GrossMargin { get; init; }
    public string? GrossMarginReason { get; init; }

    /// <summary>The share of computed draws whose cost per clip is above their revenue per clip.</summary>
    public required double ShareAboveWall { get; init; }

    /// <summary>Rejected draws by the field whose rule they broke, each with the first such draw's problem.</summary>
    public required ImmutableArray<RejectionResponse> Rejections { get; init; }

    /// <summary>The problems of failed draws (distinct by kind and field, at most 10).</summary>
    public required ImmutableArray<Problem> Failures { get; init; }
    public required ImmutableArray<string> Notes { get; init; }

    /// <summary>The computed draws' cost per clip in <see cref="SampleHistogram.Bins"/> equal bins, for the histogram chart.</summary>
    public required SampleHistogram CostPerClipHistogram { get; init; }

    /// <summary>Every draw's figures, in draw order (for CSV rows; not part of the JSON).</summary>
    [JsonIgnore]
    public MonteCarloDraws Draws { get; init; } = MonteCarloDraws.None;
}

public sealed record SpreadResponse(double P10, double P50, double P90, double Mean);

/// <summary>
/// Samples counted in equal bins from the smallest to the largest: bin i covers [start + i·width, start + (i+1)·width),
/// the last one closed. A single distinct value gives one bin of width 0.
/// </summary>
public sealed record SampleHistogram(double Start, double BinWidth, ImmutableArray<long> Counts)
{
    public const int Bins = 60;

    public static SampleHistogram Of(IEnumerable<double> samples, int bins = Bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var values = samples.Where(double.IsFinite).ToArray();
        if (values.Length == 0)
        {
            return new SampleHistogram(0, 0, []);
        }

        var lo = values.Min();
        var hi = values.Max();
        if (hi <= lo)
        {
            return new SampleHistogram(lo, 0, [values.Length]);
        }

        var counts = new long[bins];
        foreach (var v in values)
        {
            counts[Math.Min(bins - 1, (int)((v - lo) / (hi - lo) * bins))]++;
        }

        return new SampleHistogram(lo, (hi - lo) / bins, [.. counts]);
    }
}

public sealed record RejectionResponse(string Field, int Draws, Problem Example);

/// <summary>One draw's figures; null unless <see cref="Outcome"/> is ok (and the margin without revenue).</summary>
public readonly record struct MonteCarloDraw(DrawOutcome Outcome, double? CostPerClipUsd, double? DailyBurnUsd, double? GrossMargin);

/// <summary>The draws, stored compactly (10 million fit in 250 MB); read one with the indexer.</summary>
public sealed class MonteCarloDraws
{
    private readonly ImmutableArray<DrawOutcome> _outcomes;
    private readonly ImmutableArray<double> _cost;
    private readonly ImmutableArray<double> _burn;
    private readonly ImmutableArray<double> _margin;

    internal MonteCarloDraws(MonteCarloResult result) => (_outcomes, _cost, _burn, _margin) = (result.Outcomes, result.CostPerClipUsd, result.DailyBurnUsd, result.GrossMargin);

    private MonteCarloDraws() => (_outcomes, _cost, _burn, _margin) = ([], [], [], []);

    /// <summary>No draws.</summary>
    public static MonteCarloDraws None { get; } = new();

    public int Count => _outcomes.Length;

    public MonteCarloDraw this[int i] => new(_outcomes[i], Value(_cost[i]), Value(_burn[i]), Value(_margin[i]));

    private static double? Value(double v) => double.IsFinite(v) ? v : null;
}
