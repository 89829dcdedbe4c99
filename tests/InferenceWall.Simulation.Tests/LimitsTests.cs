using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation.Metrics;

namespace InferenceWall.Simulation.Tests;

/// <summary>The simulator's stated limits: refused before a run from an estimate of its work, or held while it runs.</summary>
public class LimitsTests
{
    private static SimulationSpec Day() => new()
    {
        DurationSeconds = 86_400,
        Tiers = [new TierSpec { Name = "a", SloSeconds = 600 }],
        Clips = [new ClipClass { Name = "c", ServiceSeconds = 100 }],
        Workload = new WorkloadSpec { MeanRatePerSecond = 1, HourlyWeights = WorkloadSpec.DefaultDiurnal },
        Fleet = new FleetSpec { OnDemandUsdPerGpuHour = 4 },
        Autoscaler = new AutoscalerSpec { MinReplicas = 10, MaxReplicas = 400 },
        SampleIntervalSeconds = 600,
    };

    private static Problem Single(SimulationSpec spec, ProblemKind kind, string path)
    {
        var problem = Assert.Single(spec.Problems());
        Assert.Equal(kind, problem.Kind);
        Assert.Equal(path, problem.Path);
        Assert.DoesNotContain("--", problem.Text, StringComparison.Ordinal);
        return problem;
    }

    [Fact]
    public void Problems_ValidDay_None() => Assert.Empty(Day().Problems());

    [Fact]
    public void Problems_SampleIntervalOfAMicrosecond_LimitExceededNamingTheLimit()
    {
        var p = Single(Day() with { SampleIntervalSeconds = 0.000001 }, ProblemKind.LimitExceeded, "sample_interval_s");
        Assert.Contains("at most 100,000", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_TwoBillionReservedReplicas_LimitExceeded()
    {
        var p = Single(Day() with { Fleet = Day().Fleet with { ReservedReplicas = 2_000_000_000 } }, ProblemKind.LimitExceeded, "fleet.reserved_replicas");
        Assert.Contains("at most 100,000 replicas", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_BurstOfABillionTimes_LimitExceededAtTheBurst()
    {
        var spec = Day() with { Workload = Day().Workload with { Bursts = [new Burst(0, 60, 2), new Burst(3_600, 3_600, 1e9)] } };
        var p = Single(spec, ProblemKind.LimitExceeded, "workload.bursts[1].multiplier");
        Assert.Contains("at most 25,000,000", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_AutoscalerEveryMicrosecond_LimitExceeded() =>
        Single(Day() with { Autoscaler = Day().Autoscaler! with { IntervalSeconds = 1e-6 } }, ProblemKind.LimitExceeded, "autoscaler.interval_s");

    [Fact]
    public void Problems_BillionSecondDay_LimitExceeded()
    {
        var p = Single(Day() with { DurationSeconds = 1e9 }, ProblemKind.LimitExceeded, "duration_s");
        Assert.Contains("366 days", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_DemandPastTheArrivalLimit_LimitExceededAtTheRate() =>
        Single(Day() with { Workload = Day().Workload with { MeanRatePerSecond = 1_000 } }, ProblemKind.LimitExceeded, "workload.mean_rate_per_s");

    [Fact]
    public void Problems_PreemptionsPastTheLimit_LimitExceeded()
    {
        // 100,000 spot replicas preempted 30 times an hour over 30 days: 2 billion preemptions.
        var spec = Day() with
        {
            DurationSeconds = 30 * 86_400.0,
            SampleIntervalSeconds = 3_600,
            Fleet = Day().Fleet with { InitialSpotReplicas = 100_000, SpotPreemptionsPerHour = 30 },
        };
        var p = Single(spec, ProblemKind.LimitExceeded, "fleet.spot_preemptions_per_hour");
        Assert.Contains("at most 5,000,000", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_AutoscaledSpotAtModestDemand_NotRefused() =>
        // No max_replicas: the estimate takes what the demand needs, not the simulator's 100,000-replica cap.
        Assert.Empty((Day() with { Fleet = Day().Fleet with { SpotPreemptionsPerHour = 10 }, Autoscaler = new AutoscalerSpec { MinReplicas = 10, SpotShare = 1 } }).Problems());

    [Fact]
    public void Problems_ColdStartOfAYear_LimitExceeded() =>
        Single(Day() with { Fleet = Day().Fleet with { ProvisioningDelaySeconds = 3e7 } }, ProblemKind.LimitExceeded, "fleet.provisioning_delay_s");

    [Fact]
    public void Problems_HugeVariability_BadInputNotInfiniteServiceTimes() =>
        // A CV of 1e308 made σ² infinite: service times, GPU-hours and dollars came out infinite and the JSON writer threw.
        Single(Day() with { Variability = Core.Economics.Variability.LogNormal, VariabilityCv = 1e308 }, ProblemKind.BadInput, "variability_cv");

    [Fact]
    public void Problems_DuplicateTier_BadInput() =>
        Single(Day() with { Tiers = [new TierSpec { Name = "a" }, new TierSpec { Name = "a" }] }, ProblemKind.BadInput, "tiers[1].name");

    [Fact]
    public void Problems_AutoscalerMaxPastTheLimit_LimitExceeded() =>
        Single(Day() with { Autoscaler = Day().Autoscaler! with { MaxReplicas = int.MaxValue } }, ProblemKind.LimitExceeded, "autoscaler.max_replicas");

    [Fact]
    public void Problems_EverythingWrong_ListsEveryProblem()
    {
        var spec = Day() with
        {
            DurationSeconds = double.NaN,
            Clips = [new ClipClass { Name = "c", ServiceSeconds = double.PositiveInfinity }],
            Fleet = new FleetSpec { BatchSize = 1_000, Pue = 0 },
            Autoscaler = null,
        };
        var paths = spec.Problems().Select(p => p.Path).ToList();
        Assert.Contains("duration_s", paths);
        Assert.Contains("clips[0].service_s", paths);
        Assert.Contains("fleet", paths);
        Assert.Contains("fleet.batch_size", paths);
        Assert.Contains("fleet.pue", paths);
    }

    [Fact]
    public void Run_NoMaxReplicasAndDemandPastTheLimit_HeldToTheLimitAndSaysSo()
    {
        // 1,000 clips/s of 200 s each want 250,000 replicas at 80% target; the autoscaler has no maximum of its own.
        var spec = new SimulationSpec
        {
            DurationSeconds = 1_800,
            Tiers = [new TierSpec { Name = "a" }],
            Clips = [new ClipClass { Name = "c", ServiceSeconds = 200 }],
            Workload = new WorkloadSpec { MeanRatePerSecond = 1_000 },
            Fleet = new FleetSpec { ProvisioningDelaySeconds = 60 },
            Autoscaler = new AutoscalerSpec { IntervalSeconds = 60 },
            SampleIntervalSeconds = 60,
        };
        Assert.Empty(spec.Problems());
        var r = FleetSimulator.Run(spec, 1);
        Assert.True(r.ReplicaLimitReached);
        Assert.True(r.Series.ReplicasOnDemand.Max() <= SimulationLimits.MaxReplicas);
        Assert.Equal(SimulationLimits.MaxReplicas, r.Series.ReplicasOnDemand.Max());
    }

    [Fact]
    public void Run_QueuePastTheSimulatorsLimit_TurnsArrivalsAwayAndCountsThem()
    {
        // One replica of 1,000 s clips against 70 arrivals a second: the queue would grow to 6 million.
        var spec = new SimulationSpec
        {
            DurationSeconds = 86_400,
            Tiers = [new TierSpec { Name = "a" }],
            Clips = [new ClipClass { Name = "c", ServiceSeconds = 1_000 }],
            Workload = new WorkloadSpec { MeanRatePerSecond = 70 },
            Fleet = new FleetSpec { ReservedReplicas = 1 },
            SampleIntervalSeconds = double.PositiveInfinity,
        };
        var r = FleetSimulator.Run(spec, 1);
        Assert.True(r.RejectedAtQueueLimit > 0);
        Assert.Equal(r.Rejected, r.RejectedAtQueueLimit);
        Assert.True(r.Arrivals - r.Rejected <= SimulationLimits.MaxQueuedRequests + 1_000);
    }

    [Fact]
    public void Histogram_ValuesPastTheOldTop_AreNotCapped()
    {
        // The old histogram stopped at 2^30 ms (12.4 days) and gave that for anything longer.
        var h = new Histogram();
        for (var i = 0; i < 100; i++)
        {
            h.Record(3e6);
        }

        Assert.Equal(3e6, h.Percentile(99), 3e6 * 0.01);
    }

    [Fact]
    public void Histogram_ValuesBeyondItsTop_ReportInfinityNotANumber()
    {
        var h = new Histogram();
        h.Record(1);
        for (var i = 0; i < 99; i++)
        {
            h.Record(Histogram.TopSeconds * 2);
        }

        Assert.Equal(1, h.Percentile(1), 0.02);
        Assert.True(double.IsPositiveInfinity(h.Percentile(50)));
    }

    [Fact]
    public void Classes_ReportedReservedOnDemandSpot_ReservedServesFirst()
    {
        var spec = new SimulationSpec
        {
            DurationSeconds = 20_000,
            Tiers = [new TierSpec { Name = "a" }],
            Clips = [new ClipClass { Name = "c", ServiceSeconds = 10 }],
            Workload = new WorkloadSpec { MeanRatePerSecond = 0.2 },
            Fleet = new FleetSpec { ReservedReplicas = 4, InitialOnDemandReplicas = 4, ReservedUsdPerGpuHour = 1, OnDemandUsdPerGpuHour = 3 },
            SampleIntervalSeconds = double.PositiveInfinity,
        };
        var r = FleetSimulator.Run(spec, 1);
        Assert.Equal([CapacityClass.Reserved, CapacityClass.OnDemand, CapacityClass.Spot], r.Classes.Select(c => c.Capacity));
        Assert.True(r.Classes[0].GpuHoursBusy > 5 * r.Classes[1].GpuHoursBusy, $"reserved {r.Classes[0].GpuHoursBusy} h, on-demand {r.Classes[1].GpuHoursBusy} h busy");
        Assert.Equal(r.Classes[0].GpuHoursBusy + r.Classes[0].GpuHoursIdle, r.Classes[0].CostUsd, 1e-9);
    }

    [Fact]
    public void Run_Progress_RisesToOne()
    {
        var seen = new List<double>();
        FleetSimulator.Run(Day() with { Workload = Day().Workload with { MeanRatePerSecond = 5 } }, 1, new Recorder(seen));
        Assert.True(seen.Count > 3, $"{seen.Count} reports");
        Assert.Equal(1, seen[^1]);
        Assert.Equal(seen.Order(), seen);
    }

    private sealed class Recorder(List<double> seen) : IProgress<double>
    {
        public void Report(double value) => seen.Add(value);
    }
}
