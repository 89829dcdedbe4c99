using InferenceWall.Analysis.Studies;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace InferenceWall.Reporting.Charts;

/// <summary>A tornado: for each field, the cost per clip with the field moved down (left bar end) and up, around the base.</summary>
public static class TornadoChart
{
    public static void Save(string path, string title, SensitivityResult result, double delta, int maxBars = 15) =>
        ChartFile.Save(Build(title, result, delta, maxBars), path);

    public static Plot Build(string title, SensitivityResult result, double delta, int maxBars = 15)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Build(title, result.Base.CostPerClipUsd, [.. result.Bars.Select(b => new TornadoBar(b.Path, b.CostLowUsd, b.CostHighUsd))], delta, maxBars);
    }

    /// <summary>A tornado from plain bars (largest swing first), for front ends that hold a response rather than the analysis.</summary>
    public static Plot Build(string title, double baseCost, IReadOnlyList<TornadoBar> all, double delta, int maxBars = 15)
    {
        ArgumentNullException.ThrowIfNull(all);
        var plot = ChartFile.NewPlot(title);
        var bars = all.Take(maxBars).ToList();
        var items = new List<Bar>();
        var ticks = new NumericManual();
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = bars.Count - 1 - i;
            items.Add(new Bar { Position = y, ValueBase = baseCost, Value = b.CostLowUsd, FillColor = Colors.SteelBlue, Orientation = Orientation.Horizontal, Size = 0.7 });
            items.Add(new Bar { Position = y, ValueBase = baseCost, Value = b.CostHighUsd, FillColor = Colors.OrangeRed, Orientation = Orientation.Horizontal, Size = 0.7 });
            ticks.AddMajor(y, b.Label);
        }

        plot.Add.Bars(items);
        plot.Add.VerticalLine(baseCost, 2, Colors.Black);
        plot.Axes.Left.TickGenerator = ticks;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"field −{delta:P0}", FillColor = Colors.SteelBlue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"field +{delta:P0}", FillColor = Colors.OrangeRed });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"base: ${baseCost:0.####} per clip", LineColor = Colors.Black, LineWidth = 2 });
        plot.ShowLegend(Alignment.LowerRight);
        plot.XLabel("cost per clip ($)");
        return plot;
    }
}

/// <summary>One bar of a tornado: a field's label and the cost per clip with it moved down and up.</summary>
public sealed record TornadoBar(string Label, double CostLowUsd, double CostHighUsd);
