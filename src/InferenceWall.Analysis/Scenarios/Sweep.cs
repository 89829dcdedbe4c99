using System.Collections.Immutable;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;

namespace InferenceWall.Analysis.Scenarios;

/// <summary>One axis of a sweep: a field and the values it takes.</summary>
public sealed record SweepAxis(string Path, ImmutableArray<FieldValue> Values);

/// <summary>One grid point: the values set and the figures (or why the variant has none).</summary>
public sealed record SweepPoint(ImmutableArray<FieldValue> Values, PointMetrics? Metrics, string? Problem);

/// <summary>Sweeps fields over lists or ranges; several axes make a grid (the last axis varies fastest).</summary>
public static class Sweep
{
    public static ImmutableArray<SweepPoint> Run(Scenario scenario, IReadOnlyList<SweepAxis> axes, VideoCatalog catalog, CostCalibration calibration,
        int parallelism = 1, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var total = axes.Aggregate(1, (n, a) => n * a.Values.Length);
        var points = new SweepPoint[total];
        var done = 0;
        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancel }, i =>
        {
            var values = new FieldValue[axes.Count];
            var rest = i;
            for (var a = axes.Count - 1; a >= 0; a--)
            {
                values[a] = axes[a].Values[rest % axes[a].Values.Length];
                rest /= axes[a].Values.Length;
            }

            PointMetrics? metrics = null;
            string? problem;
            try
            {
                var (variant, efficiency) = ScenarioFields.Point(scenario, values);
                (metrics, problem) = PointMetrics.Of(variant, efficiency, catalog, calibration);
            }
            catch (ArgumentException ex)
            {
                problem = ex.Message;
            }

            points[i] = new SweepPoint([.. values], metrics, problem);
            progress?.Report(Interlocked.Increment(ref done));
        });
        return [.. points];
    }
}
