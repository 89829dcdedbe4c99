using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Analysis.Studies;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Sweep;

/// <summary>
/// Sweep: every grid point is the scenario changed and checked by the scenario's own rules. Values that cannot be
/// their field's type (a fractional step count, a value beyond 32 bits) are refused upfront. A point that breaks a
/// rule (a negative price, a utilization above 1) keeps its problems and has no figures, so the rest of the grid
/// still answers; when no point has figures the request is refused with those problems.
/// </summary>
public static class SweepUseCase
{
    /// <summary>The most problems a refused sweep lists (distinct ones, in point order).</summary>
    public const int MaxListedProblems = 20;

    public static Outcome<SweepResponse> Run(SweepRequest request, EngineData data, IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        var job = Prepare(request, data);
        if (job.Value is not { } j)
        {
            return Outcome<SweepResponse>.Fail(job.Problems);
        }

        return Finish(j, Analysis.Studies.Sweep.Run(j.Scenario, j.Axes, data.Catalog, data.Calibration, j.Threads, progress, j.Simulate, j.Seed, cancel));
    }

    /// <summary>
    /// The checked job of a request, or every problem with it. A job runs whole (<see cref="Run"/>) or in chunks of points
    /// by index anywhere (<see cref="Analysis.Studies.Sweep.RunChunk"/>), finished with <see cref="Finish"/>: the same response.
    /// </summary>
    public static Outcome<SweepJob> Prepare(SweepRequest request, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<Problem>();
        var scenario = AnalysisInputs.Scenario(request.Scenario, problems);
        var threads = AnalysisInputs.Threads(request.Threads, problems);
        if (request.MaxPoints is < 1 or > Analysis.Studies.Sweep.MaxPoints)
        {
            problems.Add(Problem.BadInput("max_points", $"{request.MaxPoints} is out of range", $"give 1 to {Analysis.Studies.Sweep.MaxPoints:N0}, or leave it out"));
        }

        // The axes are checked even when the scenario has problems (all but their indexes, which need the scenario).
        var axes = Axes(request.Axes, scenario, problems);
        if (scenario is not null && problems.Count == 0)
        {
            if (Analysis.Studies.Sweep.SizeProblem("axes", axes) is { } size)
            {
                problems.Add(size);
            }
            else if (request.Simulate && Analysis.Studies.Sweep.GridSize(axes.Select(a => a.Values.Length)) > Analysis.Studies.Sweep.MaxSimulatedPoints)
            {
                problems.Add(Problem.LimitExceeded("axes",
                    string.Create(CultureInfo.InvariantCulture, $"the grid has {Analysis.Studies.Sweep.GridSize(axes.Select(a => a.Values.Length)):N0} points; a simulated sweep takes at most {Analysis.Studies.Sweep.MaxSimulatedPoints:N0} (each is a simulated day)"),
                    "use fewer values per field, or drop simulate for the analytic model"));
            }
            else if (request.MaxPoints is { } max && Analysis.Studies.Sweep.GridSize(axes.Select(a => a.Values.Length)) > max)
            {
                problems.Add(Problem.LimitExceeded("max_points",
                    string.Create(CultureInfo.InvariantCulture, $"the grid has {Analysis.Studies.Sweep.GridSize(axes.Select(a => a.Values.Length)):N0} points; at most {max:N0} are taken here"),
                    "ask for fewer points, or for an output that streams every point"));
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<SweepJob>.Fail(problems);
        }

        return Outcome<SweepJob>.Ok(new SweepJob(scenario!, [.. axes], (int)Analysis.Studies.Sweep.GridSize(axes.Select(a => a.Values.Length)), request.Simulate, request.Seed, threads));
    }

    /// <summary>The response from every point (in index order), or the points' problems when none has figures.</summary>
    public static Outcome<SweepResponse> Finish(SweepJob job, IReadOnlyList<SweepPoint> points)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(points);
        var (scenario, axes) = (job.Scenario, job.Axes);
        var withoutFigures = points.Count(p => p.Metrics is null);
        if (withoutFigures == points.Count)
        {
            return Outcome<SweepResponse>.Fail(points.SelectMany(p => p.Problems).DistinctBy(p => (p.Kind, p.Path, p.Message)).Take(MaxListedProblems));
        }

        return Outcome<SweepResponse>.Ok(new SweepResponse
        {
            Scenario = scenario.Name,
            Fields = [.. axes.Select(a => a.Path)],
            PointCount = points.Count,
            PointsWithoutFigures = withoutFigures,
            Points = [.. points.Select(Point)],
            Simulated = job.Simulate,
            DaySeed = job.Simulate ? job.Seed : null,
        });
    }

    private static SweepPointResponse Point(SweepPoint p)
    {
        var values = p.Values.Select(v => new SweepValue { Field = v.Path, Number = v.Number, Text = v.Text }).ToImmutableArray();
        if (p.Metrics is not { } m)
        {
            return new SweepPointResponse { Values = values, Problems = p.Problems };
        }

        return new SweepPointResponse
        {
            Values = values,
            CostPerClipUsd = m.CostPerClipUsd,
            RevenuePerClipUsd = m.RevenuePerClipUsd,
            GrossMargin = m.GrossMargin,
            GrossMarginReason = m.GrossMargin is null ? "no revenue" : null,
            DailyBurnUsd = m.DailyBurnUsd,
            GrossProfitUsdPerDay = m.GrossProfitUsdPerDay,
            EfficiencyGainNeeded = double.IsFinite(m.EfficiencyGainNeeded) ? m.EfficiencyGainNeeded : null,
            EfficiencyGainNeededReason = double.IsFinite(m.EfficiencyGainNeeded) ? null : PointMetrics.NoEfficiencyGainReason,
            LatencyS = m.LatencySeconds,
            ClipsPerDay = m.ClipsPerDay,
            GpuHoursPerDay = m.GpuHoursPerDay,
        };
    }

    /// <summary>The axes as values, each checked for its field and type; problems at <c>axes[i]</c>.</summary>
    private static List<SweepAxis> Axes(ImmutableArray<SweepAxisRequest> requested, Scenario? scenario, List<Problem> problems)
    {
        var axes = new List<SweepAxis>();
        if (requested.IsDefaultOrEmpty)
        {
            problems.Add(Problem.BadInput("axes", "is empty", "give at least one field and its values"));
            return axes;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requested.Length; i++)
        {
            var at = $"axes[{i}]";
            var a = requested[i];
            if (a is null || string.IsNullOrWhiteSpace(a.Field))
            {
                problems.Add(Problem.BadInput($"{at}.field", "is empty", "name a scenario field, for example product.utilization"));
                continue;
            }

            var field = a.Field.Trim();
            if (scenario is not null && field != "efficiency" && ScenarioFields.FieldProblem(scenario, field) is { } unknown)
            {
                problems.Add(unknown with { Path = $"{at}.field" });
                continue;
            }

            if (!seen.Add(field))
            {
                problems.Add(Problem.BadInput($"{at}.field", $"'{field}' is swept twice", "give each field once, with all its values"));
                continue;
            }

            if (Axis(at, field, a, problems) is { } axis)
            {
                axes.Add(axis);
            }
        }

        return axes;
    }

    private static SweepAxis? Axis(string at, string field, SweepAxisRequest a, List<Problem> problems)
    {
        var numbers = a.Numbers.IsDefault ? [] : a.Numbers;
        var texts = a.Texts.IsDefault ? [] : a.Texts;
        var forms = (numbers.IsEmpty ? 0 : 1) + (texts.IsEmpty ? 0 : 1) + (a.Range is null ? 0 : 1);
        if (forms != 1)
        {
            problems.Add(Problem.BadInput(at, forms == 0 ? $"{field} has no values" : $"{field} has values in more than one form", "give exactly one of numbers, texts or a range"));
            return null;
        }

        if (ScenarioFields.IsText(field) != !texts.IsEmpty)
        {
            problems.Add(ScenarioFields.IsText(field)
                ? Problem.BadInput(at, $"{field} holds text", "give its values as texts, for example H100-SXM, B200")
                : Problem.BadInput(at, $"{field} holds a number", "give numbers or a range"));
            return null;
        }

        if (Math.Max(numbers.Length, texts.Length) > Analysis.Studies.Sweep.MaxAxisValues)
        {
            problems.Add(Problem.LimitExceeded(at, $"{field} has {Math.Max(numbers.Length, texts.Length):N0} values; an axis takes at most {Analysis.Studies.Sweep.MaxAxisValues:N0}", "give fewer values"));
            return null;
        }

        if (!texts.IsEmpty)
        {
            var blank = texts.IndexOf(texts.FirstOrDefault(string.IsNullOrWhiteSpace)!);
            if (texts.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add(Problem.BadInput($"{at}.texts[{blank}]", $"{field}: a value is empty", "give a value"));
                return null;
            }

            return new SweepAxis(field, [.. texts.Select(t => new FieldValue(field, null, t.Trim()))]);
        }

        SweepAxis? axis;
        if (a.Range is { } r)
        {
            var (ranged, problem) = SweepAxis.Range(field, $"{at}.range", r.Start, r.Stop, r.Step);
            if (ranged is null)
            {
                problems.Add(problem!);
                return null;
            }

            axis = ranged;
        }
        else
        {
            axis = new SweepAxis(field, [.. numbers.Select(v => new FieldValue(field, v))]);
        }

        // A value that cannot be the field's type at all refuses the sweep; ranges are the rules' and count per point.
        for (var j = 0; j < axis.Values.Length; j++)
        {
            var v = axis.Values[j].Number!.Value;
            var typeProblem = field == "efficiency"
                ? (double.IsFinite(v) ? null : Problem.BadInput(field, $"{v} is not a finite number"))
                : ScenarioFields.TypeProblem(field, v);
            if (typeProblem is not null)
            {
                problems.Add(typeProblem with { Path = a.Range is null ? $"{at}.numbers[{j}]" : $"{at}.range" });
                return null;
            }
        }

        return axis;
    }
}

/// <summary>A checked sweep: what every chunk of it needs to compute its points, and what finishing it needs.</summary>
/// <param name="Points">The grid's size.</param>
/// <param name="Threads">Worker threads for a run in this process.</param>
public sealed record SweepJob(Core.Economics.Scenario Scenario, ImmutableArray<SweepAxis> Axes, int Points, bool Simulate, ulong Seed, int Threads);

/// <summary>One chunk of a sweep's points as it travels from a worker: the first index and each point, in index order.</summary>
public sealed record SweepChunk
{
    public required int Start { get; init; }
    public required ImmutableArray<SweepPoint> Points { get; init; }

    /// <summary>The points of every chunk by index, or null when they do not cover 0 to <paramref name="total"/> − 1 exactly once.</summary>
    public static ImmutableArray<SweepPoint>? Gather(IEnumerable<SweepChunk> chunks, int total)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return ChunkGather.ByIndex(chunks.Select(c => (c.Start, (IReadOnlyList<SweepPoint>)[.. c.Points.Select(p =>
            p with { Problems = p.Problems.IsDefault ? [] : p.Problems, Values = p.Values.IsDefault ? [] : p.Values })])), total);
    }
}
