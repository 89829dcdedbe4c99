using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace InferenceWall.Application.CapacitySearch;

/// <summary>
/// The most clips per hour each of one or more fixed fleets of a scenario's replicas sustains with a latency
/// percentile under an SLO.
/// </summary>
public sealed record CapacitySearchRequest
{
    /// <summary>The most fleets one request searches.</summary>
    public const int MaxFleets = 1_000;

    /// <summary>Replicas of one fleet when neither this nor <see cref="ReplicaCounts"/> is given.</summary>
    public const long DefaultReplicas = 10;

    /// <summary>The scenario as text: its clip mix, GPUs, parallel plan and simulation settings.</summary>
    public ScenarioSource? Scenario { get; init; }

    /// <summary>The latency SLO of one clip, in seconds.</summary>
    public double SloSeconds { get; init; }

    /// <summary>Replicas in the one fleet searched; excludes <see cref="ReplicaCounts"/>. Neither given: <see cref="DefaultReplicas"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Replicas { get; init; }

    /// <summary>Many fleets at once: each one's replicas, each searched on its own (at most <see cref="MaxFleets"/>); excludes <see cref="Replicas"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableArray<long>? ReplicaCounts { get; init; }

    /// <summary>The latency percentile held to the SLO: 50, 90 or 99.</summary>
    public double Percentile { get; init; } = 99;

    public ulong Seed { get; init; } = 1;

    /// <summary>Threads for the fleets in this process (all cores when not given); results do not depend on it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Threads { get; init; }
}
