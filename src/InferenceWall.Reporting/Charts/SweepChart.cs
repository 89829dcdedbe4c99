using System.Collections.Immutable;
using InferenceWall.Analysis.Studies;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace InferenceWall.Reporting.Charts;

/// <summary>Cost per clip across a sweep: x is the first numeric axis (or the categories of the first axis), one line per value of the others.</summary>
public static class SweepChart
{
    public static void Save(string path, string title, IReadOnlyList<SweepAxis> axes, ImmutableArray<SweepPoint> points)
    {
        var plot = ChartFile.NewPlot(title);
        var xAxis = axes.Select((a, i) => (a, i)).FirstOrDefault(x => x.a.Values.All(v => v.Number is not null));
        var xIndex = xAxis.a is null ? 0 : xAxis.i;
        var categorical = xAxis.a is null;
        var groups = points.GroupBy(p => string.Join(", ", p.Values.Where((_, i) => i != xIndex).Select((v, _) => $"{v.Path}={v}")));
        var palette = new ScottPlot.Palettes.Category10();
        var n = 0;
        foreach (var g in groups)
        {
            var valid = g.Where(p => p.Metrics is not null).ToList();
            if (valid.Count == 0)
            {
                continue;
            }

            double[] xs = categorical
                ? [.. valid.Select(p => (double)axes[xIndex].Values.IndexOf(p.Values[xIndex]))]
                : [.. valid.Select(p => p.Values[xIndex].Number!.Value)];
            var line = plot.Add.Scatter(xs, valid.Select(p => p.Metrics!.CostPerClipUsd).ToArray());
            line.LegendText = g.Key.Length == 0 ? "cost per clip ($)" : g.Key;
            line.Color = palette.GetColor(n++);
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        if (categorical)
        {
            var ticks = new NumericManual();
            for (var i = 0; i < axes[xIndex].Values.Length; i++)
            {
                ticks.AddMajor(i, axes[xIndex].Values[i].ToString());
            }

            plot.Axes.Bottom.TickGenerator = ticks;
        }

        plot.XLabel(axes.Count > 0 ? axes[xIndex].Path + " (units as in the field name)" : string.Empty);
        plot.YLabel("cost per clip ($)");
        if (n > 1 || groups.Any(g => g.Key.Length > 0))
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        ChartFile.Save(plot, path);
    }
}
