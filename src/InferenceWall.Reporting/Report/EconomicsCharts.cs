using System.Globalization;
using InferenceWall.Application.Economics;
using InferenceWall.Reporting.Charts;
using ScottPlot;

namespace InferenceWall.Reporting.Report;

/// <summary>The economics' charts from the response: the wall and where each day's money goes.</summary>
public static class EconomicsCharts
{
    public static Plot Wall(EconomicsResponse r, string title)
    {
        ArgumentNullException.ThrowIfNull(r);
        var f = r.Figures;
        var prices = new List<PriceLine> { new("revenue per clip", f.RevenuePerClipUsd) };
        if (EconomicsRows.WholeMixApi(r, "sora-2") is { } sora)
        {
            var seconds = r.ClipMix.Sum(m => m.Share * m.Seconds);
            prices.Add(new PriceLine(string.Create(CultureInfo.InvariantCulture, $"{sora.Model} API at {sora.Resolution}"), sora.UsdPerVideoSecond * seconds));
        }

        return WallChart.Build(title, f.ComputeCostPerClipUsd, f.OtherCostPerClipUsd, prices);
    }

    public static Plot ValueChain(EconomicsResponse r, string title)
    {
        ArgumentNullException.ThrowIfNull(r);
        var v = r.ValueChain;
        return ValueChainChart.Build(title, r.Figures.RevenueUsdPerDay,
            [.. v.Segments.Select(s => new ValueSegment(s.Label, s.UsdPerDay, s.Share))], v.SharesOf);
    }
}
