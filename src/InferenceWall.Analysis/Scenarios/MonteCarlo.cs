using System.Collections.Immutable;
using InferenceWall.Analysis.Calibration;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Simulation.Engine;

namespace InferenceWall.Analysis.Scenarios;

/// <summary>An uncertain field and its distribution.</summary>
public sealed record UncertainInput(string Path, Distribution Distribution);

/// <summary>P10/P50/P90 of one output.</summary>
public sealed record Spread(double P10, double P50, double P90, double Mean);

public sealed record MonteCarloResult(int Samples, int Failed, ImmutableArray<double> CostPerClipUsd, ImmutableArray<double> DailyBurnUsd, ImmutableArray<double> GrossMargin,
    Spread CostPerClip, Spread DailyBurn, Spread? Margin, double ShareAboveWall);

/// <summary>
/// Monte Carlo over uncertain inputs with the analytic model (cost model + economics, no simulation). Sample i draws
/// from a generator seeded by (seed, i), and results are stored by index, so any number of threads gives the same answer.
/// </summary>
public static class MonteCarlo
{
    public static MonteCarloResult Run(Scenario scenario, IReadOnlyList<UncertainInput> inputs, int samples, ulong seed, VideoCatalog catalog, CostCalibration calibration,
        int parallelism = 1, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var cost = new double[samples];
        var burn = new double[samples];
        var margin = new double[samples];
        var above = new bool[samples];
        var done = 0;
        Parallel.For(0, samples, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancel }, i =>
        {
            var rng = Rng.Derive(seed, (ulong)i);
            var values = new FieldValue[inputs.Count];
            for (var k = 0; k < inputs.Count; k++)
            {
                values[k] = new FieldValue(inputs[k].Path, inputs[k].Distribution.Sample(ref rng));
            }

            PointMetrics? m;
            try
            {
                var (variant, efficiency) = ScenarioFields.Point(scenario, values);
                m = PointMetrics.Of(variant, efficiency, catalog, calibration).Metrics;
            }
            catch (ArgumentException)
            {
                m = null;
            }

            cost[i] = m?.CostPerClipUsd ?? double.NaN;
            burn[i] = m?.DailyBurnUsd ?? double.NaN;
            margin[i] = m?.GrossMargin ?? double.NaN;
            above[i] = m is not null && m.CostPerClipUsd > m.RevenuePerClipUsd;
            if ((i & 1023) == 0)
            {
                progress?.Report(Interlocked.Add(ref done, 1024));
            }
        });
        var ok = Enumerable.Range(0, samples).Where(i => !double.IsNaN(cost[i])).ToArray();
        Spread Of(double[] v)
        {
            var xs = ok.Select(i => v[i]).Where(x => !double.IsNaN(x)).ToArray();
            return new Spread(Percentile.Of(xs, 10), Percentile.Of(xs, 50), Percentile.Of(xs, 90), xs.Length > 0 ? xs.Average() : double.NaN);
        }

        var margins = ok.Where(i => !double.IsNaN(margin[i])).ToArray();
        return new MonteCarloResult(samples, samples - ok.Length, [.. cost], [.. burn], [.. margin], Of(cost), Of(burn), margins.Length > 0 ? Of(margin) : null,
            ok.Length > 0 ? (double)ok.Count(i => above[i]) / ok.Length : double.NaN);
    }
}
