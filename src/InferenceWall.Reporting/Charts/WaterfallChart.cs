using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace InferenceWall.Reporting.Charts;

/// <summary>One step of a lever waterfall: its label, the cost per clip after it, its factor, and whether it was refused.</summary>
public sealed record WaterfallStep(string Label, double CostPerClipUsd, double Factor, bool Refused);

/// <summary>
/// The path through the wall: cost per clip today, then a floating bar per lever from the cost before it to the cost
/// after (factors multiply, so the cost axis is logarithmic), the cost after all of them, and the revenue per clip (the
/// wall) as a line.
/// </summary>
public static class WaterfallChart
{
    public static void Save(string path, string title, double startUsd, IReadOnlyList<WaterfallStep> steps, double revenueUsd) =>
        ChartFile.Save(Build(title, startUsd, steps, revenueUsd), path);

    public static Plot Build(string title, double startUsd, IReadOnlyList<WaterfallStep> steps, double revenueUsd)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var plot = ChartFile.NewPlot(title);
        var end = steps.Count > 0 ? steps[^1].CostPerClipUsd : startUsd;
        var values = steps.Select(s => s.CostPerClipUsd).Append(startUsd).Append(revenueUsd > 0 ? revenueUsd : startUsd).ToList();
        var yMin = values.Min() / 2;
        var yMax = values.Max() * 2;
        var floor = Math.Log10(yMin);
        var ticks = new NumericManual();
        var bars = new List<Bar>();
        void Add(double x, double from, double to, Color color, string label)
        {
            bars.Add(new Bar { Position = x, ValueBase = Math.Log10(from), Value = Math.Log10(to), FillColor = color, Size = 0.7 });
            ticks.AddMajor(x, label);
        }

        Add(0, yMin, startUsd, Colors.DimGray, "today");
        var before = startUsd;
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var x = i + 1;
            var color = s.Refused ? Colors.LightGray : s.Factor <= 1 ? Colors.SeaGreen : Colors.OrangeRed;
            Add(x, before, s.Refused ? before * 1.0001 : s.CostPerClipUsd, color, s.Label);
            var text = plot.Add.Text(s.Refused ? "refused" : "×" + s.Factor.ToString(s.Factor < 0.1 ? "0.###" : "0.##", CultureInfo.InvariantCulture), x, Math.Log10(Math.Max(before, s.CostPerClipUsd)));
            text.LabelFontSize = 12;
            text.LabelAlignment = Alignment.LowerCenter;
            before = s.CostPerClipUsd;
        }

        Add(steps.Count + 1, yMin, end, Colors.SteelBlue, "after levers");
        var endText = plot.Add.Text(LogAxes.Dollars(end), steps.Count + 1, Math.Log10(end));
        endText.LabelFontSize = 12;
        endText.LabelAlignment = Alignment.LowerCenter;
        var startText = plot.Add.Text(LogAxes.Dollars(startUsd), 0, Math.Log10(startUsd));
        startText.LabelFontSize = 12;
        startText.LabelAlignment = Alignment.LowerCenter;
        plot.Add.Bars(bars);
        if (revenueUsd > 0)
        {
            var wall = plot.Add.HorizontalLine(Math.Log10(revenueUsd), 2, Colors.Black, LinePattern.Dashed);
            wall.LegendText = $"the wall: revenue {LogAxes.Dollars(revenueUsd)} per clip";
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "lever lowers the cost (× factor)", FillColor = Colors.SeaGreen });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "lever raises it", FillColor = Colors.OrangeRed });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "refused (combination rule)", FillColor = Colors.LightGray });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.Rotation = steps.Count > 5 ? -30 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = steps.Count > 5 ? Alignment.UpperRight : Alignment.UpperCenter;
        if (steps.Count > 5)
        {
            // Room for the slanted lever ids under the axis.
            var longest = steps.Select(s => s.Label.Length).Append("after levers".Length).Max();
            plot.Axes.Bottom.MinimumSize = (float)Math.Min(200, 20 + (longest * 4.5));
        }

        LogAxes.Apply(plot.Axes.Left, yMin, yMax, LogAxes.Dollars);
        plot.Axes.SetLimits(-0.6, steps.Count + 1.6, floor, Math.Log10(yMax));
        plot.YLabel("cost per clip ($, log scale)");
        return plot;
    }
}
