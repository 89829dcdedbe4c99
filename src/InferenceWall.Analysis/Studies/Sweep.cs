using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Studies;

/// <summary>One axis of a sweep: a field and the values it takes.</summary>
public sealed record SweepAxis(string Path, ImmutableArray<FieldValue> Values)
{
    /// <summary>
    /// The values start, start + step, … up to stop (inclusive, to a billionth of a step), counted in double before
    /// any is made, so a range of 10¹² values is refused instead of built. Refused past <see cref="Sweep.MaxAxisValues"/>.
    /// </summary>
    public static (SweepAxis? Axis, Problem? Problem) Range(string path, string problemPath, double start, double stop, double step)
    {
        if (!(double.IsFinite(start) && double.IsFinite(stop) && double.IsFinite(step)) || step <= 0 || stop < start)
        {
            return (null, Problem.BadInput(problemPath, $"{N(start)}:{N(stop)}:{N(step)} is not a range", "a range is START:STOP:STEP with finite numbers, STEP above 0 and STOP at least START"));
        }

        var count = Sweep.RangeCount(start, stop, step);
        if (count > Sweep.MaxAxisValues)
        {
            return (null, Problem.LimitExceeded(problemPath, $"{N(start)}:{N(stop)}:{N(step)} has {count:G4} values; an axis takes at most {Sweep.MaxAxisValues:N0}",
                "use a larger step or a narrower range"));
        }

        var n = (int)count;
        return (new SweepAxis(path, [.. Enumerable.Range(0, n).Select(i => new FieldValue(path, start + (i * step)))]), null);
    }

    private static string N(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>One grid point: the values set and the figures, or (without figures) every problem of the variant.</summary>
public sealed record SweepPoint(ImmutableArray<FieldValue> Values, PointMetrics? Metrics, ImmutableArray<Problem> Problems);

/// <summary>
/// Sweeps fields over lists or ranges; several axes make a grid (the last axis varies fastest). Each point is the
/// scenario changed by <see cref="ScenarioFields.Variant"/>, so it passes the scenario's own rules or keeps their
/// problems (and no figures); its figures come from the economics.
/// </summary>
public static class Sweep
{
    /// <summary>The most values one axis takes.</summary>
    public const int MaxAxisValues = 10_000;

    /// <summary>The most points a grid has (about 10 s of work on two cores, and a few hundred MB of results).</summary>
    public const int MaxPoints = 1_000_000;

    /// <summary>How many values start:stop:step has, in double: never overflows, and is counted before anything is made.</summary>
    public static double RangeCount(double start, double stop, double step) => Math.Floor(((stop - start) / step) + 1e-9) + 1;

    /// <summary>The number of grid points, in double (a product of counts that overflows no integer).</summary>
    public static double GridSize(IEnumerable<int> valueCounts)
    {
        ArgumentNullException.ThrowIfNull(valueCounts);
        return valueCounts.Aggregate(1.0, (n, c) => n * c);
    }

    /// <summary>Why a grid cannot be swept (empty or over <see cref="MaxPoints"/>), or null.</summary>
    public static Problem? SizeProblem(string path, IReadOnlyList<SweepAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var size = GridSize(axes.Select(a => a.Values.Length));
        return size > MaxPoints
            ? Problem.LimitExceeded(path, $"the grid has {size.ToString(size < 1e15 ? "N0" : "G4", CultureInfo.InvariantCulture)} points; a sweep takes at most {MaxPoints:N0}",
                "use fewer values per field, or sweep fewer fields at once")
            : size < 1 ? Problem.BadInput(path, "the grid has no points", "give every field at least one value") : null;
    }

    /// <summary>
    /// Points <paramref name="start"/> to start + count − 1 of the grid, in index order: one chunk of a sweep that runs
    /// anywhere (decision 0008).
    /// </summary>
    public static ImmutableArray<SweepPoint> RunChunk(Scenario scenario, IReadOnlyList<SweepAxis> axes, int start, int count, VideoCatalog catalog, CostCalibration calibration,
        bool simulate = false, ulong seed = 1, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(axes);
        return [.. Enumerable.Range(start, count).Select(i => Point(scenario, axes, i, catalog, calibration, simulate, seed, cancel))];
    }

    /// <summary>Point <paramref name="index"/> of the grid (the last axis varies fastest), from the scenario and the axes alone.</summary>
    public static SweepPoint Point(Scenario scenario, IReadOnlyList<SweepAxis> axes, int index, VideoCatalog catalog, CostCalibration calibration,
        bool simulate = false, ulong seed = 1, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var values = new FieldValue[axes.Count];
        var rest = index;
        for (var a = axes.Count - 1; a >= 0; a--)
        {
            values[a] = axes[a].Values[rest % axes[a].Values.Length];
            rest /= axes[a].Values.Length;
        }

        var variant = ScenarioFields.Variant(scenario, values);
        var (metrics, problems) = variant.Scenario is not { } s ? (null, variant.Problems)
            : simulate ? PointMetrics.EvaluateSimulated(s, variant.Efficiency, seed, catalog, calibration, cancel)
            : PointMetrics.Evaluate(s, variant.Efficiency, catalog, calibration);
        return new SweepPoint([.. values], metrics, problems);
    }

    /// <summary>The most points when each is a simulated day.</summary>
    public const int MaxSimulatedPoints = 10_000;

    /// <summary>
    /// Every point of the grid through the analytic model, or with <paramref name="simulate"/> each point's simulated day,
    /// every point with the same day seed <paramref name="seed"/> (common random numbers: the difference between two
    /// points is the fields', not the draw's).
    /// </summary>
    public static ImmutableArray<SweepPoint> Run(Scenario scenario, IReadOnlyList<SweepAxis> axes, VideoCatalog catalog, CostCalibration calibration,
        int parallelism = 1, IProgress<AnalysisProgress>? progress = null, bool simulate = false, ulong seed = 1, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(axes);
        if (SizeProblem(string.Empty, axes) is { } problem)
        {
            throw new ArgumentException(problem.Message, nameof(axes));
        }

        var total = (int)GridSize(axes.Select(a => a.Values.Length));
        var points = new SweepPoint[total];
        var done = 0;
        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancel }, i =>
        {
            points[i] = Point(scenario, axes, i, catalog, calibration, simulate, seed, cancel);
            var n = Interlocked.Increment(ref done);
            if ((n & 255) == 0 || n == total)
            {
                progress?.Report(new AnalysisProgress(n, total));
            }
        });
        return [.. points];
    }
}
