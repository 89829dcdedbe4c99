using System.Collections.Immutable;
using InferenceWall.Analysis.Calibration;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation.Engine;

namespace InferenceWall.Analysis.Studies;

/// <summary>An uncertain field and its distribution.</summary>
public sealed record UncertainInput(string Path, Distribution Distribution);

/// <summary>P10/P50/P90 of one output.</summary>
public sealed record Spread(double P10, double P50, double P90, double Mean);

/// <summary>What became of one draw.</summary>
public enum DrawOutcome : byte
{
    /// <summary>Computed.</summary>
    Ok,

    /// <summary>The drawn scenario broke one of its rules (a negative price, a utilization above 1): not computed.</summary>
    Rejected,

    /// <summary>A valid scenario without an answer (a plan that does not fit in memory).</summary>
    NoAnswer,
}

/// <summary>One sample: what became of it, its figures (NaN where it has none) and the problems that stopped it.</summary>
public sealed record MonteCarloSample(DrawOutcome Outcome, double CostPerClipUsd, double DailyBurnUsd, double GrossMargin, bool AboveWall, ImmutableArray<Problem> Problems);

/// <summary>Draws rejected for one field path: how many, and the first such draw's problem.</summary>
public sealed record Rejection(string Path, int Draws, Problem Example);

/// <summary>
/// The spreads over the computed draws. The per-draw arrays hold NaN where <see cref="Outcomes"/> is not
/// <see cref="DrawOutcome.Ok"/> (and, for the margin, where there is no revenue); they are for CSV rows and charts.
/// Spreads are null when no draw was computed.
/// </summary>
public sealed record MonteCarloResult(int Samples, int Failed, int Rejected, ImmutableArray<DrawOutcome> Outcomes, ImmutableArray<double> CostPerClipUsd, ImmutableArray<double> DailyBurnUsd,
    ImmutableArray<double> GrossMargin, Spread? CostPerClip, Spread? DailyBurn, Spread? Margin, double? ShareAboveWall, ImmutableArray<Rejection> Rejections, ImmutableArray<Problem> FailedExamples);

/// <summary>
/// Monte Carlo over uncertain inputs with the analytic model (cost model + economics), or with each sample a simulated
/// day of the drawn scenario (its realized cost: peaks, idle capacity, replica starts). Sample i draws
/// from a generator seeded by (seed, i), and results are stored by index, so any number of threads gives the same answer.
/// Each draw is a scenario changed by <see cref="ScenarioFields.Variant"/>: a draw that breaks the scenario's rules is
/// rejected and counted by field, never computed with; draws of a whole-number field (steps, pixels) are rounded to
/// the nearest whole number (halves to even) first.
/// </summary>
public static class MonteCarlo
{
    public const int MaxSamples = 1_000_000;

    /// <summary>The most samples when each is a simulated day (a Sora-scale day takes seconds).</summary>
    public const int MaxSimulatedSamples = 100_000;

    /// <summary>The mean; where the plain sum overflows (figures near 10³⁰⁸), the sum of each value over the count, which cannot.</summary>
    internal static double Mean(double[] xs)
    {
        var mean = xs.Average();
        return double.IsFinite(mean) ? mean : xs.Sum(x => x / xs.Length);
    }

    public static MonteCarloResult Run(Scenario scenario, IReadOnlyList<UncertainInput> inputs, int samples, ulong seed, VideoCatalog catalog, CostCalibration calibration,
        int parallelism = 1, IProgress<AnalysisProgress>? progress = null, bool simulate = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var results = new MonteCarloSample[samples];
        var done = 0;
        Parallel.For(0, samples, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancel }, i =>
        {
            results[i] = Sample(scenario, inputs, seed, i, simulate, catalog, calibration, cancel);
            var n = Interlocked.Increment(ref done);
            if ((n & 1023) == 0 || n == samples)
            {
                progress?.Report(new AnalysisProgress(n, samples));
            }
        });

        return Gather(results);
    }

    /// <summary>
    /// The samples <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1, in index order:
    /// one chunk of a Monte Carlo that runs anywhere. Gathered by index with the other chunks, they give what
    /// <see cref="Run"/> gives.
    /// </summary>
    public static ImmutableArray<MonteCarloSample> RunChunk(Scenario scenario, IReadOnlyList<UncertainInput> inputs, ulong seed, int start, int count, bool simulate,
        VideoCatalog catalog, CostCalibration calibration, int parallelism = 1, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var results = new MonteCarloSample[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancel }, k =>
            results[k] = Sample(scenario, inputs, seed, start + k, simulate, catalog, calibration, cancel));
        return [.. results];
    }

    /// <summary>
    /// Sample <paramref name="index"/> alone: its draws from the generator seeded by (seed, index), and its figures. Any
    /// process that computes the same index gets the same sample, which is what lets chunks of samples run anywhere.
    /// </summary>
    public static MonteCarloSample Sample(Scenario scenario, IReadOnlyList<UncertainInput> inputs, ulong seed, int index, bool simulate, VideoCatalog catalog,
        CostCalibration calibration, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var rng = Rng.Derive(seed, (ulong)index);
        var values = new FieldValue[inputs.Count];
        for (var k = 0; k < inputs.Count; k++)
        {
            var x = inputs[k].Distribution.Sample(ref rng);
            values[k] = new FieldValue(inputs[k].Path, ScenarioFields.IsWhole(inputs[k].Path) ? Math.Round(x) : x);
        }

        var variant = ScenarioFields.Variant(scenario, values);
        if (variant.Scenario is not { } s)
        {
            return new MonteCarloSample(DrawOutcome.Rejected, double.NaN, double.NaN, double.NaN, false, variant.Problems);
        }

        // A simulated sample runs its own day, seeded from the same (seed, index) stream after the draws.
        var (m, why) = simulate
            ? PointMetrics.EvaluateSimulated(s, variant.Efficiency, rng.NextUInt64(), catalog, calibration, cancel)
            : PointMetrics.Evaluate(s, variant.Efficiency, catalog, calibration);
        return m is null
            ? new MonteCarloSample(DrawOutcome.NoAnswer, double.NaN, double.NaN, double.NaN, false, why)
            : new MonteCarloSample(DrawOutcome.Ok, m.CostPerClipUsd, m.DailyBurnUsd, m.GrossMargin ?? double.NaN, m.CostPerClipUsd > m.RevenuePerClipUsd, why);
    }

    /// <summary>The result of every sample, in index order: the spreads, rejections by field and failures, as <see cref="Run"/> gives them.</summary>
    public static MonteCarloResult Gather(IReadOnlyList<MonteCarloSample> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var samples = results.Count;
        var cost = results.Select(r => r.CostPerClipUsd).ToArray();
        var burn = results.Select(r => r.DailyBurnUsd).ToArray();
        var margin = results.Select(r => r.GrossMargin).ToArray();
        var outcomes = results.Select(r => r.Outcome).ToArray();
        var ok = Enumerable.Range(0, samples).Where(i => outcomes[i] == DrawOutcome.Ok).ToArray();
        Spread? Of(double[] v)
        {
            var xs = ok.Select(i => v[i]).Where(x => !double.IsNaN(x)).ToArray();
            return xs.Length == 0 ? null : new Spread(Percentile.Of(xs, 10), Percentile.Of(xs, 50), Percentile.Of(xs, 90), Mean(xs));
        }

        // Rejections by the field whose rule was broken, in order of first occurrence (deterministic: by draw index).
        var rejections = Enumerable.Range(0, samples).Where(i => outcomes[i] == DrawOutcome.Rejected)
            .SelectMany(i => results[i].Problems.DistinctBy(p => p.Path))
            .GroupBy(p => p.Path, StringComparer.Ordinal)
            .Select(g => new Rejection(g.Key, g.Count(), g.First()))
            .ToImmutableArray();
        var failed = Enumerable.Range(0, samples).Where(i => outcomes[i] == DrawOutcome.NoAnswer).ToArray();
        var failedExamples = failed.SelectMany(i => results[i].Problems).DistinctBy(p => (p.Kind, p.Path)).Take(10).ToImmutableArray();
        return new MonteCarloResult(samples, failed.Length, samples - ok.Length - failed.Length, [.. outcomes], [.. cost], [.. burn], [.. margin],
            Of(cost), Of(burn), Of(margin), ok.Length > 0 ? (double)ok.Count(i => results[i].AboveWall) / ok.Length : null, rejections, failedExamples);
    }
}
