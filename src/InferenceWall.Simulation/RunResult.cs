using System.Collections.Immutable;
using InferenceWall.Core.Catalog;

namespace InferenceWall.Simulation;

/// <summary>
/// Latency figures of one tier. Percentiles are NaN when no request of the tier was measured (all arrived in the
/// warm-up, or none arrived) and +∞ when they lie beyond <see cref="Metrics.Histogram.TopSeconds"/>.
/// </summary>
public sealed record TierMetrics(string Tier, long Completed, double LatencyP50Seconds, double LatencyP99Seconds, double? SloAttainment);

/// <summary>GPU-hours and dollars of one capacity class.</summary>
public sealed record ClassMetrics(CapacityClass Capacity, double GpuHoursBusy, double GpuHoursIdle, double CostUsd);

/// <summary>The queue and the fleet over time, sampled every <see cref="SimulationSpec.SampleIntervalSeconds"/>.</summary>
public sealed record TimeSeries(ImmutableArray<double> TimesSeconds, ImmutableArray<int> QueueLength, ImmutableArray<int> ReplicasReserved,
    ImmutableArray<int> ReplicasOnDemand, ImmutableArray<int> ReplicasSpot, ImmutableArray<int> ReplicasBusy);

/// <summary>
/// What one simulated run measured. A pure function of the spec and the seed. Means and percentiles are NaN when
/// nothing was measured, and percentiles are +∞ when they lie beyond <see cref="Metrics.Histogram.TopSeconds"/>;
/// front ends say so instead of printing either.
/// </summary>
public sealed record RunResult
{
    public required long Arrivals { get; init; }
    public required long Completed { get; init; }

    /// <summary>Arrivals turned away: by the spec's admission control, or because the queue held <see cref="SimulationLimits.MaxQueuedRequests"/>.</summary>
    public required long Rejected { get; init; }

    /// <summary>The part of <see cref="Rejected"/> turned away at the simulator's own queue limit (the spec set none).</summary>
    public long RejectedAtQueueLimit { get; init; }

    /// <summary>Whether the autoscaler, with no maximum of its own, wanted more than <see cref="SimulationLimits.MaxReplicas"/>.</summary>
    public bool ReplicaLimitReached { get; init; }

    /// <summary>Whether the run stopped at <see cref="SimulationLimits.MaxEvents"/> before its work was done (its figures are partial).</summary>
    public bool StoppedAtEventLimit { get; init; }
    public required long TimedOut { get; init; }
    public required long Preemptions { get; init; }
    public required long Events { get; init; }
    public required double EndSeconds { get; init; }

    /// <summary>Wait in the queue (arrival to start of service) of requests arriving after warm-up.</summary>
    public required double MeanWaitSeconds { get; init; }
    public required double WaitP50Seconds { get; init; }
    public required double WaitP90Seconds { get; init; }
    public required double WaitP99Seconds { get; init; }
    public required double MeanLatencySeconds { get; init; }
    public required double LatencyP50Seconds { get; init; }
    public required double LatencyP90Seconds { get; init; }
    public required double LatencyP99Seconds { get; init; }

    /// <summary>Share of completed requests of tiers with an SLO that met it; null when no tier has one.</summary>
    public double? SloAttainment { get; init; }
    public required ImmutableArray<TierMetrics> Tiers { get; init; }
    public required ImmutableArray<ClassMetrics> Classes { get; init; }
    public double GpuHoursBusy => Classes.Sum(c => c.GpuHoursBusy);
    public double GpuHoursIdle => Classes.Sum(c => c.GpuHoursIdle);
    public double GpuHoursPaid => GpuHoursBusy + GpuHoursIdle;
    public double Utilization => GpuHoursPaid > 0 ? GpuHoursBusy / GpuHoursPaid : 0;
    public double CostUsd => Classes.Sum(c => c.CostUsd);

    /// <summary>Dollars per completed clip, idle and lost work included.</summary>
    public double RealizedCostPerClipUsd => Completed > 0 ? CostUsd / Completed : double.NaN;

    /// <summary>Energy of busy GPU time at board power × PUE (idle draw is not in the catalog and not counted).</summary>
    public required double EnergyKwh { get; init; }

    /// <summary>GPU-hours of work lost to spot preemptions (paid, then redone).</summary>
    public required double LostGpuHours { get; init; }
    public required TimeSeries Series { get; init; }
}
