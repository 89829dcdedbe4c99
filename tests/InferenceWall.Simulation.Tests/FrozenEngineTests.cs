using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using InferenceWall.Core.Economics;

namespace InferenceWall.Simulation.Tests;

/// <summary>
/// Today's engine gives, to the bit, what the engine gave before the issue 13 speed work (a frozen copy of commit
/// df491b8, compiled in from benchmarks/InferenceWall.Benchmarks/Frozen), on specs that take every path: priorities,
/// timeouts, queue limits, batches, spot preemptions with work in flight, autoscaling both ways, traces, bursts, hourly
/// weights, warm-up, and each service-time distribution.
/// </summary>
public class FrozenEngineTests
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static SimulationSpec Base(Variability variability) => new()
    {
        DurationSeconds = 6 * 3600,
        SampleIntervalSeconds = 300,
        Variability = variability,
        VariabilityCv = 0.3,
        Tiers = [new TierSpec { Name = "all", SloSeconds = 120 }],
        Clips = [new ClipClass { Name = "clip", ServiceSeconds = 40 }],
        Workload = new WorkloadSpec { MeanRatePerSecond = 0.5 },
        Fleet = new FleetSpec { InitialOnDemandReplicas = 24, OnDemandUsdPerGpuHour = 2, BoardPowerWatts = 700, ProvisioningDelaySeconds = 120 },
    };

    public static TheoryData<string> Cases() => [.. Specs().Keys];

    private static Dictionary<string, SimulationSpec> Specs()
    {
        var specs = new Dictionary<string, SimulationSpec>();
        foreach (var v in Enum.GetValues<Variability>())
        {
            specs[$"flat-{v}"] = Base(v);
        }

        specs["tiers-priorities-timeouts"] = Base(Variability.Exponential) with
        {
            Tiers =
            [
                new TierSpec { Name = "pro", Priority = 0, ArrivalShare = 0.2, SloSeconds = 60, TimeoutSeconds = 600 },
                new TierSpec { Name = "free", Priority = 1, ArrivalShare = 0.7, SloSeconds = 900, TimeoutSeconds = 300 },
                new TierSpec { Name = "batch", Priority = 2, ArrivalShare = 0.1 },
            ],
            Clips = [new ClipClass { Name = "short", Share = 0.6, ServiceSeconds = 20 }, new ClipClass { Name = "long", Share = 0.4, ServiceSeconds = 90 }],
            Workload = new WorkloadSpec { MeanRatePerSecond = 0.6, Bursts = [new Burst(3600, 1800, 3), new Burst(4000, 600, 2)] },
            MaxQueueLength = 400,
            WarmupSeconds = 1800,
        };
        specs["batches-spot-autoscale"] = Base(Variability.LogNormal) with
        {
            Workload = new WorkloadSpec { MeanRatePerSecond = 1.5, HourlyWeights = WorkloadSpec.DefaultDiurnal },
            DurationSeconds = 86_400,
            Fleet = new FleetSpec
            {
                ReservedReplicas = 4,
                InitialOnDemandReplicas = 8,
                InitialSpotReplicas = 8,
                OnDemandUsdPerGpuHour = 2,
                SpotUsdPerGpuHour = 0.8,
                ReservedUsdPerGpuHour = 1.2,
                SpotPreemptionsPerHour = 0.5,
                GpusPerReplica = 2,
                BatchSize = 4,
                BatchTimeFactor = 1.8,
                BoardPowerWatts = 700,
            },
            Autoscaler = new AutoscalerSpec { Policy = AutoscalePolicy.QueueLength, Target = 2, IntervalSeconds = 60, MinReplicas = 6, SpotShare = 0.5 },
        };
        specs["utilization-autoscale"] = Base(Variability.Exponential) with
        {
            Workload = new WorkloadSpec { MeanRatePerSecond = 2, HourlyWeights = WorkloadSpec.DefaultDiurnal, Bursts = [new Burst(7200, 900, 4)] },
            Autoscaler = new AutoscalerSpec { Policy = AutoscalePolicy.TargetUtilization, Target = 0.8, IntervalSeconds = 30, MinReplicas = 2, MaxReplicas = 400, SpotShare = 0.3 },
            Fleet = new FleetSpec { InitialOnDemandReplicas = 2, OnDemandUsdPerGpuHour = 2, SpotUsdPerGpuHour = 0.7, SpotPreemptionsPerHour = 2, BoardPowerWatts = 700 },
        };
        var rng = new Random(5);
        var t = 0.0;
        var trace = ImmutableArray.CreateBuilder<TraceArrival>();
        while (t < 5 * 3600)
        {
            // Ties in time on purpose: arrivals at whole seconds.
            t += Math.Floor(rng.NextDouble() * 4);
            trace.Add(new TraceArrival(t, rng.Next(2), rng.Next(2)));
        }

        specs["trace"] = Base(Variability.Deterministic) with
        {
            Tiers = [new TierSpec { Name = "a", Priority = 0, SloSeconds = 60 }, new TierSpec { Name = "b", Priority = 1, TimeoutSeconds = 200 }],
            Clips = [new ClipClass { Name = "x", ServiceSeconds = 30 }, new ClipClass { Name = "y", ServiceSeconds = 45 }],
            Workload = new WorkloadSpec { Trace = trace.ToImmutable() },
            Fleet = new FleetSpec { InitialOnDemandReplicas = 12, InitialSpotReplicas = 4, SpotPreemptionsPerHour = 1, OnDemandUsdPerGpuHour = 2, BoardPowerWatts = 700, BatchSize = 2, BatchTimeFactor = 1.5 },
        };
        specs["mmc-counted"] = SimulationSpec.Mmc(16, 0.95, 200_000);
        return specs;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Engine_GivesTheFrozenEnginesResult_ToTheBit(string name)
    {
        var spec = Specs()[name];
        Assert.Empty(spec.Problems());
        foreach (var seed in new ulong[] { 1, 42 })
        {
            var today = FleetSimulator.Run(spec, seed);
            var frozen = new InferenceWall.Benchmarks.Frozen.Engine(spec, seed).Run();
            Assert.True(today.Completed > 0, $"{name}: nothing completed, the case tests nothing");
            Assert.Equal(JsonSerializer.Serialize(frozen, Json), JsonSerializer.Serialize(today, Json));
        }
    }
}
