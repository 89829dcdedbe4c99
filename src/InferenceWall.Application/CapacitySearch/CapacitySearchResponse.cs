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

/// <summary>The most clips per hour the fleet sustains under the SLO, and every try of the search.</summary>
public sealed record CapacitySearchResponse
{
    /// <summary>The highest tried rate that met the SLO; always below <see cref="FleetCapacityClipsPerHour"/>.</summary>
    public required double MaxClipsPerHour { get; init; }
    public required int Replicas { get; init; }
    public required long Gpus { get; init; }
    public required double Percentile { get; init; }

    [JsonPropertyName("slo_s")]
    public required double SloSeconds { get; init; }

    /// <summary>What the fleet serves with every replica busy: the bound no sustained rate reaches.</summary>
    public required double FleetCapacityClipsPerHour { get; init; }

    /// <summary>Simulated hours of each try, the first of them warm-up.</summary>
    public required double Hours { get; init; }
    public required ulong Seed { get; init; }
    public required ImmutableArray<CapacityTryFigures> Tries { get; init; }
}
