using System.Collections.Immutable;

namespace InferenceWall.Application.Levers;

/// <summary>The path through the wall: a waterfall of levers from today's cost per clip, and the search for the set that crosses.</summary>
public sealed record LeversRequest
{
    public required ScenarioSource Scenario { get; init; }

    /// <summary>Lever ids (levers.csv) to apply, in this order; empty: the best set the search finds.</summary>
    public ImmutableArray<string> Apply { get; init; } = [];
}
