using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace InferenceWall.Reporting.Charts;

/// <summary>Log-scaled axes for ScottPlot: data are plotted as log10 and ticks labelled with the real values.</summary>
public static class LogAxes
{
    private static readonly double[] Mantissas = [1, 2, 5];

    public static double[] Log(IEnumerable<double> values) => [.. values.Select(Math.Log10)];

    public static void Apply(IAxis axis, double min, double max, Func<double, string> label)
    {
        var ticks = new NumericManual();
        for (var exp = (int)Math.Floor(Math.Log10(min)); exp <= (int)Math.Ceiling(Math.Log10(max)); exp++)
        {
            foreach (var m in Mantissas)
            {
                var v = m * Math.Pow(10, exp);
                if (v >= min * 0.999 && v <= max * 1.001)
                {
                    ticks.AddMajor(Math.Log10(v), label(v));
                }
            }
        }

        axis.TickGenerator = ticks;
    }

    public static string Times(double v) => v.ToString(v < 10 ? "0.#" : "N0", CultureInfo.InvariantCulture) + "×";

    public static string Dollars(double v) => "$" + v.ToString(v < 0.01 ? "0.####" : "N2", CultureInfo.InvariantCulture);
}
