using System.Collections.Immutable;
using InferenceWall.Simulation;

namespace InferenceWall.Analysis.Studies;

/// <summary>
/// One tried arrival rate and what it gave: the latency percentile (NaN when no clip was measured, +∞ beyond the
/// latency histogram's range), whether it met the SLO, and how many clips the percentile was measured on.
/// </summary>
public sealed record CapacityTry(double ClipsPerHour, double LatencyPercentileSeconds, bool MeetsSlo, long MeasuredClips);

/// <summary>
/// What a capacity search found. <see cref="MaxClipsPerHour"/> is null when no load meets the SLO (the first try, at
/// <see cref="CapacitySearch.ProbeShare"/> of the fleet's capacity, already misses it); it is always below
/// <see cref="FleetCapacityClipsPerHour"/>, the most the fleet serves with every replica busy.
/// </summary>
public sealed record CapacityResult(double? MaxClipsPerHour, int Replicas, double Percentile, double SloSeconds, double FleetCapacityClipsPerHour, double Hours,
    ImmutableArray<CapacityTry> Tries)
{
    public bool NoLoadMeetsSlo => MaxClipsPerHour is null;
}

/// <summary>
/// The most clips per hour a fixed fleet sustains with the latency percentile under the SLO: a first try at a light
/// load (if even that misses the SLO, no load meets it), then a bisection between it and the fleet's capacity (its
/// replicas all busy), each try a simulated run (same seed) of several hours of steady demand.
/// </summary>
public static class CapacitySearch
{
    /// <summary>The first try's load: this share of the fleet's capacity.</summary>
    public const double ProbeShare = 0.1;

    /// <summary>The first hour of every try is warm-up, not measured.</summary>
    public const double WarmupSeconds = 3600;

    /// <summary>Clips per hour the fleet serves with every replica busy: replicas × batch ÷ (mean service time × batch time factor).</summary>
    public static double FleetCapacityClipsPerHour(SimulationSpec baseSpec, int replicas)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        var meanService = baseSpec.Clips.Sum(c => c.Share * c.ServiceSeconds) / baseSpec.Clips.Sum(c => c.Share);
        var f = baseSpec.Fleet;
        var batchSeconds = f.BatchSize > 1 ? meanService * f.BatchTimeFactor : meanService;
        return replicas * (double)f.BatchSize / batchSeconds * 3600;
    }

    /// <summary>The most arrivals a search can simulate, all its tries together (each at most the fleet's capacity).</summary>
    public static double MaxArrivals(SimulationSpec baseSpec, int replicas, double hours = 6, int iterations = 14) =>
        FleetCapacityClipsPerHour(baseSpec, replicas) * hours * (ProbeShare + iterations);

    public static CapacityResult Run(SimulationSpec baseSpec, int replicas, double sloSeconds, double percentile, ulong seed, double hours = 6, int iterations = 14,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        var capacity = FleetCapacityClipsPerHour(baseSpec, replicas);
        var spec = baseSpec with
        {
            DurationSeconds = hours * 3600,
            Workload = baseSpec.Workload with { HourlyWeights = [], Bursts = [], Trace = [] },
            Fleet = baseSpec.Fleet with { ReservedReplicas = replicas, InitialOnDemandReplicas = 0, InitialSpotReplicas = 0 },
            Autoscaler = null,
            WarmupSeconds = WarmupSeconds,
            SampleIntervalSeconds = double.PositiveInfinity,
        };
        var tries = ImmutableArray.CreateBuilder<CapacityTry>();

        CapacityTry Try(double clipsPerHour)
        {
            cancel.ThrowIfCancellationRequested();
            var result = FleetSimulator.Run(spec with { Workload = spec.Workload with { MeanRatePerSecond = clipsPerHour / 3600 } }, seed, cancel: cancel);
            var latency = percentile switch
            {
                <= 50 => result.LatencyP50Seconds,
                <= 90 => result.LatencyP90Seconds,
                _ => result.LatencyP99Seconds,
            };
            var measured = result.Tiers.Sum(t => t.Completed);
            var ok = measured > 0 && latency <= sloSeconds && result.TimedOut == 0 && result.Rejected == 0;
            var t = new CapacityTry(clipsPerHour, latency, ok, measured);
            tries.Add(t);
            progress?.Report(tries.Count);
            return t;
        }

        // Above the fleet's capacity the queue grows without end, so the answer lies below it; if a light load
        // already misses the SLO, no load meets it (a bisection would only return noise near zero).
        var probe = Try(ProbeShare * capacity);
        if (!probe.MeetsSlo)
        {
            return new CapacityResult(null, replicas, percentile, sloSeconds, capacity, hours, tries.ToImmutable());
        }

        var lo = probe.ClipsPerHour;
        var hi = capacity;
        for (var i = 0; i < iterations; i++)
        {
            var rate = (lo + hi) / 2;
            if (Try(rate).MeetsSlo)
            {
                lo = rate;
            }
            else
            {
                hi = rate;
            }
        }

        return new CapacityResult(lo, replicas, percentile, sloSeconds, capacity, hours, tries.ToImmutable());
    }
}
