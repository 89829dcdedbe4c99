using System.Collections.Immutable;
using System.Text.Json.Serialization;
using InferenceWall.Core.Catalog;
using InferenceWall.Simulation;

namespace InferenceWall.Application.Simulate;

/// <summary>What a simulation gave: a scenario's day, or the M/M/c queue (the other is null).</summary>
public sealed record SimulateResponse
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SimulatedDay? Day { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MmcQueueRun? Mmc { get; init; }
}

/// <summary>A mean and percentiles of durations in seconds; null ones say why in <see cref="Reason"/>.</summary>
public sealed record DurationFigures
{
    public double? Mean { get; init; }
    public double? P50 { get; init; }
    public double? P90 { get; init; }
    public double? P99 { get; init; }

    /// <summary>Why a figure is null: nothing measured, or a percentile beyond the latency histogram's range.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}

/// <summary>One user tier's clips and latency over the run.</summary>
public sealed record TierFigures
{
    public required string Tier { get; init; }
    public required long Completed { get; init; }

    [JsonPropertyName("latency_p50_s")]
    public double? LatencyP50Seconds { get; init; }

    [JsonPropertyName("latency_p99_s")]
    public double? LatencyP99Seconds { get; init; }

    /// <summary>Why a latency is null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LatencyReason { get; init; }

    /// <summary>Share of the tier's measured clips within its SLO.</summary>
    public double? SloAttainment { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SloAttainmentReason { get; init; }
}

/// <summary>
/// A replica's start as the simulator waited it: <c>provisioning_delay_s</c> (the machine) + <c>model_load_s</c>
/// (<c>model_load_bytes</c> per GPU at <c>load_gbps</c>) = <c>start_s</c>.
/// </summary>
public sealed record ReplicaStartFigures(double ProvisioningDelayS, double ModelLoadS, double ModelLoadBytes, double LoadGbps, double StartS);

/// <summary>One capacity class of the fleet; <see cref="Label"/> is its word in outputs (<c>owned</c> for an owned fleet, whose fixed replicas the simulator runs as reserved).</summary>
public sealed record CapacityClassFigures(CapacityClass Capacity, string Label, double GpuHoursBusy, double GpuHoursIdle, double CostUsd);

/// <summary>A scenario's simulated run: demand through the fleet, latency and SLOs, GPU-hours and dollars.</summary>
public sealed record SimulatedDay
{
    public required string Scenario { get; init; }
    public required ulong Seed { get; init; }

    /// <summary>Length of the simulated run (simulation.duration_s); every total below is over it, not per day.</summary>
    public required double DurationS { get; init; }
    public required long Arrivals { get; init; }
    public required long Completed { get; init; }

    /// <summary>Turned away by admission control (the scenario's max_queue_length, or the simulator's queue limit).</summary>
    public required long Rejected { get; init; }
    public required long TimedOut { get; init; }
    public required long Preemptions { get; init; }
    public required long Events { get; init; }

    /// <summary>Waits in the queue, arrival to start of service.</summary>
    [JsonPropertyName("wait_s")]
    public required DurationFigures WaitSeconds { get; init; }

    /// <summary>Latencies, arrival to the clip done.</summary>
    [JsonPropertyName("latency_s")]
    public required DurationFigures LatencySeconds { get; init; }

    /// <summary>Share of the measured clips of tiers with an SLO that met it.</summary>
    public double? SloAttainment { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SloAttainmentReason { get; init; }

    public required ImmutableArray<TierFigures> Tiers { get; init; }

    /// <summary>Busy GPU-hours ÷ paid GPU-hours.</summary>
    public required double Utilization { get; init; }
    public required double GpuHoursBusy { get; init; }
    public required double GpuHoursIdle { get; init; }

    /// <summary>Reserved, on-demand and spot, in that order.</summary>
    public required ImmutableArray<CapacityClassFigures> Classes { get; init; }
    public required double CostUsd { get; init; }

    /// <summary>Dollars per completed clip, idle and lost work included.</summary>
    public double? RealizedCostPerClipUsd { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RealizedCostPerClipReason { get; init; }

    /// <summary>The economics' cost per clip at the average load, to compare with.</summary>
    public required double AverageLoadCostPerClipUsd { get; init; }
    public required double LostGpuHours { get; init; }

    /// <summary>Energy of busy GPU time at board power × PUE.</summary>
    public required double EnergyKwh { get; init; }

    /// <summary>How long each replica took to start: the machine's provisioning delay plus the model's load.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReplicaStartFigures? ReplicaStart { get; init; }

    /// <summary>Assumptions made mapping the scenario, and limits the run met.</summary>
    public required ImmutableArray<string> Notes { get; init; }

    /// <summary>The queue and the fleet over the run, a sample every <c>simulation.sample_interval_s</c> (default 600 s; at most 100,000 samples), for the dashboard's chart of the day.</summary>
    public ImmutableArray<FleetSample> FleetSeries { get; init; } = [];

    /// <summary>The queue and the fleet over the run, for the CLI's chart (in the JSON as <see cref="FleetSeries"/>).</summary>
    [JsonIgnore]
    public TimeSeries? Series { get; init; }
}

/// <summary>
/// One sample of the queue and the fleet: the time since the run began, clips waiting, and replicas held by capacity
/// class and busy.
/// </summary>
public sealed record FleetSample(double TimeS, int QueueLength, int ReplicasReserved, int ReplicasOnDemand, int ReplicasSpot, int ReplicasBusy)
{
    public static ImmutableArray<FleetSample> Of(TimeSeries? series) => series is null
        ? []
        : [.. series.TimesSeconds.Select((t, i) => new FleetSample(t, series.QueueLength[i], series.ReplicasReserved[i], series.ReplicasOnDemand[i], series.ReplicasSpot[i], series.ReplicasBusy[i]))];
}

/// <summary>The plain M/M/c queue: simulated waits against Erlang C's closed form, and the simulator's speed.</summary>
public sealed record MmcQueueRun
{
    public required int Servers { get; init; }
    public required double Load { get; init; }
    public required long Requests { get; init; }

    /// <summary>
    /// Set when the run is too short for the queue to reach its steady state, so the measured wait cannot be compared
    /// with Erlang C; null otherwise.
    /// </summary>
    public string? SteadyStateNote { get; init; }
    public required ulong Seed { get; init; }

    [JsonPropertyName("mean_wait_s")]
    public double? MeanWaitSeconds { get; init; }

    [JsonPropertyName("erlang_c_mean_wait_s")]
    public required double ErlangCMeanWaitSeconds { get; init; }

    [JsonPropertyName("wait_p50_s")]
    public double? WaitP50Seconds { get; init; }

    [JsonPropertyName("wait_p99_s")]
    public double? WaitP99Seconds { get; init; }

    /// <summary>Why a wait figure is null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WaitReason { get; init; }

    public required long Events { get; init; }

    /// <summary>Requests simulated per second of wall-clock time (the simulation loop only); null when too fast to time or untimed.</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>Wall-clock seconds of the simulation loop; null when the caller gave no clock.</summary>
    public double? WallSeconds { get; init; }

    /// <summary>Requests arriving before this time are served but not measured (empty-start bias).</summary>
    [JsonPropertyName("warmup_s")]
    public required double WarmupSeconds { get; init; }
}
