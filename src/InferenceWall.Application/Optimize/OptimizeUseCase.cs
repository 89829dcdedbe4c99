using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application.Sweep;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Optimize;

/// <summary>
/// Optimize: every step count and GPU count asked for is first applied to the scenario and checked by its rules
/// (the limits of steps and GPUs per clip are the scenario's), then every option is a changed scenario checked the
/// same way. No option meeting the SLO is a valid question without an answer: <see cref="ProblemKind.Infeasible"/>.
/// The best option comes with caveats: a step count other than the scenario's (a quality change), the quote's date
/// and source (undated quotes marked), and that spot capacity is preemptible.
/// </summary>
public static class OptimizeUseCase
{
    /// <summary>With <see cref="OptimizeRequest.Levers"/>: how many of the cheapest physics-lever sets each deployment is tried with (plus no lever).</summary>
    public const int LeverSets = 8;

    public static Outcome<OptimizeResponse> Run(OptimizeRequest request, EngineData data, IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        var prepared = Prepare(request, data, progress, cancel);
        if (prepared.Value is not { } job)
        {
            return Outcome<OptimizeResponse>.Fail(prepared.Problems);
        }

        var simulated = job.Request.Simulate
            ? Optimizer.SimulateChunk(job.Candidates, 0, job.Candidates.Length, job.Scenario, job.Request.SloS, job.Request.Seed, job.Request.Attainment, data.Catalog, data.Calibration,
                job.Threads, progress, cancel)
            : null;
        return Finish(job, simulated);
    }

    /// <summary>
    /// The checked job of a request with its analytic ranking done, or every problem with the request (no option
    /// meeting the SLO among them). With <see cref="OptimizeRequest.Simulate"/> its candidates' days run whole or in
    /// chunks by index anywhere (<see cref="Optimizer.SimulateChunk"/>), and <see cref="Finish"/> gives the same
    /// response either way.
    /// </summary>
    public static Outcome<OptimizeJob> Prepare(OptimizeRequest request, EngineData data, IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<Problem>();
        var scenario = AnalysisInputs.Scenario(request.Scenario, problems);
        var threads = AnalysisInputs.Threads(request.Threads, problems);
        if (RequestChecks.Slo("slo_s", request.SloS) is { } slo)
        {
            problems.Add(slo);
        }

        if (request.Simulate && request.SimulateTop is < 1 or > Optimizer.MaxSimulatedCandidates)
        {
            problems.Add(Problem.BadInput("simulate_top", $"{request.SimulateTop} is out of range", $"give 1 to {Optimizer.MaxSimulatedCandidates:N0} options to simulate"));
        }

        if (request.Simulate && !(request.Attainment is > 0 and <= 1))
        {
            problems.Add(Problem.BadInput("attainment", $"{request.Attainment.ToString(CultureInfo.InvariantCulture)} is out of range", "give the share of clips that must meet the SLO, in (0, 1], for example 0.99"));
        }

        if (scenario is null)
        {
            return Outcome<OptimizeJob>.Fail(problems);
        }

        var model = data.Catalog.FindModel(scenario.Product.Model);
        if (model.Value is null)
        {
            problems.Add(Problem.NotFound("product.model", $"unknown model '{scenario.Product.Model}'",
                model.Suggestions.Count > 0 ? $"did you mean {string.Join(", ", model.Suggestions.Select(s => $"'{s}'"))}? (the catalog's models list them)" : "give a model from the catalog's models"));
            return Outcome<OptimizeJob>.Fail(problems);
        }

        var mix = scenario.Product.ClipMix;
        var steps = request.Steps is { } askedSteps
            ? Counts(scenario, "steps", askedSteps, problems, s => [.. Enumerable.Range(0, mix.Length).Select(k => new FieldValue($"product.clip_mix[{k}].steps", s))])
            : [.. Optimizer.DefaultSteps(scenario, model.Value)];
        var gpuCounts = Counts(scenario, "gpu_counts", request.GpuCounts ?? [.. Optimizer.DefaultGpuCounts.Select(g => (long)g)], problems, g => [new FieldValue("product.gpus_per_clip", g)]);
        ImmutableArray<ImmutableArray<Core.Catalog.LeverSpec>> leverSets = [[]];
        if (request.Levers && problems.Count == 0)
        {
            var physics = data.Catalog.Levers.Where(l => l.Kind is not (Core.Catalog.LeverKind.Gpu or Core.Catalog.LeverKind.Provider or Core.Catalog.LeverKind.Capacity)).ToList();
            var (sets, leverProblems) = Analysis.Studies.Levers.Cheapest(scenario, physics, data.Catalog, data.Calibration, LeverSets);
            problems.AddRange(leverProblems);
            leverSets = [.. sets.Select(s => s.Levers)];
            if (!leverSets.Any(s => s.IsEmpty))
            {
                leverSets = [[], .. leverSets];
            }
        }

        if (problems.Count == 0)
        {
            var count = Optimizer.OptionCount(data.Catalog, model.Value, steps.Count, gpuCounts.Select(g => g!.Value)) * leverSets.Length;
            if (count > Optimizer.MaxOptions)
            {
                problems.Add(Problem.LimitExceeded("steps", string.Create(CultureInfo.InvariantCulture, $"{count:N0} options to try; a search tries at most {Optimizer.MaxOptions:N0}"),
                    "try fewer step counts or GPU counts"));
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<OptimizeJob>.Fail(problems);
        }

        var r = Optimizer.Run(scenario, request.SloS, steps, [.. gpuCounts.Select(g => g!.Value)], data.Catalog, data.Calibration, threads, progress, leverSets, cancel);
        if (r.Best is null)
        {
            return Outcome<OptimizeJob>.Fail(Optimizer.NoOption(r, request.SloS));
        }

        var (candidates, feasible) = request.Simulate ? Optimizer.SimulationCandidates(r, request.SimulateTop) : ([], 0);
        return Outcome<OptimizeJob>.Ok(new OptimizeJob(request, scenario, threads, r, candidates, feasible));
    }

    /// <summary>The response of a prepared job, with its candidates' simulated days when it simulates (in candidate order).</summary>
    public static Outcome<OptimizeResponse> Finish(OptimizeJob job, IReadOnlyList<SimulatedCandidate>? simulatedDays)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (request, r) = (job.Request, job.Result);
        var best = r.Best!;

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reason in Enum.GetValues<LossReason>())
        {
            if (r.LossCounts.TryGetValue(reason, out var n))
            {
                counts[Optimizer.Reasons.Word(reason)] = n;
            }
        }

        SimulatedRankingResponse? simulated = null;
        if (request.Simulate && simulatedDays is not null)
        {
            var ranking = Optimizer.Rank(simulatedDays, job.Feasible, request.Seed, request.Attainment);
            SimulatedOptionResponse Simulated(SimulatedCandidate c) => new()
            {
                Option = Option(c.Candidate),
                AnalyticRank = c.AnalyticRank + 1,
                RealizedCostPerClipUsd = c.RealizedCostPerClipUsd,
                SloAttainment = c.SloAttainment,
                LatencyP90S = c.LatencyP90Seconds,
                Utilization = c.Utilization,
                MeetsSlo = c.MeetsSlo,
                Problems = c.Problems,
            };
            simulated = new SimulatedRankingResponse
            {
                Seed = ranking.Seed,
                AttainmentTarget = ranking.AttainmentTarget,
                Feasible = ranking.Feasible,
                Best = ranking.Best is { } b ? Simulated(b) : null,
                Candidates = [.. ranking.Ranked.Select(Simulated)],
                Note = Optimizer.SimulatedNote(ranking),
            };
        }

        return Outcome<OptimizeResponse>.Ok(new OptimizeResponse
        {
            Simulated = simulated,
            Scenario = job.Scenario.Name,
            Evaluated = r.Evaluated,
            SloS = request.SloS,
            ScenarioSteps = r.ScenarioSteps,
            Best = Option(best),
            RunnersUp = [.. r.RunnersUp.Select(Option)],
            WhyOthersLost = [.. r.BestPerGpu().Select(Option)],
            LossCounts = counts,
            BestAtScenarioSteps = r.BestAtScenarioSteps is { } a ? Option(a) : null,
            Caveats = r.Caveats,
            Lost = [.. r.Lost.Select(Option)],
        });
    }

    /// <summary>
    /// Whole-number choices (step counts, GPU counts), each applied to the scenario and checked by its rules; a problem
    /// is reported at <c>name[i]</c> with the rule's message and limit. Repeats are dropped.
    /// </summary>
    private static List<int?> Counts(Core.Economics.Scenario scenario, string name, ImmutableArray<long> asked, List<Problem> problems, Func<double, FieldValue[]> change)
    {
        var result = new List<int?>();
        if (asked.IsDefaultOrEmpty)
        {
            problems.Add(Problem.BadInput(name, "is empty", $"give at least one whole number, or leave {name} out for the defaults"));
            return result;
        }

        for (var i = 0; i < asked.Length; i++)
        {
            var v = asked[i];
            var variant = ScenarioFields.Variant(scenario, change(v));
            if (!variant.Problems.IsEmpty)
            {
                problems.AddRange(variant.Problems.DistinctBy(p => (p.Kind, p.Message)).Select(p => p with { Path = $"{name}[{i}]" }));
                continue;
            }

            if (!result.Contains((int)v))
            {
                result.Add((int)v);
            }
        }

        return result;
    }

    private static OptionResponse Option(OptionResult o) => new()
    {
        Gpu = o.Option.Gpu,
        Provider = o.Option.Provider,
        Capacity = o.Option.Capacity,
        Gpus = o.Option.Plan.Gpus,
        Ulysses = o.Option.Plan.Ulysses,
        CfgParallel = o.Option.Plan.CfgParallel,
        Steps = o.Option.Levers.FirstOrDefault(l => l.Kind == Core.Catalog.LeverKind.Distill)?.Steps ?? o.Option.Steps,
        LatencyS = o.LatencySeconds,
        CostPerClipUsd = o.CostPerClipUsd,
        DailyCostUsd = o.DailyCostUsd,
        FleetGpus = o.FleetGpus,
        Reason = Optimizer.Reasons.Word(o.Reason),
        Detail = o.Detail,
        Quote = o.Quote is { } q
            ? new QuoteResponse { ProviderName = q.ProviderName, Sku = q.Sku, Region = q.Region, PricingModel = q.PricingModel, UsdPerGpuHour = q.UsdPerGpuHour, AsOf = q.AsOf, Dated = q.Dated, Source = q.Source }
            : null,
        Problems = o.Problems,
        Label = o.Option.ToString(),
        Levers = [.. o.Option.Levers.Select(l => l.Id)],
    };
}

/// <summary>
/// A checked optimize request with its analytic ranking: the scenario, the threads, the ranking, and the cheapest
/// feasible options to simulate (<see cref="OptimizeRequest.SimulateTop"/> of <see cref="Feasible"/>; empty without
/// <see cref="OptimizeRequest.Simulate"/>).
/// </summary>
public sealed record OptimizeJob(OptimizeRequest Request, Core.Economics.Scenario Scenario, int Threads, OptimizationResult Result, ImmutableArray<OptionResult> Candidates, int Feasible);
