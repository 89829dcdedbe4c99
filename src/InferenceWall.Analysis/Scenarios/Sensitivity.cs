using System.Collections.Immutable;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;

namespace InferenceWall.Analysis.Scenarios;

/// <summary>One bar of a tornado: a field moved down and up, and what it does to cost per clip and margin.</summary>
public sealed record SensitivityBar(string Path, double Base, double Low, double High, double CostLowUsd, double CostHighUsd, double? MarginLow, double? MarginHigh)
{
    public double CostSwingUsd => Math.Abs(CostHighUsd - CostLowUsd);
}

public sealed record SensitivityResult(PointMetrics Base, ImmutableArray<SensitivityBar> Bars, ImmutableArray<string> Skipped);

/// <summary>One-at-a-time sensitivity: each numeric field ±<c>delta</c> (relative), the rest at their base values.</summary>
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
                    || path is "product.gpus_per_clip" or "horizon_days")
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

    public static (SensitivityResult? Result, string? Problem) Run(Scenario scenario, IReadOnlyList<string> fields, double delta, VideoCatalog catalog, CostCalibration calibration,
        int parallelism = 1, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var (baseMetrics, problem) = PointMetrics.Of(scenario, 1, catalog, calibration);
        if (baseMetrics is null)
        {
            return (null, problem);
        }

        var bars = new SensitivityBar?[fields.Count];
        var skipped = new string?[fields.Count];
        Parallel.For(0, fields.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancel }, i =>
        {
            var path = fields[i];
            var b = ScenarioFields.Get(scenario, path)!.Value;
            var (low, lowMetrics) = Eval(Bound(path, b * (1 - delta)));
            var (high, highMetrics) = Eval(Bound(path, b * (1 + delta)));
            if (lowMetrics is null || highMetrics is null)
            {
                skipped[i] = $"{path}: a ±{delta:P0} variant has no answer";
                return;
            }

            bars[i] = new SensitivityBar(path, b, low, high, lowMetrics.CostPerClipUsd, highMetrics.CostPerClipUsd, lowMetrics.GrossMargin, highMetrics.GrossMargin);

            (double Value, PointMetrics? Metrics) Eval(double value)
            {
                var (variant, efficiency) = ScenarioFields.Point(scenario, [new FieldValue(path, value)]);
                return (value, PointMetrics.Of(variant, efficiency, catalog, calibration).Metrics);
            }
        });
        return (new SensitivityResult(baseMetrics, [.. bars.OfType<SensitivityBar>().OrderByDescending(x => x.CostSwingUsd).ThenByDescending(x => Math.Abs((x.MarginHigh ?? 0) - (x.MarginLow ?? 0))).ThenBy(x => x.Path, StringComparer.Ordinal)],
            [.. skipped.OfType<string>()]), null);
    }

    /// <summary>Keeps fractions within [0, 1], PUE at least 1 and steps whole.</summary>
    private static double Bound(string path, double v) =>
        path is "product.utilization" or "value_chain.chip_vendor_gross_margin" ? Math.Clamp(v, 1e-6, 1)
        : path == "energy.pue" ? Math.Max(1, v)
        : path.EndsWith(".steps", StringComparison.Ordinal) ? Math.Max(1, Math.Round(v))
        : v;
}
