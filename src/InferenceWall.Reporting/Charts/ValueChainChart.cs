using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace InferenceWall.Reporting.Charts;

/// <summary>One stacked segment: who gets it and how many dollars per day.</summary>
public sealed record ValueSegment(string Label, double UsdPerDay);

/// <summary>Where each day's money goes, as one stacked bar; a loss (negative app margin) hangs below zero.</summary>
public static class ValueChainChart
{
    public static void Save(string path, string title, double revenueUsdPerDay, IReadOnlyList<ValueSegment> segments) =>
        ChartFile.Save(Build(title, revenueUsdPerDay, segments), path);

    public static Plot Build(string title, double revenueUsdPerDay, IReadOnlyList<ValueSegment> segments)
    {
        var plot = ChartFile.NewPlot(title);
        var palette = new ScottPlot.Palettes.Category10();
        var scale = Math.Max(segments.Select(s => Math.Abs(s.UsdPerDay)).DefaultIfEmpty(1).Max(), revenueUsdPerDay) >= 1e6 ? 1e6 : 1e3;
        var unit = scale >= 1e6 ? "$M" : "$k";
        var bars = new List<Bar>();
        var top = 0.0;
        var bottom = 0.0;
        for (var i = 0; i < segments.Count; i++)
        {
            var v = segments[i].UsdPerDay / scale;
            if (v == 0)
            {
                continue;
            }

            var color = palette.GetColor(i);
            var baseValue = v > 0 ? top : bottom;
            bars.Add(new Bar { Position = 1, ValueBase = baseValue, Value = baseValue + v, FillColor = color, Size = 0.6 });
            if (v > 0)
            {
                top += v;
            }
            else
            {
                bottom += v;
            }

            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = $"{segments[i].Label}: {(segments[i].UsdPerDay / scale).ToString("N2", CultureInfo.InvariantCulture)} {unit}/day",
                FillColor = color,
            });
        }

        if (revenueUsdPerDay > 0)
        {
            bars.Add(new Bar { Position = 2, ValueBase = 0, Value = revenueUsdPerDay / scale, FillColor = Colors.Gray, Size = 0.6 });
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"revenue: {(revenueUsdPerDay / scale).ToString("N2", CultureInfo.InvariantCulture)} {unit}/day", FillColor = Colors.Gray });
        }

        plot.Add.Bars(bars);
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        var ticks = new NumericManual();
        ticks.AddMajor(1, "where the money goes");
        ticks.AddMajor(2, "what comes in");
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(0.3, 4.4);
        plot.YLabel(scale >= 1e6 ? "$ millions per day" : "$ thousands per day");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
