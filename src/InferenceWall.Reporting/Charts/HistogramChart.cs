using ScottPlot;

namespace InferenceWall.Reporting.Charts;

/// <summary>A histogram of Monte Carlo samples with P10, P50 and P90 marked.</summary>
public static class HistogramChart
{
    public static void Save(string path, string title, IReadOnlyList<double> samples, double p10, double p50, double p90, string xLabel)
    {
        var plot = ChartFile.NewPlot(title);
        var values = samples.Where(double.IsFinite).ToArray();
        var lo = values.Min();
        var hi = values.Max();
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        const int bins = 60;
        var counts = new double[bins];
        foreach (var v in values)
        {
            counts[Math.Min(bins - 1, (int)((v - lo) / (hi - lo) * bins))]++;
        }

        var width = (hi - lo) / bins;
        var bars = Enumerable.Range(0, bins).Select(i => new Bar { Position = lo + ((i + 0.5) * width), Value = counts[i], Size = width * 0.95, FillColor = Colors.SteelBlue }).ToList();
        plot.Add.Bars(bars);
        foreach (var (x, label) in new[] { (p10, "P10"), (p50, "P50"), (p90, "P90") })
        {
            var line = plot.Add.VerticalLine(x, 2, Colors.Black);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"{label}: {x:0.####}";
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.XLabel(xLabel);
        plot.YLabel($"samples (of {values.Length:N0})");
        ChartFile.Save(plot, path);
    }
}
