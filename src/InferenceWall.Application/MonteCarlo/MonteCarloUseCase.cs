using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application.Sweep;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.MonteCarlo;

/// <summary>
/// Monte Carlo: each draw is the scenario changed and checked by its own rules. Draws are never clipped into range:
/// a draw that breaks a rule (a normal on a price that goes negative) is rejected, counted by field and reported, and
/// the spreads are over the computed draws only. Refused when no draw could be computed.
/// </summary>
public static class MonteCarloUseCase
{
    public static Outcome<MonteCarloResponse> Run(MonteCarloRequest request, EngineData data, IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        var job = Prepare(request, data);
        if (job.Value is not { } j)
        {
            return Outcome<MonteCarloResponse>.Fail(job.Problems);
        }

        var r = Analysis.Studies.MonteCarlo.Run(j.Scenario, j.Inputs, j.Samples, j.Seed, data.Catalog, data.Calibration, j.Threads, progress, j.Simulate, cancel);
        return Finish(j, r);
    }

    /// <summary>
    /// The checked job of a request: its scenario, inputs and settings, or every problem with the request. A job runs
    /// whole (<see cref="Run"/>) or in chunks of samples by index anywhere (<see cref="Analysis.Studies.MonteCarlo.RunChunk"/>),
    /// gathered by index and finished with <see cref="Finish"/>: the same response either way.
    /// </summary>
    public static Outcome<MonteCarloJob> Prepare(MonteCarloRequest request, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<Problem>();
        var scenario = AnalysisInputs.Scenario(request.Scenario, problems);
        var threads = AnalysisInputs.Threads(request.Threads, problems);
        if (request.Samples < 1)
        {
            problems.Add(Problem.BadInput("samples", $"{request.Samples} is out of range", "give at least 1"));
        }
        else if (request.Samples > Analysis.Studies.MonteCarlo.MaxSamples)
        {
            problems.Add(Problem.LimitExceeded("samples", $"{request.Samples:N0} is more than the limit of {Analysis.Studies.MonteCarlo.MaxSamples:N0}", "give fewer samples"));
        }
        else if (request.Simulate && request.Samples > Analysis.Studies.MonteCarlo.MaxSimulatedSamples)
        {
            problems.Add(Problem.LimitExceeded("samples", $"{request.Samples:N0} simulated days is more than the limit of {Analysis.Studies.MonteCarlo.MaxSimulatedSamples:N0}",
                "give fewer samples, or drop simulate for the analytic model"));
        }

        var inputs = new List<UncertainInput>();
        var requested = request.Inputs.IsDefault ? [] : request.Inputs;
        if (requested.IsEmpty)
        {
            problems.Add(Problem.BadInput("inputs", "is empty", "give at least one field and its distribution, for example efficiency lognormal(1, 0.2)"));
        }

        for (var i = 0; i < requested.Length; i++)
        {
            var at = $"inputs[{i}]";
            var input = requested[i];
            var field = input?.Field?.Trim() ?? string.Empty;
            if (field.Length == 0)
            {
                problems.Add(Problem.BadInput($"{at}.field", "is empty", "name a numeric scenario field, or efficiency"));
                continue;
            }

            if (scenario is not null && field != "efficiency" && ScenarioFields.FieldProblem(scenario, field) is { } unknown)
            {
                problems.Add(unknown with { Path = $"{at}.field" });
                continue;
            }

            if (ScenarioFields.IsText(field))
            {
                problems.Add(Problem.BadInput($"{at}.field", $"{field} holds text, which cannot take a distribution", "sweep it over its values instead"));
                continue;
            }

            if (inputs.Any(x => x.Path == field))
            {
                problems.Add(Problem.BadInput($"{at}.field", $"{field} is varied twice", "give each field one distribution"));
                continue;
            }

            var (distribution, problem) = Distribution.Create($"{at}.distribution", input!.Distribution, input.Parameters.IsDefault ? [] : input.Parameters);
            if (distribution is null)
            {
                problems.Add(problem!);
                continue;
            }

            inputs.Add(new UncertainInput(field, distribution));
        }

        if (problems.Count > 0)
        {
            return Outcome<MonteCarloJob>.Fail(problems);
        }

        return Outcome<MonteCarloJob>.Ok(new MonteCarloJob(scenario!, [.. inputs], request.Samples, request.Seed, request.Simulate, threads));
    }

    /// <summary>The response from every sample's result (gathered in index order), or the problems when no sample could be computed.</summary>
    public static Outcome<MonteCarloResponse> Finish(MonteCarloJob job, MonteCarloResult r)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(r);
        var (scenario, inputs) = (job.Scenario, job.Inputs);
        var rejections = r.Rejections.Select(x => new RejectionResponse(x.Path, x.Draws, x.Example)).ToImmutableArray();
        if (r.CostPerClip is not { } cost || r.DailyBurn is not { } burn || r.ShareAboveWall is not { } above)
        {
            return Outcome<MonteCarloResponse>.Fail(r.Rejections.Select(x => Rejected(x, r.Samples)).Concat(r.FailedExamples));
        }

        var notes = ImmutableArray.CreateBuilder<string>();
        if (job.Simulate)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"each sample is a simulated day of its drawn scenario (the day's seed drawn from the sample's (seed, index) stream after its inputs): cost per clip is what the day's fleet paid, its peaks, idle capacity and replica starts included{(scenario.Simulation is null ? "; the scenario has no simulation section, so each day takes the simulator's defaults" : string.Empty)}"));
        }

        if (r.Rejected > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{r.Rejected:N0} of {r.Samples:N0} draws broke a scenario rule and were not computed ({string.Join("; ", r.Rejections.Select(x => $"{x.Path}: {x.Draws:N0}"))}): the spreads are over the {r.Samples - r.Rejected - r.Failed:N0} computed draws, a distribution cut at the field's range; a lognormal keeps a positive quantity positive"));
        }

        foreach (var whole in inputs.Where(x => ScenarioFields.IsWhole(x.Path)))
        {
            notes.Add($"{whole.Path} holds whole numbers: each draw of {whole.Distribution} is rounded to the nearest (halves to even)");
        }

        return Outcome<MonteCarloResponse>.Ok(new MonteCarloResponse
        {
            Scenario = scenario.Name,
            Samples = r.Samples,
            Failed = r.Failed,
            Rejected = r.Rejected,
            Seed = job.Seed,
            Simulated = job.Simulate,
            CostPerClipUsd = Spread(cost),
            DailyBurnUsd = Spread(burn),
            GrossMargin = r.Margin is { } m ? Spread(m) : null,
            GrossMarginReason = r.Margin is null ? "no computed draw has revenue" : null,
            ShareAboveWall = above,
            Rejections = rejections,
            Failures = r.FailedExamples,
            Notes = notes.ToImmutable(),
            CostPerClipHistogram = SampleHistogram.Of(r.CostPerClipUsd),
            Draws = new MonteCarloDraws(r),
        });
    }

    private static SpreadResponse Spread(Spread s) => new(s.P10, s.P50, s.P90, s.Mean);

    private static Problem Rejected(Rejection x, int samples) => x.Example with
    {
        Message = string.Create(CultureInfo.InvariantCulture, $"{x.Draws:N0} of {samples:N0} draws break this field's rule, for example: {x.Example.Message}"),
        Fix = (x.Example.Fix is null ? string.Empty : x.Example.Fix + "; ") + "choose a distribution that stays in the field's range (a lognormal for a positive quantity, a uniform or triangular within the range)",
    };
}

/// <summary>A checked Monte Carlo: what every chunk of it needs to compute its samples, and what finishing it needs.</summary>
/// <param name="Threads">Worker threads for a run in this process.</param>
public sealed record MonteCarloJob(Core.Economics.Scenario Scenario, ImmutableArray<UncertainInput> Inputs, int Samples, ulong Seed, bool Simulate, int Threads);
