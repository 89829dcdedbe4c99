using System.Globalization;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation;
using InferenceWall.Simulation.Metrics;
using InferenceWall.Simulation.Workload;
using Search = InferenceWall.Analysis.Studies.CapacitySearch;

namespace InferenceWall.Application.CapacitySearch;

/// <summary>
/// The most clips per hour a fixed fleet sustains with a latency percentile under an SLO, by simulated runs of steady
/// demand. A valid request where no load meets the SLO is infeasible, not a number.
/// </summary>
public static class CapacitySearchUseCase
{
    /// <summary>Simulated hours of each try.</summary>
    public const double Hours = 6;

    /// <summary>Bisection steps after the first, light-load try.</summary>
    public const int Iterations = 14;

    /// <param name="progress">Hears the share of the search done, 0 to 1.</param>
    public static Outcome<CapacitySearchResponse> Run(CapacitySearchRequest request, EngineData data, IProgress<double>? progress = null, CancellationToken cancel = default)
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

        if (request.Replicas < 1)
        {
            problems.Add(Problem.BadInput("replicas", $"{request.Replicas:N0}: must be at least 1"));
        }
        else if (request.Replicas > SimulationLimits.MaxReplicas)
        {
            problems.Add(Problem.LimitExceeded("replicas", $"{request.Replicas:N0} replicas; the simulator runs at most {SimulationLimits.MaxReplicas:N0}"));
        }

        if (request.Scenario is null)
        {
            problems.Add(Problem.BadInput("scenario", "give a scenario whose fleet to search"));
            return Outcome<CapacitySearchResponse>.Fail(problems);
        }

        var loaded = request.Scenario.Load();
        if (!loaded.IsOk)
        {
            return Outcome<CapacitySearchResponse>.Fail([.. problems, .. loaded.Problems]);
        }

        var scenario = loaded.Value!;

        var (plan, buildProblems) = ScenarioSimulation.Build(scenario, data.Catalog, data.Calibration);
        var at = new SourceLocation(request.Scenario!.Name);
        problems.AddRange(buildProblems.Select(p => p.Location is null ? p with { Location = at } : p));
        if (problems.Count > 0)
        {
            return Outcome<CapacitySearchResponse>.Fail(problems);
        }

        var replicas = (int)request.Replicas;
        var spec = plan!.Spec;
        var arrivals = Search.MaxArrivals(spec, replicas, Hours, Iterations);
        if (!(arrivals <= SimulationLimits.MaxArrivals))
        {
            var capacity = Search.FleetCapacityClipsPerHour(spec, replicas);
            var most = Math.Floor(replicas * SimulationLimits.MaxArrivals / arrivals);
            return Outcome<CapacitySearchResponse>.Fail(Problem.LimitExceeded("replicas",
                string.Create(CultureInfo.InvariantCulture,
                    $"{replicas:N0} replicas serve up to {capacity:N0} clips/hour, so the search's {Iterations + 1} runs of {Hours:0} hours would simulate up to {arrivals:N0} arrivals; the limit is {SimulationLimits.MaxArrivals:N0}"),
                most >= 1 ? string.Create(CultureInfo.InvariantCulture, $"search at most {most:N0} replicas of this scenario") : "the scenario's clips are too short to search"));
        }

        var tries = Iterations + 1;
        var counted = progress is null ? null : new Progress(progress, tries);
        var result = Search.Run(spec, replicas, request.SloSeconds, request.Percentile, request.Seed, Hours, Iterations, counted, cancel);
        var figures = result.Tries.Select(t => new CapacityTryFigures
        {
            ClipsPerHour = t.ClipsPerHour,
            LatencySeconds = double.IsFinite(t.LatencyPercentileSeconds) ? t.LatencyPercentileSeconds : null,
            LatencyReason = double.IsNaN(t.LatencyPercentileSeconds) ? "no clip completed after the warm-up hour"
                : double.IsInfinity(t.LatencyPercentileSeconds) ? string.Create(CultureInfo.InvariantCulture, $"beyond the latency histogram's range: at least {Histogram.TopSeconds:0.###e0} s")
                : null,
            MeetsSlo = t.MeetsSlo,
            MeasuredClips = t.MeasuredClips,
        }).ToList();
        if (result.MaxClipsPerHour is not { } max)
        {
            var probe = result.Tries[0];
            var p = request.Percentile.ToString(CultureInfo.InvariantCulture);
            var message = probe.MeasuredClips == 0
                ? string.Create(CultureInfo.InvariantCulture,
                    $"no clip completes in a {Hours:0}-hour run at {probe.ClipsPerHour:G4} clips/hour ({Search.ProbeShare:P0} of the fleet's capacity); the clips are too slow to measure a latency")
                : string.Create(CultureInfo.InvariantCulture,
                    $"no load meets the SLO: even at {probe.ClipsPerHour:G4} clips/hour ({Search.ProbeShare:P0} of the fleet's capacity) latency P{p} is {(figures[0].LatencySeconds is { } l ? l.ToString("G4", CultureInfo.InvariantCulture) + " s" : "beyond measure")}, above the {request.SloSeconds.ToString("G4", CultureInfo.InvariantCulture)} s SLO");
            return Outcome<CapacitySearchResponse>.Fail(Problem.Infeasible("slo_s", message, "raise the SLO, or make clips faster (fewer steps, more GPUs per clip)"));
        }

        return Outcome<CapacitySearchResponse>.Ok(new CapacitySearchResponse
        {
            MaxClipsPerHour = max,
            Replicas = replicas,
            Gpus = (long)replicas * spec.Fleet.GpusPerReplica,
            Percentile = request.Percentile,
            SloSeconds = request.SloSeconds,
            FleetCapacityClipsPerHour = result.FleetCapacityClipsPerHour,
            Hours = Hours,
            Seed = request.Seed,
            Tries = [.. figures],
        });
    }

    private sealed class Progress(IProgress<double> inner, int total) : IProgress<int>
    {
        public void Report(int value) => inner.Report(Math.Clamp((double)value / total, 0, 1));
    }
}
