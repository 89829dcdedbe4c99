using System.Collections.Immutable;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Studies;

/// <summary>One bar of a tornado: a field moved down and up, and what it does to cost per clip and margin.</summary>
public sealed record SensitivityBar(string Path, double Base, double Low, double High, double CostLowUsd, double CostHighUsd, double? MarginLow, double? MarginHigh)
{
    public double CostSwingUsd => Math.Abs(CostHighUsd - CostLowUsd);
}

/// <summary>Which way a field was moved.</summary>
public enum Side
{
    Low,
    High,
}

/// <summary>
/// A move that was not made: the moved value breaks the scenario's rules (a utilization above 1, a PUE below 1) or
/// the variant has no answer. That side of the bar stays at the base value; when both do, the bar is left out.
/// </summary>
public sealed record SensitivitySkip(string Path, Side Side, double Value, ImmutableArray<Problem> Problems);

public sealed record SensitivityResult(PointMetrics Base, ImmutableArray<SensitivityBar> Bars, ImmutableArray<SensitivitySkip> Skipped);

/// <summary>
/// One-at-a-time sensitivity: each numeric field ±<c>delta</c> (relative), the rest at their base values. Whole-number
/// fields (steps, pixels) move to the nearest whole number. Each moved scenario is checked by the scenario's rules
/// (<see cref="ScenarioFields.Variant"/>): no move is clamped into range by the analysis itself.
/// </summary>
public static class Sensitivity
{
    /// <summary>The numeric fields of a scenario that hold a value (unset prices come from the catalog and are skipped).</summary>
    public static IReadOnlyList<string> Fields(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var paths = new List<string>();
        foreach (var template in ScenarioFields.NumericTemplates)
        {
            var count = template.StartsWith("product.clip_mix", StringComparison.Ordinal) ? scenario.Product.ClipMix.Length
                : template.StartsWith("users", StringComparison.Ordinal) ? scenario.Users.Length
                : template.StartsWith("pricing", StringComparison.Ordinal) ? scenario.Plans.Length : -1;
            var expanded = count < 0 ? [template] : Enumerable.Range(0, count).Select(i => template.Replace("[]", $"[{i}]", StringComparison.Ordinal));
            foreach (var path in expanded)
            {
                // Shares, counts and sizes that must stay consistent (mix shares add to 1, GPU counts, pixel sizes) are left out.
                if (path.Contains("share", StringComparison.Ordinal) || path.Contains("capacity.mix", StringComparison.Ordinal) || path.EndsWith("_px", StringComparison.Ordinal)
                    || path is "product.gpus_per_clip" or "product.batch_size" or "horizon_days" or "product.attention_keep")
                {
                    continue;
                }

                if (ScenarioFields.Get(scenario, path) is { } v && v != 0)
                {
                    paths.Add(path);
                }
            }
        }

        return paths;
    }

    /// <summary>The tornado, or the base scenario's problems when it has no figures itself.</summary>
    public static (SensitivityResult? Result, ImmutableArray<Problem> Problems) Run(Scenario scenario, IReadOnlyList<string> fields, double delta, VideoCatalog catalog, CostCalibration calibration,
        int parallelism = 1, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(fields);
        var (baseMetrics, problems) = PointMetrics.Evaluate(scenario, 1, catalog, calibration);
        if (baseMetrics is null)
        {
            return (null, problems);
        }

        var bars = new SensitivityBar?[fields.Count];
        var skipped = new SensitivitySkip?[fields.Count, 2];
        Parallel.For(0, fields.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancel }, i =>
        {
            var path = fields[i];
            var b = ScenarioFields.Get(scenario, path)!.Value;
            var (low, lowMetrics, lowProblems) = Eval(Move(path, b * (1 - delta)));
            var (high, highMetrics, highProblems) = Eval(Move(path, b * (1 + delta)));
            if (lowMetrics is null)
            {
                skipped[i, 0] = new SensitivitySkip(path, Side.Low, low, lowProblems);
            }

            if (highMetrics is null)
            {
                skipped[i, 1] = new SensitivitySkip(path, Side.High, high, highProblems);
            }

            if (lowMetrics is null && highMetrics is null)
            {
                return;
            }

            // A side that cannot move stays at the base: its half of the bar has no length, and the skip says why.
            (low, lowMetrics) = lowMetrics is null ? (b, baseMetrics) : (low, lowMetrics);
            (high, highMetrics) = highMetrics is null ? (b, baseMetrics) : (high, highMetrics);
            bars[i] = new SensitivityBar(path, b, low, high, lowMetrics.CostPerClipUsd, highMetrics.CostPerClipUsd, lowMetrics.GrossMargin, highMetrics.GrossMargin);

            (double Value, PointMetrics? Metrics, ImmutableArray<Problem> Problems) Eval(double value)
            {
                var variant = ScenarioFields.Variant(scenario, [new FieldValue(path, value)]);
                if (variant.Scenario is not { } s)
                {
                    return (value, null, variant.Problems);
                }

                var (m, why) = PointMetrics.Evaluate(s, variant.Efficiency, catalog, calibration);
                return (value, m, why);
            }
        });
        var skips = Enumerable.Range(0, fields.Count).SelectMany(i => new[] { skipped[i, 0], skipped[i, 1] }).OfType<SensitivitySkip>().ToImmutableArray();
        return (new SensitivityResult(baseMetrics, [.. bars.OfType<SensitivityBar>().OrderByDescending(x => x.CostSwingUsd).ThenByDescending(x => Math.Abs((x.MarginHigh ?? 0) - (x.MarginLow ?? 0))).ThenBy(x => x.Path, StringComparer.Ordinal)],
            skips), []);
    }

    /// <summary>The moved value as the field can hold it: whole-number fields round to the nearest whole number.</summary>
    private static double Move(string path, double v) => ScenarioFields.IsWhole(path) ? Math.Round(v) : v;
}
