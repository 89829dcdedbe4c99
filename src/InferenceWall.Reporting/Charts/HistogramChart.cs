using InferenceWall.Application.MonteCarlo;
using ScottPlot;

namespace InferenceWall.Reporting.Charts;

/// <summary>A histogram of Monte Carlo samples (binned by <see cref="SampleHistogram"/>) with P10, P50 and P90 marked.</summary>
public static class HistogramChart
{
    public static void Save(string path, string title, SampleHistogram histogram, double p10, double p50, double p90, string xLabel)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var plot = ChartFile.NewPlot(title);
        var width = histogram.BinWidth > 0 ? histogram.BinWidth : Math.Max(Math.Abs(histogram.Start) * 0.01, 1e-9);
        var bars = histogram.Counts.Select((count, i) => new Bar
        {
            Position = histogram.Start + ((i + 0.5) * width),
            Value = count,
            Size = width * 0.95,
            FillColor = Colors.SteelBlue,
        }).ToList();
        plot.Add.Bars(bars);
        foreach (var (x, label) in new[] { (p10, "P10"), (p50, "P50"), (p90, "P90") })
        {
            var line = plot.Add.VerticalLine(x, 2, Colors.Black);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"{label}: {x:0.####}";
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.XLabel(xLabel);
        plot.YLabel($"samples (of {histogram.Counts.Sum():N0})");
        ChartFile.Save(plot, path);
    }
}
