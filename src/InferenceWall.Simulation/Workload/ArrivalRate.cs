using System.Collections.Immutable;

namespace InferenceWall.Simulation.Workload;

/// <summary>
/// The Poisson workload's arrival rate over time: the mean rate × the hour's weight × the bursts in force. The engine
/// draws arrivals from it; the limits estimate a run's arrivals from its integral before the run.
/// </summary>
internal static class ArrivalRate
{
    /// <summary>The hourly weights normalised to mean 1, or empty for a flat rate.</summary>
    public static double[] Weights(WorkloadSpec workload) =>
        workload.HourlyWeights.IsDefaultOrEmpty ? [] : Normalised(workload.HourlyWeights);

    private static double[] Normalised(ImmutableArray<double> weights)
    {
        var mean = weights.Average();
        return [.. weights.Select(w => w / mean)];
    }

    /// <summary>The arrival rate at time t and when it next changes.</summary>
    public static (double Rate, double SegmentEnd) At(WorkloadSpec workload, double[] weights, double t)
    {
        var rate = workload.MeanRatePerSecond;
        var end = double.PositiveInfinity;
        if (weights.Length == 24)
        {
            var hour = Math.Floor(t / 3600.0);
            rate *= weights[(int)(hour % 24)];
            end = (hour + 1) * 3600.0;
        }

        foreach (var b in workload.Bursts)
        {
            var burstEnd = b.StartSeconds + b.DurationSeconds;
            if (t >= b.StartSeconds && t < burstEnd)
            {
                rate *= b.Multiplier;
                end = Math.Min(end, burstEnd);
            }
            else if (b.StartSeconds > t)
            {
                end = Math.Min(end, b.StartSeconds);
            }
        }

        return (rate, end);
    }

    /// <summary>The expected number of arrivals in [0, duration): the integral of the rate (finite durations only).</summary>
    public static double Expected(WorkloadSpec workload, double durationSeconds, bool withBursts = true)
    {
        var w = withBursts ? workload : workload with { Bursts = [] };
        var weights = Weights(w);
        var total = 0.0;
        var t = 0.0;
        while (t < durationSeconds)
        {
            var (rate, segmentEnd) = At(w, weights, t);
            var end = Math.Min(segmentEnd, durationSeconds);
            if (!(end > t))
            {
                break;
            }

            total += rate * (end - t);
            t = end;
        }

        return total;
    }
}
