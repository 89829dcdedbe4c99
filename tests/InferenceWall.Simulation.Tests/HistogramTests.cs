using InferenceWall.Simulation.Engine;
using InferenceWall.Simulation.Metrics;

namespace InferenceWall.Simulation.Tests;

public class HistogramTests
{
    /// <summary>The bucket formula before the bucket came from the value's bits (engine at df491b8): the oracle.</summary>
    private static int FormulaIndex(double value)
    {
        const double minValue = 1e-3;
        if (value < minValue)
        {
            return 0;
        }

        if (!(value < Histogram.TopSeconds))
        {
            return (44 * 64) + 1;
        }

        var scaled = value / minValue;
        var octave = Math.Min(Math.ILogB(scaled), 44 - 1);
        var fraction = (scaled / Math.ScaleB(1.0, octave)) - 1.0;
        var sub = Math.Min((int)(fraction * 64), 64 - 1);
        return 1 + (octave * 64) + sub;
    }

    [Fact]
    public void Index_FromBits_IsTheFormulasBucket_ForEveryKindOfValue()
    {
        var rng = new Rng(7);
        var values = new List<double> { 0, 1e-9, 1e-3, Math.BitIncrement(1e-3), Math.BitDecrement(1e-3), 1, 2, 1.5, 60, 3600, 86400 };
        // Edges of every octave and sub-bucket, and an ulp either side.
        for (var octave = 0; octave < 44; octave++)
        {
            for (var sub = 0; sub <= 64; sub++)
            {
                var edge = 1e-3 * Math.ScaleB(1.0, octave) * (1 + (sub / 64.0));
                values.AddRange([edge, Math.BitIncrement(edge), Math.BitDecrement(edge)]);
            }
        }

        values.AddRange([Histogram.TopSeconds, Math.BitDecrement(Histogram.TopSeconds), Math.BitDecrement(Math.BitDecrement(Histogram.TopSeconds)), Histogram.TopSeconds * 2, double.PositiveInfinity]);
        // Random values spread over every octave.
        for (var i = 0; i < 1_000_000; i++)
        {
            values.Add(1e-4 * Math.Exp(rng.NextDouble() * 34));
        }

        var wrong = values.Where(v => Histogram.Index(v) != FormulaIndex(v)).Take(5).ToList();
        Assert.True(wrong.Count == 0, "differs at " + string.Join(", ", wrong.Select(v => $"{v:R} (bits {Histogram.Index(v)}, formula {FormulaIndex(v)})")));
    }

    [Theory]
    [InlineData("exponential")]
    [InlineData("lognormal")]
    [InlineData("uniform")]
    public void Percentiles_AreWithinHalfABucketOfTheExactOnes(string shape)
    {
        // The stated accuracy: a percentile is its bucket's midpoint, within half the relative bucket width (1/128,
        // 0.78%) of every value in the bucket, so of the exact percentile too (above 1 ms).
        var rng = new Rng(11);
        var h = new Histogram();
        var all = new double[200_000];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = shape switch
            {
                "exponential" => rng.Exponential(150),
                "lognormal" => 150 * Math.Exp((0.1 * rng.Normal()) - 0.005),
                _ => 0.01 + (rng.NextDouble() * 1000),
            };
            h.Record(all[i]);
        }

        Array.Sort(all);
        foreach (var p in new[] { 1.0, 10, 50, 90, 99, 99.9 })
        {
            var exact = all[(int)Math.Ceiling(p / 100 * all.Length) - 1];
            var reported = h.Percentile(p);
            Assert.True(Math.Abs(reported - exact) <= exact / 128 + 1e-12, $"{shape} P{p}: histogram {reported}, exact {exact}, off by {Math.Abs(reported - exact) / exact:P3}");
        }

        Assert.Equal(all.Average(), h.Mean, 1e-9 * all.Average());
        Assert.Equal(all[^1], h.Max);
    }
}
