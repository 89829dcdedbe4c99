using System.Collections.Immutable;

namespace InferenceWall.Application.Sensitivity;

/// <summary>One-at-a-time sensitivity of cost per clip and margin: each field moved down and up by <see cref="Delta"/>.</summary>
public sealed record SensitivityRequest
{
    public required ScenarioSource Scenario { get; init; }

    /// <summary>Only these fields; empty: every numeric field the scenario sets, plus efficiency.</summary>
    public ImmutableArray<string> Fields { get; init; } = [];

    /// <summary>The relative move, in (0, 1): 0.2 moves each field ±20%.</summary>
    public double Delta { get; init; } = 0.2;

    /// <summary>Worker threads; null takes all cores. The result is the same for any count.</summary>
    public int? Threads { get; init; }
}
