using InferenceWall.Analysis.Scenarios;
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
        var plot = ChartFile.NewPlot(title);
        var bars = result.Bars.Take(maxBars).ToList();
        var baseCost = result.Base.CostPerClipUsd;
        var items = new List<Bar>();
        var ticks = new NumericManual();
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = bars.Count - 1 - i;
            items.Add(new Bar { Position = y, ValueBase = baseCost, Value = b.CostLowUsd, FillColor = Colors.SteelBlue, Orientation = Orientation.Horizontal, Size = 0.7 });
            items.Add(new Bar { Position = y, ValueBase = baseCost, Value = b.CostHighUsd, FillColor = Colors.OrangeRed, Orientation = Orientation.Horizontal, Size = 0.7 });
            ticks.AddMajor(y, b.Path);
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
