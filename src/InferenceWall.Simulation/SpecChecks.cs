using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation.Workload;

namespace InferenceWall.Simulation;

/// <summary>The checks of <see cref="SimulationSpec.Problems"/>: ranges, consistency, and the work limits.</summary>
internal static class SpecChecks
{
    private static string N(double v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static bool NonNegative(double v) => double.IsFinite(v) && v >= 0;

    private static bool Positive(double v) => double.IsFinite(v) && v > 0;

    public static ImmutableArray<Problem> Problems(SimulationSpec spec)
    {
        var p = ImmutableArray.CreateBuilder<Problem>();
        var duration = Duration(spec, p);
        Tiers(spec, p);
        Clips(spec, p);
        var workloadOk = Workload(spec, duration, p);
        Fleet(spec, p);
        Autoscaler(spec, duration, p);
        Service(spec, duration, p);
        if (duration is not null && workloadOk)
        {
            Arrivals(spec, duration.Value, p);
        }

        if (duration is { } d && double.IsFinite(d) && p.Count == 0)
        {
            Preemptions(spec, d, p);
        }

        return p.ToImmutable();
    }

    /// <summary>The run's length when it is valid (+∞ for a run that stops after a number of requests), else null.</summary>
    private static double? Duration(SimulationSpec spec, ImmutableArray<Problem>.Builder p)
    {
        var d = spec.DurationSeconds;
        if (double.IsPositiveInfinity(d))
        {
            if (spec.Workload.MaxRequests is null)
            {
                p.Add(Problem.BadInput("duration_s", "an endless run needs a number of requests to stop after", "give a duration or a number of requests"));
                return null;
            }

            return d;
        }

        if (!Positive(d))
        {
            p.Add(Problem.BadInput("duration_s", $"{G(d)} s: must be a positive number of seconds"));
            return null;
        }

        if (d > SimulationLimits.MaxDurationSeconds)
        {
            p.Add(Problem.LimitExceeded("duration_s", $"{G(d)} s is longer than the simulator's limit of 366 days ({N(SimulationLimits.MaxDurationSeconds)} s)",
                "simulate at most 366 days"));
            return null;
        }

        return d;
    }

    private static void Tiers(SimulationSpec spec, ImmutableArray<Problem>.Builder p)
    {
        if (spec.Tiers.IsDefaultOrEmpty)
        {
            p.Add(Problem.BadInput("tiers", "at least one tier is needed"));
            return;
        }

        if (spec.Tiers.Length > SimulationLimits.MaxTiers)
        {
            p.Add(Problem.LimitExceeded("tiers", $"{spec.Tiers.Length:N0} tiers; the simulator takes at most {SimulationLimits.MaxTiers}"));
            return;
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Tiers.Length; i++)
        {
            var t = spec.Tiers[i];
            var path = $"tiers[{i}]";
            if (!names.TryAdd(t.Name, i))
            {
                p.Add(Problem.BadInput(path + ".name", $"'{t.Name}' is already tiers[{names[t.Name]}]; give each tier once"));
            }

            if (!NonNegative(t.ArrivalShare))
            {
                p.Add(Problem.BadInput(path + ".arrival_share", $"{G(t.ArrivalShare)}: must be a non-negative number"));
            }

            if (t.SloSeconds is { } slo && !Positive(slo))
            {
                p.Add(Problem.BadInput(path + ".slo_s", $"{G(slo)} s: must be a positive number of seconds"));
            }

            if (t.TimeoutSeconds is { } timeout && !Positive(timeout))
            {
                p.Add(Problem.BadInput(path + ".timeout_s", $"{G(timeout)} s: must be a positive number of seconds"));
            }
        }

        if (spec.Workload.Trace.IsDefaultOrEmpty && spec.Tiers.All(t => NonNegative(t.ArrivalShare)) && !(spec.Tiers.Sum(t => t.ArrivalShare) > 0 && double.IsFinite(spec.Tiers.Sum(t => t.ArrivalShare))))
        {
            p.Add(Problem.BadInput("tiers", "the tiers' arrival shares must add up to a positive number"));
        }
    }

    private static void Clips(SimulationSpec spec, ImmutableArray<Problem>.Builder p)
    {
        if (spec.Clips.IsDefaultOrEmpty)
        {
            p.Add(Problem.BadInput("clips", "at least one clip class is needed"));
            return;
        }

        if (spec.Clips.Length > SimulationLimits.MaxClipClasses)
        {
            p.Add(Problem.LimitExceeded("clips", $"{spec.Clips.Length:N0} clip classes; the simulator takes at most {SimulationLimits.MaxClipClasses}"));
            return;
        }

        var shares = 0.0;
        for (var i = 0; i < spec.Clips.Length; i++)
        {
            var c = spec.Clips[i];
            if (!Positive(c.ServiceSeconds))
            {
                p.Add(Problem.BadInput($"clips[{i}].service_s", $"{G(c.ServiceSeconds)} s: a clip's service time must be a positive number of seconds"));
            }

            if (!Positive(c.Share))
            {
                p.Add(Problem.BadInput($"clips[{i}].share", $"{G(c.Share)}: a clip's share must be a positive number"));
            }
            else
            {
                shares += c.Share;
            }
        }

        if (!double.IsFinite(shares))
        {
            p.Add(Problem.BadInput("clips", "the clip shares add up to more than a number can hold"));
        }
    }

    /// <summary>Checks the workload; true when it is sound enough to estimate its arrivals.</summary>
    private static bool Workload(SimulationSpec spec, double? duration, ImmutableArray<Problem>.Builder p)
    {
        var w = spec.Workload;
        var before = p.Count;
        if (w.MaxRequests is { } max)
        {
            if (max < 1)
            {
                p.Add(Problem.BadInput("workload.max_requests", $"{max:N0}: must be at least 1"));
            }
            else if (max > SimulationLimits.MaxArrivals)
            {
                p.Add(Problem.LimitExceeded("workload.max_requests", $"{max:N0} requests; the simulator takes at most {SimulationLimits.MaxArrivals:N0} per run"));
            }
        }

        if (!w.Trace.IsDefaultOrEmpty)
        {
            Trace(spec, duration, p);
            return p.Count == before;
        }

        if (!Positive(w.MeanRatePerSecond))
        {
            p.Add(Problem.BadInput("workload.mean_rate_per_s", $"{G(w.MeanRatePerSecond)} per second: the arrival rate must be a positive, finite number (or replay a trace)"));
        }

        if (!w.HourlyWeights.IsDefaultOrEmpty)
        {
            var sum = w.HourlyWeights.Sum();
            if (w.HourlyWeights.Length != 24 || w.HourlyWeights.Any(x => !NonNegative(x)) || !(sum > 0) || !double.IsFinite(sum))
            {
                p.Add(Problem.BadInput("workload.hourly_weights", "must hold 24 non-negative weights, one per hour, not all zero"));
            }
        }

        if (w.Bursts.IsDefault)
        {
            return p.Count == before;
        }

        if (w.Bursts.Length > SimulationLimits.MaxBursts)
        {
            p.Add(Problem.LimitExceeded("workload.bursts", $"{w.Bursts.Length:N0} bursts; the simulator takes at most {SimulationLimits.MaxBursts}"));
            return false;
        }

        for (var i = 0; i < w.Bursts.Length; i++)
        {
            var b = w.Bursts[i];
            if (!NonNegative(b.StartSeconds))
            {
                p.Add(Problem.BadInput($"workload.bursts[{i}].start_s", $"{G(b.StartSeconds)} s: must be a non-negative number of seconds"));
            }

            if (!Positive(b.DurationSeconds))
            {
                p.Add(Problem.BadInput($"workload.bursts[{i}].duration_s", $"{G(b.DurationSeconds)} s: must be a positive number of seconds"));
            }

            if (!NonNegative(b.Multiplier))
            {
                p.Add(Problem.BadInput($"workload.bursts[{i}].multiplier", $"{G(b.Multiplier)}: must be a non-negative number"));
            }
        }

        return p.Count == before;
    }

    private static void Trace(SimulationSpec spec, double? duration, ImmutableArray<Problem>.Builder p)
    {
        var trace = spec.Workload.Trace;
        if (trace.Length > SimulationLimits.MaxArrivals)
        {
            p.Add(Problem.LimitExceeded("workload.trace", $"{trace.Length:N0} arrivals; the simulator takes at most {SimulationLimits.MaxArrivals:N0} per run"));
            return;
        }

        var last = 0.0;
        for (var i = 0; i < trace.Length; i++)
        {
            var a = trace[i];
            var problem = !NonNegative(a.TimeSeconds) ? "its time must be a non-negative number of seconds"
                : a.TimeSeconds < last ? "it is earlier than the arrival before it; sort the trace by time"
                : duration is { } d && a.TimeSeconds >= d ? $"it is at {G(a.TimeSeconds)} s, after the run's end at {G(d)} s"
                : a.Tier < 0 || spec.Tiers.IsDefault || a.Tier >= spec.Tiers.Length ? "its tier is not one of the tiers"
                : a.Clip < 0 || spec.Clips.IsDefault || a.Clip >= spec.Clips.Length ? "its clip is not one of the clip classes"
                : null;
            if (problem is not null)
            {
                p.Add(Problem.BadInput($"workload.trace[{i}]", $"arrival {i:N0}: {problem}"));
                return;
            }

            last = a.TimeSeconds;
        }
    }

    private static void Fleet(SimulationSpec spec, ImmutableArray<Problem>.Builder p)
    {
        var f = spec.Fleet;
        if (f.GpusPerReplica < 1)
        {
            p.Add(Problem.BadInput("fleet.gpus_per_replica", $"{f.GpusPerReplica}: must be at least 1"));
        }

        var counts = new (string Path, int Value)[]
        {
            ("fleet.reserved_replicas", f.ReservedReplicas), ("fleet.initial_on_demand_replicas", f.InitialOnDemandReplicas), ("fleet.initial_spot_replicas", f.InitialSpotReplicas),
        };
        foreach (var (path, value) in counts.Where(c => c.Value < 0))
        {
            p.Add(Problem.BadInput(path, $"{value:N0}: a replica count must be at least 0"));
        }

        var total = counts.Sum(c => (long)Math.Max(c.Value, 0));
        if (total > SimulationLimits.MaxReplicas)
        {
            var largest = counts.MaxBy(c => c.Value);
            p.Add(Problem.LimitExceeded(largest.Value > SimulationLimits.MaxReplicas ? largest.Path : "fleet",
                $"{total:N0} replicas at the start; the simulator runs at most {SimulationLimits.MaxReplicas:N0} replicas"));
        }
        else if (total == 0 && spec.Autoscaler is null)
        {
            p.Add(Problem.BadInput("fleet", "no replicas and no autoscaler; nothing would serve", "give reserved or initial replicas, or an autoscaler"));
        }

        foreach (var (path, value) in new[]
        {
            ("fleet.reserved_usd_per_gpu_hour", f.ReservedUsdPerGpuHour), ("fleet.on_demand_usd_per_gpu_hour", f.OnDemandUsdPerGpuHour),
            ("fleet.spot_usd_per_gpu_hour", f.SpotUsdPerGpuHour), ("fleet.provisioning_delay_s", f.ProvisioningDelaySeconds), ("fleet.board_power_w", f.BoardPowerWatts),
        })
        {
            if (!NonNegative(value))
            {
                p.Add(Problem.BadInput(path, $"{G(value)}: must be a non-negative number"));
            }
        }

        if (f.ProvisioningDelaySeconds > SimulationLimits.MaxProvisioningDelaySeconds)
        {
            p.Add(Problem.LimitExceeded("fleet.provisioning_delay_s", $"{G(f.ProvisioningDelaySeconds)} s; the simulator takes a cold start of at most a day ({N(SimulationLimits.MaxProvisioningDelaySeconds)} s)"));
        }

        if (!Positive(f.Pue))
        {
            p.Add(Problem.BadInput("fleet.pue", $"{G(f.Pue)}: must be a positive number"));
        }

        if (!NonNegative(f.SpotPreemptionsPerHour))
        {
            p.Add(Problem.BadInput("fleet.spot_preemptions_per_hour", $"{G(f.SpotPreemptionsPerHour)}: must be a non-negative number"));
        }
        else if (f.SpotPreemptionsPerHour > SimulationLimits.MaxSpotPreemptionsPerHour)
        {
            p.Add(Problem.LimitExceeded("fleet.spot_preemptions_per_hour",
                $"{G(f.SpotPreemptionsPerHour)} per replica-hour; the simulator takes at most {SimulationLimits.MaxSpotPreemptionsPerHour:0} (one a minute)"));
        }

        if (f.BatchSize < 1)
        {
            p.Add(Problem.BadInput("fleet.batch_size", $"{f.BatchSize}: must be at least 1"));
        }
        else if (f.BatchSize > SimulationLimits.MaxBatchSize)
        {
            p.Add(Problem.LimitExceeded("fleet.batch_size", $"{f.BatchSize:N0} clips per batch; the simulator takes at most {SimulationLimits.MaxBatchSize}"));
        }

        if (!Positive(f.BatchTimeFactor))
        {
            p.Add(Problem.BadInput("fleet.batch_time_factor", $"{G(f.BatchTimeFactor)}: must be a positive number"));
        }
    }

    private static void Autoscaler(SimulationSpec spec, double? duration, ImmutableArray<Problem>.Builder p)
    {
        if (spec.Autoscaler is not { } a)
        {
            return;
        }

        if (!Positive(a.Target))
        {
            p.Add(Problem.BadInput("autoscaler.target", $"{G(a.Target)}: must be a positive number"));
        }

        if (!Positive(a.IntervalSeconds))
        {
            p.Add(Problem.BadInput("autoscaler.interval_s", $"{G(a.IntervalSeconds)} s: must be a positive number of seconds"));
        }
        else if (duration is { } d)
        {
            var ticks = d / a.IntervalSeconds;
            if (ticks > SimulationLimits.MaxAutoscalerTicks)
            {
                var shortest = d / SimulationLimits.MaxAutoscalerTicks;
                p.Add(Problem.LimitExceeded("autoscaler.interval_s",
                    double.IsInfinity(ticks)
                        ? "an endless run cannot autoscale"
                        : $"a decision every {G(a.IntervalSeconds)} s makes {N(ticks)} decisions over the run; the simulator takes at most {SimulationLimits.MaxAutoscalerTicks:N0}",
                    double.IsInfinity(ticks) ? null : $"decide at most every {G(shortest)} s"));
            }
        }

        if (a.MinReplicas < 0)
        {
            p.Add(Problem.BadInput("autoscaler.min_replicas", $"{a.MinReplicas:N0}: must be at least 0"));
        }
        else if (a.MinReplicas > SimulationLimits.MaxReplicas)
        {
            p.Add(Problem.LimitExceeded("autoscaler.min_replicas", $"{a.MinReplicas:N0} replicas; the simulator runs at most {SimulationLimits.MaxReplicas:N0} replicas"));
        }

        if (a.MaxReplicas is { } max)
        {
            if (max < 1)
            {
                p.Add(Problem.BadInput("autoscaler.max_replicas", $"{max:N0}: must be at least 1"));
            }
            else if (max > SimulationLimits.MaxReplicas)
            {
                p.Add(Problem.LimitExceeded("autoscaler.max_replicas", $"{max:N0} replicas; the simulator runs at most {SimulationLimits.MaxReplicas:N0} replicas",
                    $"give at most {SimulationLimits.MaxReplicas:N0}, or leave it out to take that limit"));
            }
        }

        if (a.MinReplicas >= 0 && a.MinReplicas <= SimulationLimits.MaxReplicas && a.MinReplicas > a.EffectiveMaxReplicas && a.EffectiveMaxReplicas >= 1)
        {
            p.Add(Problem.BadInput("autoscaler.min_replicas", $"{a.MinReplicas:N0} is above the maximum of {a.EffectiveMaxReplicas:N0} replicas"));
        }

        if (!(a.SpotShare is >= 0 and <= 1))
        {
            p.Add(Problem.BadInput("autoscaler.spot_share", $"{G(a.SpotShare)}: must be between 0 and 1"));
        }
    }

    private static void Service(SimulationSpec spec, double? duration, ImmutableArray<Problem>.Builder p)
    {
        if (spec.Variability == Variability.LogNormal && !Positive(spec.VariabilityCv))
        {
            p.Add(Problem.BadInput("variability_cv", $"{G(spec.VariabilityCv)}: must be positive for log-normal service times"));
        }
        else if (spec.Variability == Variability.LogNormal && spec.VariabilityCv > SimulationLimits.MaxVariabilityCv)
        {
            p.Add(Problem.BadInput("variability_cv", $"{G(spec.VariabilityCv)}: must be at most {SimulationLimits.MaxVariabilityCv:0} (at 10, six clips in ten thousand already take over 100 times the mean)"));
        }

        if (spec.MaxQueueLength is { } q)
        {
            if (q < 0)
            {
                p.Add(Problem.BadInput("max_queue_length", $"{q:N0}: must be at least 0"));
            }
            else if (q > SimulationLimits.MaxQueuedRequests)
            {
                p.Add(Problem.LimitExceeded("max_queue_length", $"{q:N0} waiting requests; the simulator holds at most {SimulationLimits.MaxQueuedRequests:N0}",
                    "give at most that, or leave it out to queue up to that limit"));
            }
        }

        if (!NonNegative(spec.WarmupSeconds))
        {
            p.Add(Problem.BadInput("warmup_s", $"{G(spec.WarmupSeconds)} s: must be a non-negative number of seconds"));
        }

        var interval = spec.SampleIntervalSeconds;
        if (double.IsPositiveInfinity(interval))
        {
            return;
        }

        if (!Positive(interval))
        {
            p.Add(Problem.BadInput("sample_interval_s", $"{G(interval)} s: must be a positive number of seconds"));
        }
        else if (duration is { } d && double.IsFinite(d) && (d / interval) + 1 > SimulationLimits.MaxSamples)
        {
            p.Add(Problem.LimitExceeded("sample_interval_s",
                $"a sample every {G(interval)} s takes {N(Math.Floor(d / interval) + 1)} samples over the run; the simulator takes at most {SimulationLimits.MaxSamples:N0}",
                $"sample at most every {G(d / (SimulationLimits.MaxSamples - 1))} s"));
        }
    }

    /// <summary>The expected arrivals against <see cref="SimulationLimits.MaxArrivals"/>, blaming what brings most of them.</summary>
    private static void Arrivals(SimulationSpec spec, double duration, ImmutableArray<Problem>.Builder p)
    {
        var w = spec.Workload;
        if (!w.Trace.IsDefaultOrEmpty || double.IsPositiveInfinity(duration))
        {
            return; // counted exactly above
        }

        var expected = ArrivalRate.Expected(w, duration);
        if (w.MaxRequests is { } max)
        {
            expected = Math.Min(expected, max);
        }

        if (!(expected > SimulationLimits.MaxArrivals))
        {
            return;
        }

        string path;
        string fix;
        if (!w.Bursts.IsDefaultOrEmpty && ArrivalRate.Expected(w, duration, withBursts: false) <= SimulationLimits.MaxArrivals)
        {
            var biggest = Enumerable.Range(0, w.Bursts.Length).MaxBy(i => (w.Bursts[i].Multiplier - 1) * w.Bursts[i].DurationSeconds);
            path = $"workload.bursts[{biggest}].multiplier";
            fix = "lower the bursts' multipliers or shorten them";
        }
        else if (duration > 86_400 && ArrivalRate.Expected(w, 86_400) <= SimulationLimits.MaxArrivals)
        {
            path = "duration_s";
            fix = "simulate a shorter run";
        }
        else
        {
            path = "workload.mean_rate_per_s";
            fix = "simulate less demand (a share of the users) or a shorter run";
        }

        p.Add(Problem.LimitExceeded(path,
            $"the run would bring about {(double.IsFinite(expected) ? N(expected) : "infinitely many")} arrivals; the simulator takes at most {SimulationLimits.MaxArrivals:N0} per run", fix));
    }

    /// <summary>
    /// The spot preemptions a run may expect against <see cref="SimulationLimits.MaxPreemptions"/>: spot replicas ×
    /// preemptions per replica-hour × hours, the autoscaled spot replicas taken as twice what the peak demand needs
    /// (capped by the autoscaler's maximum).
    /// </summary>
    private static void Preemptions(SimulationSpec spec, double duration, ImmutableArray<Problem>.Builder p)
    {
        var f = spec.Fleet;
        if (f.SpotPreemptionsPerHour <= 0)
        {
            return;
        }

        double spotReplicas = f.InitialSpotReplicas;
        if (spec.Autoscaler is { SpotShare: > 0 } a)
        {
            var needed = (double)a.EffectiveMaxReplicas;
            if (spec.Workload.Trace.IsDefaultOrEmpty)
            {
                var peakRate = PeakRate(spec.Workload, duration);
                var longest = spec.Clips.Max(c => c.ServiceSeconds);
                needed = Math.Min(needed, Math.Max(a.MinReplicas, Math.Ceiling(2 * peakRate * longest / f.BatchSize / a.Target)));
            }

            spotReplicas += Math.Ceiling(needed * a.SpotShare);
        }

        var expected = spotReplicas * f.SpotPreemptionsPerHour * duration / 3600;
        if (expected > SimulationLimits.MaxPreemptions)
        {
            p.Add(Problem.LimitExceeded("fleet.spot_preemptions_per_hour",
                $"about {N(spotReplicas)} spot replicas at {G(f.SpotPreemptionsPerHour)} preemptions per replica-hour make about {N(expected)} preemptions over the run; the simulator takes at most {SimulationLimits.MaxPreemptions:N0}",
                "give fewer preemptions per hour, fewer spot replicas or a shorter run"));
        }
    }

    private static double PeakRate(WorkloadSpec workload, double duration)
    {
        var weights = ArrivalRate.Weights(workload);
        var peak = 0.0;
        var t = 0.0;
        while (t < duration)
        {
            var (rate, end) = ArrivalRate.At(workload, weights, t);
            peak = Math.Max(peak, rate);
            if (!(end > t))
            {
                break;
            }

            t = end;
        }

        return peak;
    }
}
