using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace InferenceWall.Application.CapacitySearch;

/// <summary>One simulated run of the search at a steady arrival rate.</summary>
public sealed record CapacityTryFigures
{
    public required double ClipsPerHour { get; init; }

    /// <summary>The latency percentile of the run; null when none can be given (see <see cref="LatencyReason"/>).</summary>
    [JsonPropertyName("latency_s")]
    public double? LatencySeconds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LatencyReason { get; init; }

    public required bool MeetsSlo { get; init; }

    /// <summary>Clips completed after the warm-up hour, on which the percentile was measured.</summary>
    public required long MeasuredClips { get; init; }
}

/// <summary>What one fleet sustains under the SLO, and every try of its search.</summary>
public sealed record CapacityFleetFigures
{
    public required int Replicas { get; init; }
    public required long Gpus { get; init; }

    /// <summary>The highest tried rate that met the SLO, always below <see cref="FleetCapacityClipsPerHour"/>; null when no load meets it (<see cref="Reason"/>).</summary>
    public double? MaxClipsPerHour { get; init; }

    /// <summary>Why no load meets the SLO; absent when one does.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>What the fleet serves with every replica busy: the bound no sustained rate reaches.</summary>
    public required double FleetCapacityClipsPerHour { get; init; }

    /// <summary><see cref="MaxClipsPerHour"/> as a share of <see cref="FleetCapacityClipsPerHour"/>: how busy the replicas are at it.</summary>
    public double? UtilizationAtMax { get; init; }

    /// <summary>The latency percentile measured at <see cref="MaxClipsPerHour"/>.</summary>
    [JsonPropertyName("latency_at_max_s")]
    public double? LatencyAtMaxSeconds { get; init; }

    /// <summary>
    /// Set when no try above the first missed the SLO, so the search never found the limit below the capacity: the
    /// answer is what runs of <see cref="CapacitySearchResponse.Hours"/> hours from an empty fleet hold, an upper bound.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Caveat { get; init; }

    public required ImmutableArray<CapacityTryFigures> Tries { get; init; }
}

/// <summary>The most clips per hour each fleet sustains under the SLO, in the order the fleets were given.</summary>
public sealed record CapacitySearchResponse
{
    public required double Percentile { get; init; }

    [JsonPropertyName("slo_s")]
    public required double SloSeconds { get; init; }

    /// <summary>Simulated hours of each try, the first of them warm-up.</summary>
    public required double Hours { get; init; }
    public required ulong Seed { get; init; }
    public required ImmutableArray<CapacityFleetFigures> Fleets { get; init; }
}

/// <summary>One chunk of a capacity search's fleets as it travels from a worker: the first index and each fleet, in index order.</summary>
public sealed record CapacityChunk
{
    public required int Start { get; init; }
    public required ImmutableArray<CapacityFleetFigures> Fleets { get; init; }

    /// <summary>The fleets of every chunk by index, or null when they do not cover 0 to <paramref name="total"/> − 1 exactly once.</summary>
    public static ImmutableArray<CapacityFleetFigures>? Gather(IEnumerable<CapacityChunk> chunks, int total)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return ChunkGather.ByIndex(chunks.Select(c => (c.Start, (IReadOnlyList<CapacityFleetFigures>)[.. c.Fleets.Select(f => f with { Tries = f.Tries.IsDefault ? [] : f.Tries })])), total);
    }
}
