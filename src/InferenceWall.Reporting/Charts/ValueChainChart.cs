using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace InferenceWall.Reporting.Charts;

/// <summary>
/// One destination of the day's money and how many dollars per day; a negative one is a loss (the costs revenue does
/// not cover). <paramref name="Share"/> is its fraction of the stated total, for the legend.
/// </summary>
public sealed record ValueSegment(string Label, double UsdPerDay, double? Share = null);

/// <summary>
/// Where each day's money goes, as two bars of equal height: the destinations (costs, and the app's margin when there
/// is one) against where the money comes from (revenue, and the app's loss when revenue does not cover the costs).
/// </summary>
public static class ValueChainChart
{
    public static void Save(string path, string title, double revenueUsdPerDay, IReadOnlyList<ValueSegment> segments, string? sharesOf = null) =>
        ChartFile.Save(Build(title, revenueUsdPerDay, segments, sharesOf), path);

    public static Plot Build(string title, double revenueUsdPerDay, IReadOnlyList<ValueSegment> segments, string? sharesOf = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var plot = ChartFile.NewPlot(title);
        var palette = new ScottPlot.Palettes.Category10();
        var costs = segments.Where(s => s.UsdPerDay > 0).Sum(s => s.UsdPerDay);
        var scale = Math.Max(costs, revenueUsdPerDay) >= 1e6 ? 1e6 : 1e3;
        var unit = scale >= 1e6 ? "$M" : "$k";
        string Money(double usd) => (usd / scale).ToString("N2", CultureInfo.InvariantCulture) + $" {unit}/day";
        string Of(double? share) => share is { } s && sharesOf is not null ? $" ({s.ToString("P1", CultureInfo.InvariantCulture)} of {sharesOf})" : string.Empty;

        var bars = new List<Bar>();
        var top = 0.0;
        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            if (s.UsdPerDay <= 0)
            {
                continue;
            }

            var color = palette.GetColor(i);
            bars.Add(new Bar { Position = 1, ValueBase = top, Value = top + (s.UsdPerDay / scale), FillColor = color, Size = 0.6 });
            top += s.UsdPerDay / scale;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{s.Label}: {Money(s.UsdPerDay)}{Of(s.Share)}", FillColor = color });
        }

        var incoming = 0.0;
        if (revenueUsdPerDay > 0)
        {
            var revenueColor = Color.FromHex("#9E9E9E");
            bars.Add(new Bar { Position = 2, ValueBase = 0, Value = revenueUsdPerDay / scale, FillColor = revenueColor, Size = 0.6, Label = "revenue", CenterLabel = true });
            incoming = revenueUsdPerDay / scale;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"revenue: {Money(revenueUsdPerDay)}", FillColor = revenueColor });
        }

        foreach (var loss in segments.Where(s => s.UsdPerDay < 0))
        {
            var color = Color.FromHex("#F4B6B6");
            bars.Add(new Bar { Position = 2, ValueBase = incoming, Value = incoming - (loss.UsdPerDay / scale), FillColor = color, Size = 0.6, Label = "loss", CenterLabel = true });
            incoming -= loss.UsdPerDay / scale;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{loss.Label}: {Money(-loss.UsdPerDay)}{Of(loss.Share)}", FillColor = color });
        }

        plot.Add.Bars(bars);
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        var ticks = new NumericManual();
        ticks.AddMajor(1, "where the money goes");
        ticks.AddMajor(2, "where it comes from");
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimits(0.4, 5.6, 0, Math.Max(top, incoming) > 0 ? Math.Max(top, incoming) * 1.08 : 1);
        plot.YLabel(scale >= 1e6 ? "$ millions per day" : "$ thousands per day");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
