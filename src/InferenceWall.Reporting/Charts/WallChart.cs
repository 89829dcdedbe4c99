using ScottPlot;

namespace InferenceWall.Reporting.Charts;

/// <summary>A price line: a revenue per clip to compare the cost against.</summary>
public sealed record PriceLine(string Label, double UsdPerClip);

/// <summary>
/// The inference wall: cost per clip as inference gets cheaper (compute ÷ gain + other costs) against the price a
/// clip fetches; where a price line meets the cost curve, the product crosses the wall. Both axes are logarithmic.
/// </summary>
public static class WallChart
{
    public static void Save(string path, string title, double computeUsdPerClip, double otherUsdPerClip, IReadOnlyList<PriceLine> prices) =>
        ChartFile.Save(Build(title, computeUsdPerClip, otherUsdPerClip, prices), path);

    public static Plot Build(string title, double computeUsdPerClip, double otherUsdPerClip, IReadOnlyList<PriceLine> prices)
    {
        var crossings = prices.Where(p => p.UsdPerClip > otherUsdPerClip).Select(p => computeUsdPerClip / (p.UsdPerClip - otherUsdPerClip)).ToList();
        var maxGain = Math.Max(10, Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(2, crossings.DefaultIfEmpty(1).Max() * 2)))));
        var gains = Enumerable.Range(0, 201).Select(i => Math.Pow(maxGain, i / 200.0)).ToArray();
        var cost = gains.Select(g => (computeUsdPerClip / g) + otherUsdPerClip).ToArray();

        var plot = ChartFile.NewPlot(title);
        var curve = plot.Add.Scatter(LogAxes.Log(gains), LogAxes.Log(cost));
        curve.LegendText = $"cost per clip: {LogAxes.Dollars(computeUsdPerClip + otherUsdPerClip)} today, falling as compute gets cheaper" +
            (otherUsdPerClip > 0 ? $" (other costs {LogAxes.Dollars(otherUsdPerClip)} stay)" : string.Empty);
        curve.LineWidth = 3;
        curve.MarkerSize = 0;
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < prices.Count; i++)
        {
            var price = prices[i];
            if (price.UsdPerClip <= 0)
            {
                continue;
            }

            var line = plot.Add.HorizontalLine(Math.Log10(price.UsdPerClip));
            line.LegendText = $"{price.Label}: {LogAxes.Dollars(price.UsdPerClip)} per clip";
            line.Color = palette.GetColor(i + 1);
            line.LineWidth = 2;
            if (price.UsdPerClip > otherUsdPerClip)
            {
                var gain = computeUsdPerClip / (price.UsdPerClip - otherUsdPerClip);
                if (gain >= 1)
                {
                    var marker = plot.Add.Marker(Math.Log10(gain), Math.Log10(price.UsdPerClip));
                    marker.Color = palette.GetColor(i + 1);
                    marker.Size = 12;
                    var text = plot.Add.Text($" crosses at {LogAxes.Times(gain)}", Math.Log10(gain), Math.Log10(price.UsdPerClip));
                    text.LabelFontSize = 13;
                }
            }
        }

        var yMin = Math.Min(cost.Min(), prices.Where(p => p.UsdPerClip > 0).Select(p => p.UsdPerClip).DefaultIfEmpty(cost.Min()).Min()) / 1.5;
        var yMax = Math.Max(cost.Max(), prices.Select(p => p.UsdPerClip).DefaultIfEmpty(cost.Max()).Max()) * 1.5;
        LogAxes.Apply(plot.Axes.Bottom, 1, maxGain, LogAxes.Times);
        LogAxes.Apply(plot.Axes.Left, yMin, yMax, LogAxes.Dollars);
        // A little room right of the last tick, so its label is not cut at the edge.
        plot.Axes.SetLimits(0, Math.Log10(maxGain) * 1.03, Math.Log10(yMin), Math.Log10(yMax));
        plot.XLabel("inference efficiency gain (× cheaper compute per clip, log scale)");
        plot.YLabel("$ per clip (log scale)");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
