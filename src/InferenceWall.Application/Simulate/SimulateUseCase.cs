using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation;
using InferenceWall.Simulation.Metrics;
using InferenceWall.Simulation.Workload;

namespace InferenceWall.Application.Simulate;

/// <summary>
/// Simulates a scenario's day through its GPU fleet (queues, autoscaling, spot preemption, SLOs), or the plain M/M/c
/// queue. The whole request is checked first, every limit of the run included (estimated from the spec), so a run
/// that starts ends within the simulator's limits.
/// </summary>
public static class SimulateUseCase
{
    public const int DefaultServers = 64;
    public const double DefaultLoad = 0.9;
    public const long DefaultRequests = 1_000_000;

    /// <param name="progress">Hears the share of the run done, 0 to 1.</param>
    /// <param name="clock">
    /// Times the M/M/c loop when given (the front end's clock: the use case reads none of its own); without one the
    /// speed figures are null. They measure the machine, not the model, so they are the only figures that differ run to run.
    /// </param>
    public static Outcome<SimulateResponse> Run(SimulateRequest request, EngineData data, IProgress<double>? progress = null, TimeProvider? clock = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        return request.Mmc ? RunMmc(request, progress, clock, cancel) : RunScenario(request, data, progress, cancel);
    }

    private static Outcome<SimulateResponse> RunMmc(SimulateRequest request, IProgress<double>? progress, TimeProvider? clock, CancellationToken cancel)
    {
        var problems = new List<Problem>();
        if (request.Scenario is not null)
        {
            problems.Add(Problem.BadInput("scenario", "the M/M/c queue takes no scenario", "drop the scenario, or simulate the scenario instead of the M/M/c queue"));
        }

        if (request.TraceCsv is not null)
        {
            problems.Add(Problem.BadInput("trace", "a trace replays arrivals into a scenario; the M/M/c queue draws its own", "drop the trace"));
        }

        var servers = request.Servers ?? DefaultServers;
        var load = request.Load ?? DefaultLoad;
        var requests = request.Requests ?? DefaultRequests;
        if (servers < 1)
        {
            problems.Add(Problem.BadInput("servers", $"{servers:N0}: must be at least 1"));
        }
        else if (servers > SimulationLimits.MaxReplicas)
        {
            problems.Add(Problem.LimitExceeded("servers", $"{servers:N0} servers; the simulator runs at most {SimulationLimits.MaxReplicas:N0}"));
        }

        if (!(load > 0 && load < 1))
        {
            problems.Add(Problem.BadInput("load", $"{load.ToString(CultureInfo.InvariantCulture)}: must be in (0, 1); at ρ ≥ 1 the queue grows without bound"));
        }

        if (requests < 1)
        {
            problems.Add(Problem.BadInput("requests", $"{requests:N0}: must be at least 1"));
        }
        else if (requests > SimulationLimits.MaxArrivals)
        {
            problems.Add(Problem.LimitExceeded("requests", $"{requests:N0} requests; the simulator takes at most {SimulationLimits.MaxArrivals:N0} per run"));
        }

        if (problems.Count > 0)
        {
            return Outcome<SimulateResponse>.Fail(problems);
        }

        // Warm-up: requests arriving in the first 2% of the expected run are served but not counted (empty-start bias).
        var c = (int)servers;
        var spec = SimulationSpec.Mmc(c, load, requests) with { WarmupSeconds = 0.02 * requests / (load * c) };
        var specProblems = spec.Problems();
        if (specProblems.Length > 0)
        {
            return Outcome<SimulateResponse>.Fail(specProblems.Select(p => p with { Path = MmcPath(p.Path) }));
        }

        // The M/M/c form reports the simulator's speed: the loop alone is timed.
        var start = clock?.GetTimestamp() ?? 0;
        var result = FleetSimulator.Run(spec, request.Seed, progress, cancel);
        double? seconds = clock?.GetElapsedTime(start).TotalSeconds;
        if (result.StoppedAtEventLimit)
        {
            return Outcome<SimulateResponse>.Fail(EventLimit("requests"));
        }

        var empty = double.IsNaN(result.MeanWaitSeconds);
        var p50 = Value(result.WaitP50Seconds);
        var p99 = Value(result.WaitP99Seconds);
        return Outcome<SimulateResponse>.Ok(new SimulateResponse
        {
            Mmc = new MmcQueueRun
            {
                Servers = c,
                Load = load,
                Requests = requests,
                SteadyStateNote = SteadyState(load, requests),
                Seed = request.Seed,
                MeanWaitSeconds = Value(result.MeanWaitSeconds),
                ErlangCMeanWaitSeconds = ErlangC.MeanWait(c, load * c, 1.0),
                WaitP50Seconds = p50,
                WaitP99Seconds = p99,
                WaitReason = empty ? "no request arrived after the warm-up" : p50 is null || p99 is null ? AboveTop : null,
                Events = result.Events,
                RequestsPerSecond = seconds > 0 ? requests / seconds.Value : null,
                WallSeconds = seconds,
                WarmupSeconds = spec.WarmupSeconds,
            },
        });
    }

    private static string MmcPath(string specPath) => specPath switch
    {
        "fleet.reserved_replicas" => "servers",
        "workload.max_requests" => "requests",
        "workload.mean_rate_per_s" => "load",
        _ => string.Empty,
    };

    private static Outcome<SimulateResponse> RunScenario(SimulateRequest request, EngineData data, IProgress<double>? progress, CancellationToken cancel)
    {
        var problems = new List<Problem>();
        foreach (var (path, given) in new[] { ("servers", request.Servers is not null), ("load", request.Load is not null), ("requests", request.Requests is not null) })
        {
            if (given)
            {
                problems.Add(Problem.BadInput(path, "applies only to the M/M/c queue, not to a scenario", "drop it, or simulate the M/M/c queue"));
            }
        }

        if (request.Scenario is null)
        {
            problems.Add(Problem.BadInput("scenario", "give a scenario to simulate, or simulate the M/M/c queue"));
            return Outcome<SimulateResponse>.Fail(problems);
        }

        var loaded = request.Scenario.Load();
        if (!loaded.IsOk)
        {
            return Outcome<SimulateResponse>.Fail([.. problems, .. loaded.Problems]);
        }

        var scenario = loaded.Value!;

        var trace = default(ImmutableArray<TraceArrival>);
        if (request.TraceCsv is { } traceText)
        {
            var duration = (scenario.Simulation ?? new SimulationSettings()).DurationSeconds;
            var (parsed, traceProblems) = TraceCsv.Parse(request.TraceSource, traceText, [.. scenario.Users.Select(u => u.Tier)], scenario.Product.ClipMix.Length, duration);
            problems.AddRange(traceProblems);
            trace = parsed;
        }

        if (problems.Count > 0)
        {
            return Outcome<SimulateResponse>.Fail(problems);
        }

        var (plan, buildProblems) = ScenarioSimulation.Build(scenario, data.Catalog, data.Calibration, trace);
        if (plan is null)
        {
            var at = new SourceLocation(request.Scenario!.Name);
            return Outcome<SimulateResponse>.Fail(buildProblems.Select(p => p.Location is null && p.Path != "trace" ? p with { Location = at } : p));
        }

        var result = FleetSimulator.Run(plan.Spec, request.Seed, progress, cancel);
        if (Unfinished(plan, result) is { } unfinished)
        {
            return Outcome<SimulateResponse>.Fail(unfinished with { Location = new SourceLocation(request.Scenario!.Name) });
        }

        return Outcome<SimulateResponse>.Ok(new SimulateResponse { Day = Day(scenario, plan, result, request.Seed) });
    }

    /// <summary>Why a scenario's finished run has no answer, or null (<see cref="ScenarioSimulation.Unfinished"/>).</summary>
    internal static Problem? Unfinished(ScenarioSimulationPlan plan, RunResult result) => ScenarioSimulation.Unfinished(plan, result);

    private static Problem EventLimit(string path) => ScenarioSimulation.EventLimit(path);

    private static double? Value(double v) => double.IsFinite(v) ? v : null;

    private static readonly string AboveTop = string.Create(CultureInfo.InvariantCulture,
        $"a percentile lies beyond the latency histogram's range: at least {Histogram.TopSeconds:0.###e0} s");

    private static DurationFigures Figures(double mean, double p50, double p90, double p99, string emptyReason) =>
        double.IsNaN(mean)
            ? new DurationFigures { Reason = emptyReason }
            : new DurationFigures
            {
                Mean = Value(mean),
                P50 = Value(p50),
                P90 = Value(p90),
                P99 = Value(p99),
                Reason = double.IsFinite(p50) && double.IsFinite(p90) && double.IsFinite(p99) && double.IsFinite(mean) ? null : AboveTop,
            };

    internal static SimulatedDay Day(Scenario scenario, ScenarioSimulationPlan plan, RunResult r, ulong seed)
    {
        var spec = plan.Spec;
        var notes = plan.Notes.ToList();
        if (r.RejectedAtQueueLimit > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"the fleet could not keep up: {r.RejectedAtQueueLimit:N0} arrivals were turned away when {SimulationLimits.MaxQueuedRequests:N0} requests (the simulator's limit) were waiting; they count as rejected"));
        }

        if (r.ReplicaLimitReached)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"the autoscaler, with no max_replicas, wanted more than the simulator's limit of {SimulationLimits.MaxReplicas:N0} replicas and was held to it"));
        }

        var longest = spec.Clips.Max(c => c.ServiceSeconds);
        if (double.IsFinite(spec.DurationSeconds) && r.EndSeconds - spec.DurationSeconds > Math.Max(3_600, 2 * longest))
        {
            var late = (r.EndSeconds - spec.DurationSeconds) / 3_600;
            var held = spec.Autoscaler?.MaxReplicas is { } max ? $" (the autoscaler's max_replicas of {max:N0} held the fleet)" : string.Empty;
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"the fleet fell behind the demand{held}: the last clip finished {late:N1} hours after the run's end; its GPUs are paid until then"));
        }

        var anySlo = spec.Tiers.Any(t => t.SloSeconds is not null);
        var tiers = r.Tiers.Select((t, i) =>
        {
            var hasSlo = spec.Tiers[i].SloSeconds is not null;
            var p50 = Value(t.LatencyP50Seconds);
            var p99 = Value(t.LatencyP99Seconds);
            return new TierFigures
            {
                Tier = t.Tier,
                Completed = t.Completed,
                LatencyP50Seconds = p50,
                LatencyP99Seconds = p99,
                LatencyReason = t.Completed == 0 ? "no clip of the tier completed" : p50 is null || p99 is null ? AboveTop : null,
                SloAttainment = t.SloAttainment,
                SloAttainmentReason = t.SloAttainment is not null ? null : hasSlo ? "no clip of the tier completed" : "the tier has no SLO",
            };
        }).ToImmutableArray();
        return new SimulatedDay
        {
            Scenario = scenario.Name,
            Seed = seed,
            DurationS = plan.Spec.DurationSeconds,
            Arrivals = r.Arrivals,
            Completed = r.Completed,
            Rejected = r.Rejected,
            TimedOut = r.TimedOut,
            Preemptions = r.Preemptions,
            Events = r.Events,
            WaitSeconds = Figures(r.MeanWaitSeconds, r.WaitP50Seconds, r.WaitP90Seconds, r.WaitP99Seconds, "no request started service"),
            LatencySeconds = Figures(r.MeanLatencySeconds, r.LatencyP50Seconds, r.LatencyP90Seconds, r.LatencyP99Seconds, "no clip completed"),
            SloAttainment = r.SloAttainment,
            SloAttainmentReason = r.SloAttainment is not null ? null : anySlo ? "no clip of a tier with an SLO completed" : "no tier has an SLO",
            Tiers = tiers,
            Utilization = r.Utilization,
            GpuHoursBusy = r.GpuHoursBusy,
            GpuHoursIdle = r.GpuHoursIdle,
            Classes = [.. r.Classes.Select(c => new CapacityClassFigures(c.Capacity, Economics.CapacityWords.Of(scenario.Capacity.Owned, c.Capacity), c.GpuHoursBusy, c.GpuHoursIdle, c.CostUsd))],
            CostUsd = r.CostUsd,
            RealizedCostPerClipUsd = r.Completed > 0 ? r.RealizedCostPerClipUsd : null,
            RealizedCostPerClipReason = r.Completed > 0 ? null : "no clip completed",
            AverageLoadCostPerClipUsd = plan.AverageLoadCostPerClipUsd,
            LostGpuHours = r.LostGpuHours,
            EnergyKwh = r.EnergyKwh,
            ReplicaStart = plan.ReplicaStart is { } start
                ? new ReplicaStartFigures(start.ProvisioningDelaySeconds, start.Load.Seconds, start.Load.Bytes, start.Load.Gbps, start.Seconds)
                : null,
            Notes = [.. notes],
            FleetSeries = FleetSample.Of(r.Series),
            Series = r.Series,
        };
    }

    /// <summary>
    /// A queue near saturation relaxes slowly: the M/M/1 relaxation time is about 1 / (μ (1 − √ρ)²) (Morse, 1955), so
    /// about ρ / (1 − √ρ)² arrivals pass while it settles. Fewer than a hundred such spans of requests cannot show the
    /// steady-state wait, and the note says so instead of letting the measured mean stand beside Erlang C's.
    /// </summary>
    private static string? SteadyState(double load, long requests)
    {
        var settle = load / Math.Pow(1 - Math.Sqrt(load), 2);
        return requests >= 100 * settle
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"at load {load:G6} the queue needs about {settle:G3} arrivals to settle; {requests:N0} requests are too few to measure its steady-state wait (give at least {100 * settle:G3}, or a lower load)");
    }
}
