namespace InferenceWall.Application.Runs;

/// <summary>
/// The figures the history lists and filters on, read from a run's response (null where the kind has no such figure):
/// cost per clip, gross margin (a share of revenue), P90 latency, SLO attainment, daily cost and whether the run is
/// above the wall (cost per clip over revenue per clip).
/// </summary>
public sealed record RunSummary
{
    /// <summary>Cost per clip in US$ (Monte Carlo: the P50; optimize: the best option; simulate: realized).</summary>
    public double? CostPerClipUsd { get; init; }

    /// <summary>Gross margin as a share of revenue (−1.5 is −150 %); Monte Carlo: the P50.</summary>
    public double? GrossMargin { get; init; }

    /// <summary>P90 latency of a clip in seconds (a simulated day), or the one-clip latency (estimate, optimize).</summary>
    public double? P90LatencyS { get; init; }

    /// <summary>Share of clips that met their tier's SLO (a simulated day).</summary>
    public double? SloAttainment { get; init; }

    /// <summary>Compute cost per day in US$ (Monte Carlo: the P50 daily burn).</summary>
    public double? DailyCostUsd { get; init; }

    /// <summary>True when cost per clip is above revenue per clip.</summary>
    public bool? AboveWall { get; init; }

    public static RunSummary None { get; } = new();
}
