using System.Collections.Immutable;

namespace InferenceWall.Application.Sweep;

/// <summary>Sweep scenario fields over lists or ranges; several axes make a grid (the last axis varies fastest).</summary>
public sealed record SweepRequest
{
    /// <summary>The scenario to vary.</summary>
    public required ScenarioSource Scenario { get; init; }

    /// <summary>The fields and their values, at least one.</summary>
    public ImmutableArray<SweepAxisRequest> Axes { get; init; } = [];

    /// <summary>Worker threads; null takes all cores. The result is the same for any count.</summary>
    public int? Threads { get; init; }

    /// <summary>The most points the caller takes (a front end that renders a table sets it); null: the sweep's own limit.</summary>
    public int? MaxPoints { get; init; }

    /// <summary>Each point is its simulated day, priced at what the day's fleet paid; at most <see cref="Analysis.Studies.Sweep.MaxSimulatedPoints"/> points.</summary>
    public bool Simulate { get; init; }

    /// <summary>The day seed of every simulated point (the same for all: common random numbers).</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// One field and its values: exactly one of <see cref="Numbers"/>, <see cref="Texts"/> (for text fields such as
/// <c>product.gpu</c>) or <see cref="Range"/>.
/// </summary>
public sealed record SweepAxisRequest
{
    /// <summary>The field's path in the scenario (<c>product.clip_mix[0].steps</c>), or <c>efficiency</c>.</summary>
    public required string Field { get; init; }

    public ImmutableArray<double> Numbers { get; init; } = [];

    public ImmutableArray<string> Texts { get; init; } = [];

    public SweepRange? Range { get; init; }
}

/// <summary>start, start + step, … up to stop (inclusive).</summary>
public sealed record SweepRange(double Start, double Stop, double Step);
