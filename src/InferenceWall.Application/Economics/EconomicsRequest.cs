namespace InferenceWall.Application.Economics;

/// <summary>The unit economics of one scenario, from the average-load formula or from a simulated day.</summary>
public sealed record EconomicsRequest
{
    /// <summary>The scenario as text, with the name its problems are reported against.</summary>
    public required ScenarioSource Scenario { get; init; }

    /// <summary>Take GPU-hours and compute cost from a simulated day (peaks, idle capacity, preemptions).</summary>
    public bool Simulate { get; init; }

    /// <summary>Seed of the simulated day.</summary>
    public ulong Seed { get; init; } = 1;
}
