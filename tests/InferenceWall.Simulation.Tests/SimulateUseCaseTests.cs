using InferenceWall.Application;
using InferenceWall.Application.CapacitySearch;
using InferenceWall.Application.Json;
using InferenceWall.Application.Simulate;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation.Metrics;

namespace InferenceWall.Simulation.Tests;

/// <summary>The simulate and capacity-search use cases: requests in, a response or typed problems out.</summary>
public class SimulateUseCaseTests
{
    internal static string Startup { get; } = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    internal static string Edit(string text, string find, string replace)
    {
        Assert.Contains(find, text, StringComparison.Ordinal);
        return text.Replace(find, replace, StringComparison.Ordinal);
    }

    /// <summary>The startup scenario with lines added at the top of its simulation section.</summary>
    internal static string WithSimulation(string lines) => Edit(Startup, "simulation:\n", "simulation:\n" + lines);

    private static Outcome<SimulateResponse> Simulate(string yaml, string? trace = null) =>
        SimulateUseCase.Run(new SimulateRequest { Scenario = new ScenarioSource("s.yaml", yaml), TraceCsv = trace, TraceSource = "t.csv" }, EngineData.Shipped);

    private static Problem Refused(Outcome<SimulateResponse> outcome, ProblemKind kind, string path)
    {
        Assert.False(outcome.IsOk);
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(kind, problem.Kind);
        Assert.Equal(path, problem.Path);
        Assert.DoesNotContain("--", problem.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("iwall ", problem.Text, StringComparison.Ordinal);
        return problem;
    }

    [Fact]
    public void Scenario_Startup_DayWithEveryFigure()
    {
        var outcome = Simulate(Startup);
        Assert.True(outcome.IsOk, string.Join("; ", outcome.Problems));
        var day = outcome.Value!.Day!;
        Assert.Equal(day.Arrivals, day.Completed + day.Rejected + day.TimedOut);
        Assert.Equal([CapacityClass.Reserved, CapacityClass.OnDemand, CapacityClass.Spot], day.Classes.Select(c => c.Capacity));
        var json = ContractJson.Serialize(day);
        Assert.Contains("\"capacity\": \"on_demand\"", json, StringComparison.Ordinal);
        Assert.Contains("\"latency_p50_s\"", json, StringComparison.Ordinal);
        Assert.Contains("\"wait_s\"", json, StringComparison.Ordinal);
        // The fleet over the day is in the JSON as samples, one per sample of the simulator's series.
        Assert.Contains("\"fleet_series\"", json, StringComparison.Ordinal);
        Assert.Equal(day.Series!.TimesSeconds.Length, day.FleetSeries.Length);
        Assert.Equal(day.Series.ReplicasBusy[^1], day.FleetSeries[^1].ReplicasBusy);
    }

    [Fact]
    public void Scenario_DuplicateTier_BadInputAtTheTier()
    {
        // Crashed: the tier settings went into a dictionary.
        var yaml = Edit(Startup, "    - tier: free\n      priority: 2", "    - tier: paid\n      priority: 2");
        var p = Refused(Simulate(yaml), ProblemKind.BadInput, "simulation.tiers[2].tier");
        Assert.Equal("s.yaml", p.Location?.Source);
    }

    [Fact]
    public void Scenario_TierCompletingNoClip_NullLatencyWithReason_NoNaNInJson()
    {
        // A tier of 0.0001 users makes no clip in a day; its percentiles were NaN and the JSON writer threw.
        var outcome = Simulate(Edit(Startup, "    users: 10\n", "    users: 0.0001\n"));
        Assert.True(outcome.IsOk, string.Join("; ", outcome.Problems));
        var api = outcome.Value!.Day!.Tiers.Single(t => t.Tier == "api");
        Assert.Equal(0, api.Completed);
        Assert.Null(api.LatencyP50Seconds);
        Assert.NotNull(api.LatencyReason);
        Assert.NotNull(api.SloAttainmentReason);
        var json = ContractJson.Serialize(outcome.Value.Day!);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.Contains("\"latency_reason\": \"no clip of the tier completed\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_SequentialOffloadWithBatchTwo_Simulates()
    {
        // Wan 14B in bf16 fits a 24 GB RTX 4090 only with sequential offload; batching's own cost request dropped the
        // offload, found no estimate and crashed, while economics priced the scenario.
        var yaml = Edit(Startup, "gpu: H100-SXM\n  gpus_per_clip: 4\n  parallel:\n    ulysses: 4\n", "gpu: RTX-4090\n  gpus_per_clip: 1\n  offload: sequential\n");
        yaml = Edit(yaml, "provider: lambda", "provider: runpod");
        yaml = Edit(yaml, "simulation:\n", "simulation:\n  batch_size: 2\n");
        var outcome = Simulate(yaml);
        Assert.True(outcome.IsOk, string.Join("; ", outcome.Problems));
        Assert.True(outcome.Value!.Day!.Completed > 0);
    }

    [Theory]
    [InlineData("  sample_interval_s: 0.000001\n", "simulation.sample_interval_s")]
    [InlineData("  duration_s: 1e9\n", "simulation.duration_s")]
    [InlineData("  bursts:\n    - start_s: 3600\n      duration_s: 3600\n      multiplier: 1e9\n", "simulation.bursts[0].multiplier")]
    [InlineData("  max_queue_length: 2000000000\n", "simulation.max_queue_length")]
    [InlineData("  spot_preemptions_per_hour: 1000000\n", "simulation.spot_preemptions_per_hour")]
    public void Scenario_UnboundedWork_LimitExceededBeforeRunning(string lines, string path)
    {
        var yaml = WithSimulation(lines);
        if (lines.Contains("duration_s: 1e9", StringComparison.Ordinal) || lines.Contains("spot_preemptions", StringComparison.Ordinal))
        {
            // The scenario sets these itself; replace its own setting.
            yaml = lines.Contains("duration_s", StringComparison.Ordinal) ? Edit(Startup, "duration_s: 86400", "duration_s: 1e9") : Edit(Startup, "spot_preemptions_per_hour: 0.05", "spot_preemptions_per_hour: 1000000");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var p = Refused(Simulate(yaml), ProblemKind.LimitExceeded, path);
        Assert.Contains("at most", p.Text, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed} to refuse");
    }

    [Fact]
    public void Scenario_AutoscalerEveryMicrosecond_LimitExceeded() =>
        Refused(Simulate(Edit(Startup, "interval_s: 60", "interval_s: 0.000001")), ProblemKind.LimitExceeded, "simulation.autoscaler.interval_s");

    [Fact]
    public void Scenario_TwoBillionReservedReplicas_LimitExceeded()
    {
        var yaml = Edit(WithSimulation("  reserved_replicas: 2000000000\n"), "capacity:\n  provider: lambda\n", "capacity:\n  provider: lambda\n  usd_per_gpu_hour:\n    reserved: 2.0\n");
        Refused(Simulate(yaml), ProblemKind.LimitExceeded, "simulation.reserved_replicas");
    }

    [Fact]
    public void Scenario_DemandBeyondMaxReplicas_LatencyNotCappedAtTheOldHistogramTop()
    {
        // Four replicas for a day's demand: clips wait for weeks. The old histogram said 1,069,547 s (12.4 days) for
        // every percentile past its top; the mean was right and the percentiles silently wrong.
        var yaml = Edit(Edit(Edit(Startup, "max_replicas: 400", "max_replicas: 4"), "min_replicas: 4", "min_replicas: 1"), "      timeout_s: 7200\n", string.Empty);
        var outcome = Simulate(yaml);
        Assert.True(outcome.IsOk, string.Join("; ", outcome.Problems));
        var latency = outcome.Value!.Day!.LatencySeconds;
        Assert.True(latency.P99 > 1.5e6, $"P99 {latency.P99} s");
        Assert.True(latency.P99 < Histogram.TopSeconds);
        Assert.Null(latency.Reason);
        Assert.Contains(outcome.Value.Day!.Notes, n => n.StartsWith("the fleet fell behind the demand (the autoscaler's max_replicas of 4 held the fleet)", StringComparison.Ordinal));
    }

    [Fact]
    public void Scenario_TraceRowAfterTheDay_RefusedWithItsLine()
    {
        var trace = "timestamp_s,clip,tier\n0,0,free\n86400,0,free\n90000.5,1,paid\n";
        var outcome = Simulate(Startup, trace);
        Assert.False(outcome.IsOk);
        Assert.Equal(2, outcome.Problems.Length);
        Assert.All(outcome.Problems, p => Assert.Equal("timestamp_s", p.Path));
        Assert.Equal([3, 4], outcome.Problems.Select(p => p.Location!.Line!.Value));
        Assert.Contains("after the end of the simulated run", outcome.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_Trace_Replays()
    {
        var outcome = Simulate(Startup, "timestamp_s,tier,clip\n0,free,0\n10,\"paid\",1\r\n20.5,api,0\n");
        Assert.True(outcome.IsOk, string.Join("; ", outcome.Problems));
        Assert.Equal(3, outcome.Value!.Day!.Arrivals);
    }

    [Fact]
    public void Scenario_MmcOptionsGiven_RefusedNotIgnored()
    {
        var outcome = SimulateUseCase.Run(new SimulateRequest { Scenario = new ScenarioSource("scenario", Startup), Servers = 3, Load = 0.5 }, EngineData.Shipped);
        Assert.False(outcome.IsOk);
        Assert.Equal(["servers", "load"], outcome.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Mmc_HundredMillionServers_LimitExceeded()
    {
        var outcome = SimulateUseCase.Run(new SimulateRequest { Mmc = true, Servers = 100_000_000 }, EngineData.Shipped);
        Assert.Equal(ProblemKind.LimitExceeded, Assert.Single(outcome.Problems).Kind);
        Assert.Equal("servers", outcome.Problems[0].Path);
    }

    [Fact]
    public void Mmc_WithScenarioOrTrace_Refused()
    {
        var outcome = SimulateUseCase.Run(new SimulateRequest { Mmc = true, Scenario = new ScenarioSource("scenario", Startup), TraceCsv = "x" }, EngineData.Shipped);
        Assert.Equal(["scenario", "trace"], outcome.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Mmc_Run_AgreesWithErlangC()
    {
        var outcome = SimulateUseCase.Run(new SimulateRequest { Mmc = true, Servers = 16, Load = 0.8, Requests = 200_000, Seed = 3 }, EngineData.Shipped);
        var r = outcome.Value!.Mmc!;
        Assert.Equal(r.ErlangCMeanWaitSeconds, r.MeanWaitSeconds!.Value, r.ErlangCMeanWaitSeconds * 0.25);
        Assert.Equal(400_000, r.Events);
    }

    [Fact]
    public void Scenario_Progress_ReachesOne()
    {
        var seen = new List<double>();
        var outcome = SimulateUseCase.Run(new SimulateRequest { Scenario = new ScenarioSource("scenario", Startup) }, EngineData.Shipped, new Recorder(seen));
        Assert.True(outcome.IsOk);
        Assert.NotEmpty(seen);
        Assert.Equal(1, seen[^1]);
    }

    private static Outcome<CapacitySearchResponse> Search(double slo, long replicas, string? yaml = null) =>
        CapacitySearchUseCase.Run(new CapacitySearchRequest { Scenario = new ScenarioSource("scenario", yaml ?? Startup), SloSeconds = slo, Replicas = replicas }, EngineData.Shipped);

    [Fact]
    public void CapacitySearch_MaxIntReplicas_LimitExceeded()
    {
        var outcome = Search(900, int.MaxValue);
        Assert.Equal(ProblemKind.LimitExceeded, Assert.Single(outcome.Problems).Kind);
        Assert.Equal("replicas", outcome.Problems[0].Path);
    }

    [Fact]
    public void CapacitySearch_NoLoadMeetsTheSlo_Infeasible()
    {
        // A 10 s SLO for clips of ~500 s: every try fails, and the old search returned a rate near zero (seed noise).
        var outcome = Search(10, 20);
        Assert.True(outcome.IsInfeasible);
        Assert.Equal("slo_s", outcome.Problems[0].Path);
    }

    [Fact]
    public void Scenario_ReplicaStart_IsTheProvisioningDelayPlusTheModelsLoad()
    {
        // Wan2.1-T2V-14B in bf16 on 4 Ulysses GPUs: 14e9 × 2 = 28e9 bytes per GPU (its text encoder and VAE add what the
        // catalog gives); at 2.8 GB/s the load takes bytes ÷ 2.8e9 s, after the 300 s of provisioning_delay_s.
        var day = Simulate(WithSimulation("  load_gbps: 2.8\n")).Value!.Day!;
        var start = day.ReplicaStart!;

        Assert.Equal(300, start.ProvisioningDelayS);
        Assert.Equal(2.8, start.LoadGbps);
        Assert.True(start.ModelLoadBytes >= 28e9);
        Assert.Equal(start.ModelLoadBytes / 2.8e9, start.ModelLoadS, 9);
        Assert.Equal(300 + start.ModelLoadS, start.StartS, 9);
        Assert.Contains(day.Notes, n => n.StartsWith("replica start:", StringComparison.Ordinal) && n.Contains("provisioning_delay_s 300 s", StringComparison.Ordinal));
    }

    [Fact]
    public void Scenario_ReplicaStart_IsTheDelayTheSimulatorWaits()
    {
        var (scenario, errors) = Scenarios.ScenarioYaml.Parse("s.yaml", WithSimulation("  load_gbps: 2.8\n"));
        Assert.Empty(errors);
        var (plan, problems) = Workload.ScenarioSimulation.Build(scenario!, EngineData.Shipped.Catalog, EngineData.Shipped.Calibration);
        Assert.Empty(problems);

        Assert.Equal(plan!.ReplicaStart!.Seconds, plan.Spec.Fleet.ProvisioningDelaySeconds);
        Assert.Equal(300 + plan.ReplicaStart.Load.Seconds, plan.Spec.Fleet.ProvisioningDelaySeconds, 9);
    }

    [Fact]
    public void Scenario_SlowerModelLoad_NewReplicasArriveLaterAndClipsWaitLonger()
    {
        var fast = Simulate(WithSimulation("  load_gbps: 1000\n")).Value!.Day!;
        var slow = Simulate(WithSimulation("  load_gbps: 0.05\n")).Value!.Day!;

        Assert.True(slow.ReplicaStart!.ModelLoadS > 500, $"{slow.ReplicaStart.ModelLoadS} s");
        Assert.True(slow.WaitSeconds.Mean > fast.WaitSeconds.Mean, $"wait {slow.WaitSeconds.Mean} s at 0.05 GB/s against {fast.WaitSeconds.Mean} s at 1000 GB/s");
    }

    [Fact]
    public void Scenario_LoadPushingTheStartPastADay_LimitAtLoadGbps()
    {
        // 28e9 bytes at 0.0003 GB/s is about 93,000 s, past the simulator's day-long start limit.
        var problem = Refused(Simulate(WithSimulation("  load_gbps: 0.0003\n")), ProblemKind.LimitExceeded, "simulation.load_gbps");
        Assert.Contains("provisioning_delay_s 300 s + the model's load", problem.Message, StringComparison.Ordinal);
        Assert.Contains("86,400 s", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_LoadBandwidthOutOfRange_RefusedAtItsPath() =>
        Assert.Contains("GB/s", Refused(Simulate(WithSimulation("  load_gbps: 0\n")), ProblemKind.BadInput, "simulation.load_gbps").Text, StringComparison.Ordinal);

    [Fact]
    public void CapacitySearch_LooseSlo_NeverAboveWhatTheFleetServes()
    {
        // With a 5,000 s SLO the old search reported 196 clips/hour for a fleet that serves 178.6 with every replica busy.
        var outcome = Search(5_000, 20);
        Assert.True(outcome.IsOk, string.Join("; ", outcome.Problems));
        var r = Assert.Single(outcome.Value!.Fleets);
        Assert.True(r.MaxClipsPerHour < r.FleetCapacityClipsPerHour, $"{r.MaxClipsPerHour} vs capacity {r.FleetCapacityClipsPerHour}");
        Assert.Equal(CapacitySearchUseCase.Iterations + 1, r.Tries.Length);
        Assert.All(r.Tries, t => Assert.True(t.ClipsPerHour < r.FleetCapacityClipsPerHour));
        Assert.DoesNotContain("NaN", ContractJson.Serialize(outcome.Value!), StringComparison.Ordinal);
    }

    private sealed class Recorder(List<double> seen) : IProgress<double>
    {
        public void Report(double value) => seen.Add(value);
    }
}
