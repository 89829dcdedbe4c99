using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Application.Sweep;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation;
using InferenceWall.Simulation.Metrics;
using InferenceWall.Simulation.Workload;
using Search = InferenceWall.Analysis.Studies.CapacitySearch;

namespace InferenceWall.Application.CapacitySearch;

/// <summary>
/// The most clips per hour each of one or more fixed fleets sustains with a latency percentile under an SLO, by
/// simulated runs of steady demand. Each fleet's search is its own (the same seed for every fleet), so the fleets
/// run in any order, on any thread or worker, and are gathered by index (decision 0008). A fleet where no load meets
/// the SLO says why; a request where no fleet meets it is infeasible, not a number.
/// </summary>
public static class CapacitySearchUseCase
{
    /// <summary>Simulated hours of each try.</summary>
    public const double Hours = 6;

    /// <summary>Bisection steps after the first, light-load try.</summary>
    public const int Iterations = 14;

    /// <summary>Simulated runs of one fleet's search, at most.</summary>
    public const int TriesPerFleet = Iterations + 1;

    /// <param name="progress">Hears the share of the search done, 0 to 1.</param>
    public static Outcome<CapacitySearchResponse> Run(CapacitySearchRequest request, EngineData data, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        var prepared = Prepare(request, data);
        if (prepared.Value is not { } job)
        {
            return Outcome<CapacitySearchResponse>.Fail(prepared.Problems);
        }

        var fleets = new CapacityFleetFigures[job.Replicas.Length];
        var total = job.Replicas.Length * TriesPerFleet;
        var done = 0;
        Parallel.For(0, fleets.Length, new ParallelOptions { MaxDegreeOfParallelism = job.Threads, CancellationToken = cancel }, i =>
        {
            IProgress<int>? tries = progress is null ? null : new Counted(n => progress.Report(Math.Clamp((double)Interlocked.Add(ref done, n) / total, 0, 1)));
            fleets[i] = Fleet(job, i, tries, cancel);
        });
        return Finish(job, [.. fleets]);
    }

    /// <summary>The request checked, every fleet's problems with its path (<c>replica_counts[i]</c>), and what its fleets' searches need.</summary>
    public static Outcome<CapacityJob> Prepare(CapacitySearchRequest request, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<Problem>();
        if (RequestChecks.Slo("slo_s", request.SloSeconds) is { } slo)
        {
            problems.Add(slo);
        }

        if (request.Percentile is not (50 or 90 or 99))
        {
            problems.Add(Problem.BadInput("percentile", $"{request.Percentile.ToString(CultureInfo.InvariantCulture)}: must be 50, 90 or 99"));
        }

        var threads = AnalysisInputs.Threads(request.Threads, problems);
        var counts = Counts(request, problems);
        if (request.Scenario is null)
        {
            problems.Add(Problem.BadInput("scenario", "give a scenario whose fleet to search"));
            return Outcome<CapacityJob>.Fail(problems);
        }

        var loaded = request.Scenario.Load();
        if (!loaded.IsOk)
        {
            return Outcome<CapacityJob>.Fail([.. problems, .. loaded.Problems]);
        }

        var (plan, buildProblems) = ScenarioSimulation.Build(loaded.Value!, data.Catalog, data.Calibration);
        var at = new SourceLocation(request.Scenario.Name);
        problems.AddRange(buildProblems.Select(p => p.Location is null ? p with { Location = at } : p));
        if (problems.Count > 0 || counts is null)
        {
            return Outcome<CapacityJob>.Fail(problems);
        }

        var spec = plan!.Spec;
        for (var i = 0; i < counts.Value.Length; i++)
        {
            var replicas = counts.Value[i].Replicas;
            var arrivals = Search.MaxArrivals(spec, replicas, Hours, Iterations);
            if (!(arrivals <= SimulationLimits.MaxArrivals))
            {
                var capacity = Search.FleetCapacityClipsPerHour(spec, replicas);
                var most = Math.Floor(replicas * SimulationLimits.MaxArrivals / arrivals);
                problems.Add(Problem.LimitExceeded(counts.Value[i].Path,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{replicas:N0} replicas serve up to {capacity:N0} clips/hour, so the search's {TriesPerFleet} runs of {Hours:0} hours would simulate up to {arrivals:N0} arrivals; the limit is {SimulationLimits.MaxArrivals:N0}"),
                    most >= 1 ? string.Create(CultureInfo.InvariantCulture, $"search at most {most:N0} replicas of this scenario") : "the scenario's clips are too short to search"));
            }
        }

        return problems.Count > 0
            ? Outcome<CapacityJob>.Fail(problems)
            : Outcome<CapacityJob>.Ok(new CapacityJob(spec, [.. counts.Value.Select(c => c.Replicas)], request.SloSeconds, request.Percentile, request.Seed, threads));
    }

    /// <summary>Fleets <paramref name="start"/> to start + count − 1 of the job, each searched on its own.</summary>
    public static CapacityChunk RunChunk(CapacityJob job, int start, int count, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new CapacityChunk { Start = start, Fleets = [.. Enumerable.Range(start, count).Select(i => Fleet(job, i, null, cancel))] };
    }

    /// <summary>The response of the fleets gathered by index; infeasible when no fleet meets the SLO.</summary>
    public static Outcome<CapacitySearchResponse> Finish(CapacityJob job, ImmutableArray<CapacityFleetFigures> fleets)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (fleets.All(f => f.MaxClipsPerHour is null))
        {
            var message = fleets.Length == 1
                ? fleets[0].Reason!
                : $"no fleet of the {fleets.Length:N0} meets the SLO; the largest, {fleets.MaxBy(f => f.Replicas)!.Replicas:N0} replicas: {fleets.MaxBy(f => f.Replicas)!.Reason}";
            return Outcome<CapacitySearchResponse>.Fail(Problem.Infeasible("slo_s", message, "raise the SLO, or make clips faster (fewer steps, more GPUs per clip)"));
        }

        return Outcome<CapacitySearchResponse>.Ok(new CapacitySearchResponse
        {
            Percentile = job.Percentile,
            SloSeconds = job.SloSeconds,
            Hours = Hours,
            Seed = job.Seed,
            Fleets = fleets,
        });
    }

    /// <summary>The fleets' replica counts with the path each is reported at, or null with the problems added.</summary>
    private static ImmutableArray<(int Replicas, string Path)>? Counts(CapacitySearchRequest request, List<Problem> problems)
    {
        if (request.Replicas is not null && request.ReplicaCounts is not null)
        {
            problems.Add(Problem.BadInput("replica_counts", "give replicas (one fleet) or replica_counts (many fleets), not both", "drop replicas"));
            return null;
        }

        var given = request.ReplicaCounts is { } many
            ? many.Select((r, i) => (r, $"replica_counts[{i}]")).ToList()
            : [(request.Replicas ?? CapacitySearchRequest.DefaultReplicas, "replicas")];
        if (given.Count == 0)
        {
            problems.Add(Problem.BadInput("replica_counts", "is empty", "give at least one fleet's replicas"));
            return null;
        }

        if (given.Count > CapacitySearchRequest.MaxFleets)
        {
            problems.Add(Problem.LimitExceeded("replica_counts", $"{given.Count:N0} fleets; one search takes at most {CapacitySearchRequest.MaxFleets:N0}", "split the fleets over several searches"));
            return null;
        }

        var ok = true;
        var seen = new Dictionary<long, int>();
        for (var i = 0; i < given.Count; i++)
        {
            var (replicas, path) = given[i];
            if (replicas < 1)
            {
                problems.Add(Problem.BadInput(path, $"{replicas:N0}: must be at least 1"));
                ok = false;
            }
            else if (replicas > SimulationLimits.MaxReplicas)
            {
                problems.Add(Problem.LimitExceeded(path, $"{replicas:N0} replicas; the simulator runs at most {SimulationLimits.MaxReplicas:N0}"));
                ok = false;
            }
            else if (!seen.TryAdd(replicas, i))
            {
                problems.Add(Problem.BadInput(path, $"{replicas:N0} replicas are already fleet {seen[replicas]}; each fleet is searched once", "list each replica count once"));
                ok = false;
            }
        }

        return ok ? [.. given.Select(g => ((int)g.Item1, g.Item2))] : null;
    }

    /// <summary>Fleet <paramref name="index"/>'s search: its tries, and the most it sustains or why no load meets the SLO.</summary>
    private static CapacityFleetFigures Fleet(CapacityJob job, int index, IProgress<int>? progress, CancellationToken cancel)
    {
        var replicas = job.Replicas[index];
        var reported = 0;
        var tries = progress is null ? null : new Counted(n =>
        {
            progress.Report(n - reported);
            reported = n;
        });
        var result = Search.Run(job.Spec, replicas, job.SloSeconds, job.Percentile, job.Seed, Hours, Iterations, tries, cancel);
        progress?.Report(TriesPerFleet - reported);
        var figures = result.Tries.Select(t => new CapacityTryFigures
        {
            ClipsPerHour = t.ClipsPerHour,
            LatencySeconds = double.IsFinite(t.LatencyPercentileSeconds) ? t.LatencyPercentileSeconds : null,
            LatencyReason = double.IsNaN(t.LatencyPercentileSeconds) ? "no clip completed after the warm-up hour"
                : double.IsInfinity(t.LatencyPercentileSeconds) ? string.Create(CultureInfo.InvariantCulture, $"beyond the latency histogram's range: at least {Histogram.TopSeconds:0.###e0} s")
                : null,
            MeetsSlo = t.MeetsSlo,
            MeasuredClips = t.MeasuredClips,
        }).ToImmutableArray();
        var max = result.MaxClipsPerHour;
        return new CapacityFleetFigures
        {
            Replicas = replicas,
            Gpus = (long)replicas * job.Spec.Fleet.GpusPerReplica,
            MaxClipsPerHour = max,
            Reason = max is null ? NoLoad(job, figures[0]) : null,
            FleetCapacityClipsPerHour = result.FleetCapacityClipsPerHour,
            UtilizationAtMax = max / result.FleetCapacityClipsPerHour,
            LatencyAtMaxSeconds = max is { } m ? figures.Last(t => t.MeetsSlo && t.ClipsPerHour == m).LatencySeconds : null,
            Caveat = max is { } top && figures.All(t => t.MeetsSlo)
                ? string.Create(CultureInfo.InvariantCulture,
                    $"no try missed the SLO: every load up to {top / result.FleetCapacityClipsPerHour:P2} of the capacity held within {Hours:0}-hour runs from an empty fleet; near capacity a queue takes longer than that to reach its steady state, so this is an upper bound")
                : null,
            Tries = figures,
        };
    }

    /// <summary>Why no load meets the SLO, from the first, light-load try.</summary>
    private static string NoLoad(CapacityJob job, CapacityTryFigures probe)
    {
        var p = job.Percentile.ToString(CultureInfo.InvariantCulture);
        return probe.MeasuredClips == 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"no clip completes in a {Hours:0}-hour run at {probe.ClipsPerHour:G4} clips/hour ({Search.ProbeShare:P0} of the fleet's capacity); the clips are too slow to measure a latency")
            : string.Create(CultureInfo.InvariantCulture,
                $"no load meets the SLO: even at {probe.ClipsPerHour:G4} clips/hour ({Search.ProbeShare:P0} of the fleet's capacity) latency P{p} is {(probe.LatencySeconds is { } l ? l.ToString("G4", CultureInfo.InvariantCulture) + " s" : "beyond measure")}, above the {job.SloSeconds.ToString("G4", CultureInfo.InvariantCulture)} s SLO");
    }

    private sealed class Counted(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

/// <summary>A checked capacity search: the scenario's simulation spec and each fleet's replicas, in the order given.</summary>
/// <param name="Threads">Threads for the fleets in this process.</param>
public sealed record CapacityJob(SimulationSpec Spec, ImmutableArray<int> Replicas, double SloSeconds, double Percentile, ulong Seed, int Threads);
