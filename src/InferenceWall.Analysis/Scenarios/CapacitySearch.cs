using System.Collections.Immutable;
using InferenceWall.Simulation;

namespace InferenceWall.Analysis.Scenarios;

/// <summary>One tried arrival rate and what it gave.</summary>
public sealed record CapacityTry(double ClipsPerHour, double LatencyPercentileSeconds, bool MeetsSlo);

public sealed record CapacityResult(double MaxClipsPerHour, int Replicas, double Percentile, double SloSeconds, ImmutableArray<CapacityTry> Tries);

/// <summary>
/// The most clips per hour a fixed fleet sustains with the latency percentile under the SLO: a bisection on a flat
/// arrival rate, each try a simulated run (same seed) of several hours of steady demand.
/// </summary>
public static class CapacitySearch
{
    public static CapacityResult Run(SimulationSpec baseSpec, int replicas, double sloSeconds, double percentile, ulong seed, double hours = 6, int iterations = 14,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        var meanService = baseSpec.Clips.Sum(c => c.Share * c.ServiceSeconds) / baseSpec.Clips.Sum(c => c.Share);
        var spec = baseSpec with
        {
            DurationSeconds = hours * 3600,
            Workload = baseSpec.Workload with { HourlyWeights = [], Bursts = [], Trace = [] },
            Fleet = baseSpec.Fleet with { ReservedReplicas = replicas, InitialOnDemandReplicas = 0, InitialSpotReplicas = 0 },
            Autoscaler = null,
            WarmupSeconds = 3600,
            SampleIntervalSeconds = double.PositiveInfinity,
        };
        var tries = ImmutableArray.CreateBuilder<CapacityTry>();
        var lo = 0.0;
        var hi = replicas / meanService * 3600 * 1.2; // above the fleet's service rate nothing meets any SLO for long
        for (var i = 0; i < iterations; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var rate = (lo + hi) / 2;
            var result = Simulation.Simulation.Run(spec with { Workload = spec.Workload with { MeanRatePerSecond = rate / 3600 } }, seed);
            var latency = percentile switch
            {
                <= 50 => result.LatencyP50Seconds,
                <= 90 => result.LatencyP90Seconds,
                _ => result.LatencyP99Seconds,
            };
            var ok = latency <= sloSeconds && result.TimedOut == 0 && result.Rejected == 0;
            tries.Add(new CapacityTry(rate, latency, ok));
            if (ok)
            {
                lo = rate;
            }
            else
            {
                hi = rate;
            }
        }

        return new CapacityResult(lo, replicas, percentile, sloSeconds, tries.ToImmutable());
    }
}
