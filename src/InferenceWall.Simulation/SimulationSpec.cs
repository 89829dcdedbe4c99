using System.Collections.Immutable;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Simulation;

/// <summary>A class of users with a priority (0 is served first), an SLO and an optional timeout.</summary>
public sealed record TierSpec
{
    public required string Name { get; init; }
    public int Priority { get; init; }

    /// <summary>Share of arrivals from this tier (Poisson workloads).</summary>
    public double ArrivalShare { get; init; } = 1;

    /// <summary>End-to-end latency target for SLO attainment; null for none.</summary>
    public double? SloSeconds { get; init; }

    /// <summary>A request waiting longer than this in the queue is dropped as timed out; null for never.</summary>
    public double? TimeoutSeconds { get; init; }
}

/// <summary>A kind of clip: its share of arrivals and how long one replica takes to make it.</summary>
public sealed record ClipClass
{
    public required string Name { get; init; }
    public double Share { get; init; } = 1;
    public required double ServiceSeconds { get; init; }
}

/// <summary>A window of extra demand: the arrival rate is multiplied by <see cref="Multiplier"/> inside it.</summary>
public sealed record Burst(double StartSeconds, double DurationSeconds, double Multiplier);

/// <summary>One arrival of a replayed trace.</summary>
public readonly record struct TraceArrival(double TimeSeconds, int Tier, int Clip);

/// <summary>Where requests come from: Poisson at a rate shaped by hourly weights and bursts, or a trace.</summary>
public sealed record WorkloadSpec
{
    /// <summary>Mean arrival rate over the day (requests per second) before hourly weights and bursts.</summary>
    public double MeanRatePerSecond { get; init; }

    /// <summary>24 relative weights, one per hour of the day (normalised to mean 1); empty for a flat rate.</summary>
    public ImmutableArray<double> HourlyWeights { get; init; } = [];
    public ImmutableArray<Burst> Bursts { get; init; } = [];

    /// <summary>Replayed arrivals, sorted by time; when present they replace the Poisson process.</summary>
    public ImmutableArray<TraceArrival> Trace { get; init; } = [];

    /// <summary>Stop generating after this many arrivals (null: run for the duration).</summary>
    public long? MaxRequests { get; init; }

    /// <summary>
    /// A diurnal curve for consumer apps: low overnight, peaking in the evening (relative weights per hour 0–23).
    /// It is a modelling default, not a measurement; give your own weights from your traffic.
    /// </summary>
    public static ImmutableArray<double> DefaultDiurnal { get; } =
        [0.45, 0.35, 0.30, 0.28, 0.30, 0.40, 0.60, 0.80, 0.95, 1.05, 1.10, 1.15, 1.20, 1.20, 1.15, 1.15, 1.20, 1.30, 1.45, 1.60, 1.65, 1.50, 1.10, 0.75];
}

/// <summary>The fleet: replicas of k GPUs, bought as reserved (fixed), on-demand and spot (autoscaled).</summary>
public sealed record FleetSpec
{
    public int GpusPerReplica { get; init; } = 1;
    public int ReservedReplicas { get; init; }
    public int InitialOnDemandReplicas { get; init; }
    public int InitialSpotReplicas { get; init; }
    public double ReservedUsdPerGpuHour { get; init; }
    public double OnDemandUsdPerGpuHour { get; init; }
    public double SpotUsdPerGpuHour { get; init; }

    /// <summary>Spot preemptions per replica-hour; the clip in progress is lost and re-queued at the front.</summary>
    public double SpotPreemptionsPerHour { get; init; }

    /// <summary>Seconds from asking for a replica to it serving (boot, weights load): the cold start.</summary>
    public double ProvisioningDelaySeconds { get; init; } = 300;
    public double BoardPowerWatts { get; init; }
    public double Pue { get; init; } = 1.0;

    /// <summary>Clips served together by one replica; 1 unless the cost model says batching pays.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Time of a batch of <see cref="BatchSize"/> clips relative to one clip (from the cost model).</summary>
    public double BatchTimeFactor { get; init; } = 1;
}

/// <summary>Scales on-demand and spot replicas every <see cref="IntervalSeconds"/>.</summary>
public sealed record AutoscalerSpec
{
    public AutoscalePolicy Policy { get; init; } = AutoscalePolicy.TargetUtilization;
    public double Target { get; init; } = 0.8;
    public double IntervalSeconds { get; init; } = 60;
    public int MinReplicas { get; init; }

    /// <summary>The most replicas the autoscaler runs; null for none given (then <see cref="SimulationLimits.MaxReplicas"/>).</summary>
    public int? MaxReplicas { get; init; }

    /// <summary>The most replicas the autoscaler runs: its own maximum, or the simulator's limit.</summary>
    public int EffectiveMaxReplicas => MaxReplicas ?? SimulationLimits.MaxReplicas;

    /// <summary>Share of added replicas bought as spot (the rest on-demand).</summary>
    public double SpotShare { get; init; }
}

/// <summary>Everything one simulated run depends on, besides the seed.</summary>
public sealed record SimulationSpec
{
    public double DurationSeconds { get; init; } = 86_400;
    public required ImmutableArray<TierSpec> Tiers { get; init; }
    public required ImmutableArray<ClipClass> Clips { get; init; }
    public required WorkloadSpec Workload { get; init; }
    public required FleetSpec Fleet { get; init; }
    public AutoscalerSpec? Autoscaler { get; init; }
    public Variability Variability { get; init; } = Variability.Deterministic;

    /// <summary>Coefficient of variation for <see cref="Variability.LogNormal"/>.</summary>
    public double VariabilityCv { get; init; } = 0.1;

    /// <summary>Arrivals beyond this queue length are rejected (admission control); null for no limit.</summary>
    public int? MaxQueueLength { get; init; }

    /// <summary>Requests arriving before this time are served but not counted in the wait statistics (warm-up).</summary>
    public double WarmupSeconds { get; init; }

    /// <summary>Seconds between samples of the queue and fleet size over the day.</summary>
    public double SampleIntervalSeconds { get; init; } = 600;

    /// <summary>
    /// Every inconsistency and every limit the run would pass, with paths in the spec's own words (<c>duration_s</c>,
    /// <c>fleet.reserved_replicas</c>, <c>workload.bursts[0].multiplier</c>); callers that built the spec from other
    /// input map the paths to theirs. The work is estimated from the spec, so nothing runs to find a limit.
    /// </summary>
    public ImmutableArray<Problem> Problems() => SpecChecks.Problems(this);

    /// <summary>The plain M/M/c queue: Poisson arrivals, exponential service with mean 1 s, c servers, FCFS.</summary>
    public static SimulationSpec Mmc(int servers, double load, long requests) => new()
    {
        DurationSeconds = double.PositiveInfinity,
        Tiers = [new TierSpec { Name = "all" }],
        Clips = [new ClipClass { Name = "exp(1)", ServiceSeconds = 1.0 }],
        Workload = new WorkloadSpec { MeanRatePerSecond = load * servers, MaxRequests = requests },
        Fleet = new FleetSpec { ReservedReplicas = servers },
        Variability = Variability.Exponential,
        SampleIntervalSeconds = double.PositiveInfinity,
    };
}
