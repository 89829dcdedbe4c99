using System.Collections.Immutable;

namespace InferenceWall.Application.Optimize;

/// <summary>The cheapest GPU × provider × capacity class × parallel plan × steps meeting a latency SLO and the scenario's demand.</summary>
public sealed record OptimizeRequest
{
    /// <summary>The scenario: its clip mix, demand and utilization.</summary>
    public required ScenarioSource Scenario { get; init; }

    /// <summary>The latency SLO for one clip, seconds.</summary>
    public required double SloS { get; init; }

    /// <summary>Step counts to try; null: the scenario's own, and 60% and 40% of them (a quality change the result flags).</summary>
    public ImmutableArray<long>? Steps { get; init; }

    /// <summary>GPUs per clip to try; null: 1, 2, 4 and 8.</summary>
    public ImmutableArray<long>? GpuCounts { get; init; }

    /// <summary>
    /// Also search the catalog's physics levers: every deployment with each of the <see cref="OptimizeUseCase.LeverSets"/>
    /// cheapest lever sets on the scenario (the optimizer chooses the GPU, provider and capacity itself).
    /// </summary>
    public bool Levers { get; init; }

    /// <summary>Worker threads; null takes all cores. The result is the same for any count.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Re-rank the analytic ranking's <see cref="SimulateTop"/> cheapest options by their simulated days: realized cost
    /// per clip among those whose share of clips within the SLO reaches <see cref="Attainment"/>.
    /// </summary>
    public bool Simulate { get; init; }

    /// <summary>How many of the cheapest feasible options to simulate, 1 to 1,000.</summary>
    public int SimulateTop { get; init; } = 20;

    /// <summary>The share of a simulated day's clips that must finish within the SLO, in (0, 1].</summary>
    public double Attainment { get; init; } = 0.99;

    /// <summary>The day seed of every simulated option (the same for all: common random numbers).</summary>
    public ulong Seed { get; init; } = 1;
}
