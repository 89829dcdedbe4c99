namespace InferenceWall.Application.CapacitySearch;

/// <summary>
/// The most clips per hour a fixed fleet of a scenario's replicas sustains with a latency percentile under an SLO.
/// </summary>
public sealed record CapacitySearchRequest
{
    /// <summary>The scenario as text: its clip mix, GPUs, parallel plan and simulation settings.</summary>
    public ScenarioSource? Scenario { get; init; }

    /// <summary>The latency SLO of one clip, in seconds.</summary>
    public double SloSeconds { get; init; }

    /// <summary>Replicas in the fleet.</summary>
    public long Replicas { get; init; } = 10;

    /// <summary>The latency percentile held to the SLO: 50, 90 or 99.</summary>
    public double Percentile { get; init; } = 99;

    public ulong Seed { get; init; } = 1;
}
