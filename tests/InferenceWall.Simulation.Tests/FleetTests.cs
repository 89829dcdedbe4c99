using System.Collections.Immutable;
using InferenceWall.Core.Economics;

namespace InferenceWall.Simulation.Tests;

public class FleetTests
{
    private static SimulationSpec Autoscaled(double spotShare = 0, double preemptions = 0) => new()
    {
        DurationSeconds = 86_400,
        Tiers = [new TierSpec { Name = "a", SloSeconds = 200 }],
        Clips = [new ClipClass { Name = "c", ServiceSeconds = 100 }],
        Workload = new WorkloadSpec { MeanRatePerSecond = 5, HourlyWeights = WorkloadSpec.DefaultDiurnal },
        Fleet = new FleetSpec { ProvisioningDelaySeconds = 300, OnDemandUsdPerGpuHour = 4, SpotUsdPerGpuHour = 1.5, SpotPreemptionsPerHour = preemptions, GpusPerReplica = 2, BoardPowerWatts = 700, Pue = 1.2 },
        Autoscaler = new AutoscalerSpec { Target = 0.85, IntervalSeconds = 60, MinReplicas = 10, SpotShare = spotShare },
        Variability = Variability.LogNormal,
        SampleIntervalSeconds = 60,
    };

    [Fact]
    public void Autoscaler_TracksDiurnalDemand_NearItsTarget()
    {
        var r = FleetSimulator.Run(Autoscaled(), 1);
        Assert.InRange(r.Utilization, 0.7, 0.9);
        var up = r.Series.ReplicasOnDemand;
        Assert.True(up.Max() > 2 * up.Where((_, i) => r.Series.TimesSeconds[i] > 3600).Min(), "the fleet should grow and shrink with the day");
    }

    [Fact]
    public void GpuHours_MatchTheFleetSizeOverTime()
    {
        // Paid GPU-hours must equal the integral of replicas up (sampled every minute) × GPUs per replica.
        var r = FleetSimulator.Run(Autoscaled(spotShare: 0.3, preemptions: 0.2), 2);
        var s = r.Series;
        var integral = 0.0;
        for (var i = 0; i < s.TimesSeconds.Length - 1; i++)
        {
            integral += (s.ReplicasReserved[i] + s.ReplicasOnDemand[i] + s.ReplicasSpot[i]) * (s.TimesSeconds[i + 1] - s.TimesSeconds[i]) / 3600 * 2;
        }

        Assert.Equal(integral, r.GpuHoursPaid, integral * 0.03);
        Assert.Equal(r.GpuHoursBusy * 700 * 1.2 / 1000, r.EnergyKwh, 1e-6);
        Assert.Equal(r.Classes.Sum(c => c.CostUsd), r.CostUsd, 1e-9);
    }

    [Fact]
    public void SpotPreemption_LosesWorkButEveryClipCompletes()
    {
        var r = FleetSimulator.Run(Autoscaled(spotShare: 0.5, preemptions: 0.5), 3);
        Assert.True(r.Preemptions > 100, $"{r.Preemptions} preemptions");
        Assert.True(r.LostGpuHours > 0);
        Assert.Equal(r.Arrivals, r.Completed + r.Rejected + r.TimedOut);
        Assert.Equal(0, r.TimedOut);
    }

    [Fact]
    public void Priorities_ServeTheHigherTierFirstUnderOverload()
    {
        var spec = new SimulationSpec
        {
            DurationSeconds = 20_000,
            Tiers = [new TierSpec { Name = "paid", Priority = 0, ArrivalShare = 0.5 }, new TierSpec { Name = "free", Priority = 1, ArrivalShare = 0.5, TimeoutSeconds = 3_000 }],
            Clips = [new ClipClass { Name = "c", ServiceSeconds = 10 }],
            Workload = new WorkloadSpec { MeanRatePerSecond = 1.2 },
            Fleet = new FleetSpec { ReservedReplicas = 10 },
            Variability = Variability.Exponential,
        };
        var r = FleetSimulator.Run(spec, 4);
        var paid = r.Tiers.Single(t => t.Tier == "paid");
        var free = r.Tiers.Single(t => t.Tier == "free");
        Assert.True(paid.LatencyP50Seconds < free.LatencyP50Seconds / 5, $"paid P50 {paid.LatencyP50Seconds} s, free P50 {free.LatencyP50Seconds} s");
        Assert.True(r.TimedOut > 0);
        Assert.Equal(r.Arrivals, r.Completed + r.Rejected + r.TimedOut);
    }

    [Fact]
    public void Workload_DiurnalWeightsKeepTheDailyMean_BurstsAddDemand()
    {
        var flat = FleetSimulator.Run(Autoscaled() with { Workload = new WorkloadSpec { MeanRatePerSecond = 5 } }, 5);
        var diurnal = FleetSimulator.Run(Autoscaled(), 5);
        var burst = FleetSimulator.Run(Autoscaled() with { Workload = Autoscaled().Workload with { Bursts = [new Burst(36_000, 3_600, 3)] } }, 5);
        Assert.Equal(432_000, flat.Arrivals, 432_000 * 0.01);
        Assert.Equal(432_000, diurnal.Arrivals, 432_000 * 0.01);
        // A 3× burst for an hour at hour 10 (weight 1.10) adds about 2 × 5/s × 1.10 × 3,600 s = 39,600 arrivals.
        Assert.Equal(diurnal.Arrivals + 39_600, burst.Arrivals, 39_600 * 0.1);
    }

    [Fact]
    public void Trace_ReplaysExactly()
    {
        ImmutableArray<TraceArrival> trace = [new(0, 0, 0), new(1, 0, 0), new(1.5, 0, 0), new(100, 0, 0)];
        var spec = new SimulationSpec
        {
            DurationSeconds = 1_000,
            Tiers = [new TierSpec { Name = "a" }],
            Clips = [new ClipClass { Name = "c", ServiceSeconds = 10 }],
            Workload = new WorkloadSpec { Trace = trace },
            Fleet = new FleetSpec { ReservedReplicas = 1 },
        };
        var r = FleetSimulator.Run(spec, 1);
        Assert.Equal(4, r.Arrivals);
        Assert.Equal(4, r.Completed);
        // One server, 10 s each: waits 0, 9, 18.5 and 0 s.
        Assert.Equal((0 + 9 + 18.5 + 0) / 4, r.MeanWaitSeconds, 9);
    }

    [Fact]
    public void Run_InvalidSpec_ListsEveryProblem()
    {
        var spec = Autoscaled() with { Clips = [new ClipClass { Name = "c", ServiceSeconds = -1 }], Autoscaler = null, Fleet = new FleetSpec() };
        var ex = Assert.Throws<ArgumentException>(() => FleetSimulator.Run(spec, 1));
        Assert.Contains("clips", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing would serve", ex.Message, StringComparison.Ordinal);
    }
}
