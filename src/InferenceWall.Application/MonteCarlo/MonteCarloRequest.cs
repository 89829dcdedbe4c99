using System.Collections.Immutable;
using InferenceWall.Analysis.Studies;

namespace InferenceWall.Application.MonteCarlo;

/// <summary>Monte Carlo over uncertain inputs: P10/P50/P90 of cost per clip, daily burn and margin.</summary>
public sealed record MonteCarloRequest
{
    public required ScenarioSource Scenario { get; init; }

    /// <summary>The uncertain fields, at least one.</summary>
    public ImmutableArray<UncertainInputRequest> Inputs { get; init; } = [];

    /// <summary>Draws, 1 to 1,000,000 (<see cref="Analysis.Studies.MonteCarlo.MaxSamples"/>).</summary>
    public int Samples { get; init; } = 100_000;

    /// <summary>The same seed gives the same result on any number of threads.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads; null takes all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Each sample is a simulated day of the drawn scenario (its seed derived from (seed, index)), priced at what the
    /// day's fleet paid, instead of the average-load formula; at most <see cref="Analysis.Studies.MonteCarlo.MaxSimulatedSamples"/> samples.
    /// </summary>
    public bool Simulate { get; init; }
}

/// <summary>
/// A field and its distribution: uniform (min, max), normal (mean, sd), lognormal (median, sigma of the log) or
/// triangular (min, mode, max), the parameters in that order.
/// </summary>
public sealed record UncertainInputRequest
{
    /// <summary>The field's path in the scenario, or <c>efficiency</c>.</summary>
    public required string Field { get; init; }
    public required DistributionKind Distribution { get; init; }
    public ImmutableArray<double> Parameters { get; init; } = [];
}
