using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using InferenceWall.Application.Report;
using InferenceWall.Reporting.Charts;

namespace InferenceWall.Reporting.Report;

/// <summary>
/// A scenario's report as one self-contained HTML page (inline CSS and SVG charts; no script, no external file):
/// unit economics, the wall, the value chain, what moves cost per clip, the simulated day and the API prices.
/// </summary>
public static class HtmlReport
{
    public static string Build(ReportResponse report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var r = report.Economics;
        var f = r.Figures;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(r.Scenario)).Append(" — InferenceWall report</title><style>")
            .Append("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}")
            .Append("table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
            .Append("td.n{text-align:right;white-space:nowrap}td.d{white-space:nowrap}th{background:#f4f4f4}caption{text-align:left;font-size:13px;color:#555;padding:2px 0}")
            .Append(".wall{font-size:18px;padding:.6em 1em;border-left:6px solid #c0392b;background:#fbeeee}.ok{border-color:#27ae60;background:#eefbf1}")
            .Append("figure{margin:1em 0}svg{max-width:100%;height:auto}small{color:#666}td small{overflow-wrap:anywhere}</style></head><body>");
        html.Append("<h1>").Append(E(r.Scenario)).Append("</h1>");
        if (r.Description.Length > 0)
        {
            html.Append("<p>").Append(E(r.Description)).Append("</p>");
        }

        html.Append("<p><small>Scenario file: ").Append(E(report.Source)).Append(". Calibration: ").Append(E(report.CalibrationFittedOn))
            .Append(". Prices: ").Append(E(r.PriceBasis)).Append(".</small></p>");
        var wall = EconomicsRows.Wall(r);
        html.Append("<p class=\"wall").Append(r.AboveWall ? string.Empty : " ok").Append("\">").Append(E(char.ToUpperInvariant(wall[0]) + wall[1..])).Append(".</p>");

        html.Append("<h2>Unit economics</h2><table><tr><th>quantity</th><th>value</th></tr>");
        foreach (var row in EconomicsRows.Figures(r))
        {
            html.Append("<tr><td>").Append(E(row.Label)).Append("</td><td class=\"n\">").Append(E(row.Text)).Append("</td></tr>");
        }

        html.Append("</table>");
        html.Append("<h2>The wall</h2><figure>").Append(ChartFile.Svg(EconomicsCharts.Wall(r, "Cost per clip as inference gets cheaper, against price per clip"))).Append("</figure>");

        html.Append("<h2>Clip mix</h2><table><tr><th>share</th><th>size (px)</th><th>seconds</th><th>frames</th><th>steps</th><th>latency (s)</th><th>GPU-seconds</th><th>energy (kWh)</th><th>compute ($)</th></tr>");
        foreach (var m in r.ClipMix)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"n\">{m.Share:P0}</td><td class=\"d\">{m.Width}×{m.Height}</td><td class=\"n\">{Numbers.Sig(m.Seconds, 3)}</td><td class=\"n\">{m.Frames}</td><td class=\"n\">{(m.Steps is { } s ? s.ToString(CultureInfo.InvariantCulture) : "default")}</td><td class=\"n\">{Numbers.Sig(m.LatencyS)}</td><td class=\"n\">{Numbers.Sig(m.GpuSeconds)}</td><td class=\"n\">{Numbers.Sig(m.EnergyKwh)}</td><td class=\"n\">{Numbers.Usd(m.ComputeCostUsd)}</td></tr>");
        }

        html.Append("</table><h2>Users and revenue</h2><table><tr><th>tier</th><th>plan</th><th>users</th><th>clips/day</th><th>revenue ($/day)</th></tr>");
        foreach (var t in r.Tiers)
        {
            html.Append("<tr><td>").Append(E(t.Tier)).Append("</td><td>").Append(E(t.Plan)).Append("</td><td class=\"n\">").Append(Numbers.Sig(t.Users)).Append("</td><td class=\"n\">")
                .Append(Numbers.Sig(t.ClipsPerDay)).Append("</td><td class=\"n\">").Append(Numbers.Usd(t.RevenueUsdPerDay)).Append("</td></tr>");
        }

        html.Append("</table>");
        foreach (var b in r.PlanBreakEvens)
        {
            html.Append("<p>").Append(E($"Plan {b.Plan}: a ${Numbers.Sig(b.UsdPerMonth)}/month subscriber breaks even at {Numbers.Sig(b.BreakEvenClipsPerMonth)} clips/month (they make {Numbers.Sig(b.ClipsPerSubscriberPerMonth)}).")).Append("</p>");
        }

        var v = r.ValueChain;
        html.Append("<h2>Where each day's money goes</h2><table><caption>").Append(E(EconomicsRows.SharesOf(v))).Append("</caption><tr><th>to</th><th>$/day</th><th>share of ")
            .Append(E(v.SharesOf)).Append("</th></tr>");
        foreach (var s in v.Segments)
        {
            html.Append("<tr><td>").Append(E(s.Label)).Append("</td><td class=\"n\">").Append(E(Numbers.Usd(s.UsdPerDay))).Append("</td><td class=\"n\">")
                .Append(s.Share is { } share ? Numbers.Percent(share) : "—").Append("</td></tr>");
        }

        html.Append("</table><figure>").Append(ChartFile.Svg(EconomicsCharts.ValueChain(r, "Where each day's money goes"))).Append("</figure>");
        if (v.GpuCapexUsd is { } capex)
        {
            html.Append("<p><small>").Append(E($"GPU purchase price ${Numbers.Sig(capex)} over {Numbers.Sig(v.AmortizationYears)} years; chip vendor gross margin {Numbers.Percent(v.ChipVendorGrossMargin)}; source: {v.CapexSource}")).Append("</small></p>");
        }

        if (report.Sensitivity is { } sensitivity && sensitivity.Bars.Length > 0)
        {
            var delta = Numbers.Percent(sensitivity.Delta, 0);
            html.Append("<h2>What moves cost per clip (each input ±").Append(E(delta)).Append(")</h2><figure>")
                .Append(ChartFile.Svg(TornadoChart.Build($"Cost per clip with each input moved ±{delta}", sensitivity.BaseCostPerClipUsd,
                    [.. sensitivity.Bars.Select(b => new TornadoBar(b.Field, b.CostLowUsd, b.CostHighUsd))], sensitivity.Delta)))
                .Append("</figure>");
        }
        else if (report.SensitivityReason is { } why)
        {
            html.Append("<p>Sensitivity not shown: ").Append(E(why)).Append("</p>");
        }

        if (report.SimulatedDay is { } day)
        {
            Day(html, day);
        }
        else if (report.SimulatedDayReason is { } why && !why.StartsWith("the scenario has no simulation section", StringComparison.Ordinal))
        {
            html.Append("<p>Simulation not run: ").Append(E(why)).Append("</p>");
        }

        if (r.Levers.Length > 0)
        {
            html.Append("<h2>The levers that matter most</h2><p><small>Each lever of the catalog (levers.csv) applied alone, through the cost model; iwall levers combines them and finds the set that crosses the wall.</small></p>")
                .Append("<table><tr><th>lever</th><th>kind</th><th>factor (×)</th><th>cost per clip ($)</th><th>quality</th><th>source</th></tr>");
            foreach (var l in r.Levers)
            {
                html.Append("<tr><td>").Append(E(l.Lever)).Append("</td><td>").Append(E(l.Kind)).Append("</td><td class=\"n\">×").Append(Numbers.Sig(l.Factor, 3))
                    .Append("</td><td class=\"n\">").Append(E(Numbers.Usd(l.CostPerClipUsd))).Append("</td><td>").Append(E(l.QualityNote)).Append("</td><td><small>")
                    .Append(E(l.Source)).Append("</small></td></tr>");
            }

            html.Append("</table>");
        }

        Apis(html, r);
        foreach (var note in r.Notes)
        {
            html.Append("<p><small>note: ").Append(E(note)).Append("</small></p>");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Day(StringBuilder html, ReportSimulatedDay day)
    {
        static string Opt(double? v, Func<double, string> f) => v is { } x ? f(x) : "—";
        html.Append("<h2>A simulated day</h2><table><tr><th>quantity</th><th>value</th></tr>");
        foreach (var (label, value) in new[]
        {
            ("clips completed", Numbers.Whole(day.CompletedClips)),
            ("rejected / timed out", $"{Numbers.Whole(day.Rejected)} / {Numbers.Whole(day.TimedOut)}"),
            ("latency P50 / P90 / P99 (s)", $"{Opt(day.LatencyP50S, x => Numbers.Sig(x))} / {Opt(day.LatencyP90S, x => Numbers.Sig(x))} / {Opt(day.LatencyP99S, x => Numbers.Sig(x))}"),
            ("SLO attainment", day.SloAttainment is { } slo ? Numbers.Percent(slo, 2) : "— (" + day.SloAttainmentReason + ")"),
            ("GPU utilization (busy ÷ paid)", Numbers.Percent(day.Utilization)),
            ("GPU-hours busy / idle", $"{Numbers.Sig(day.GpuHoursBusy)} / {Numbers.Sig(day.GpuHoursIdle)}"),
            ("realized cost per clip ($)", Opt(day.RealizedCostPerClipUsd, Numbers.Usd)),
            ("average-load cost per clip ($)", Numbers.Usd(day.AverageLoadCostPerClipUsd)),
        })
        {
            html.Append("<tr><td>").Append(E(label)).Append("</td><td class=\"n\">").Append(E(value)).Append("</td></tr>");
        }

        html.Append("</table><table><tr><th>capacity</th><th>GPU-hours busy</th><th>GPU-hours idle</th><th>cost ($)</th></tr>");
        foreach (var c in day.Capacity)
        {
            html.Append("<tr><td>").Append(E(c.Capacity)).Append("</td><td class=\"n\">").Append(Numbers.Sig(c.GpuHoursBusy)).Append("</td><td class=\"n\">")
                .Append(Numbers.Sig(c.GpuHoursIdle)).Append("</td><td class=\"n\">").Append(E(Numbers.Usd(c.CostUsd))).Append("</td></tr>");
        }

        var s = day.Series;
        html.Append("</table><figure>").Append(ChartFile.Svg(FleetChart.Build("Queue and fleet over the simulated day",
            new Simulation.TimeSeries(s.TimesS, s.QueueLength, s.ReplicasReserved, s.ReplicasOnDemand, s.ReplicasSpot, s.ReplicasBusy)))).Append("</figure>");
        foreach (var note in day.Notes)
        {
            html.Append("<p><small>").Append(E(note)).Append("</small></p>");
        }
    }

    private static void Apis(StringBuilder html, Application.Economics.EconomicsResponse r)
    {
        var comparable = r.Apis.Where(a => a.Comparable).OrderBy(a => a.PriceUsdPerClip).ToImmutableArray();
        html.Append("<h2>Video API list prices, like with like</h2><p><small>").Append(E(char.ToUpperInvariant(r.ApiComparisonRule[0]) + r.ApiComparisonRule[1..])).Append(".</small></p>");
        if (comparable.IsEmpty)
        {
            html.Append("<p>No API quote in the catalog is at a resolution of this scenario's clips.</p>");
        }
        else
        {
            html.Append("<table><tr><th>provider</th><th>model</th><th>resolution</th><th>compared with</th><th>$/clip</th><th>our cost ($/clip)</th><th>margin if their clip cost ours</th><th>as of</th><th>source</th></tr>");
            foreach (var a in comparable)
            {
                html.Append("<tr><td>").Append(E(a.Provider)).Append("</td><td>").Append(E(a.Model)).Append("</td><td>").Append(E(a.Resolution)).Append("</td><td>")
                    .Append(E(EconomicsRows.ComparedWith(r, a))).Append("</td><td class=\"n\">").Append(Numbers.Usd(a.PriceUsdPerClip)).Append("</td><td class=\"n\">")
                    .Append(a.OurCostPerClipUsd is { } ours ? Numbers.Usd(ours) : "—").Append("</td><td class=\"n\">")
                    .Append(a.ImpliedGrossMargin is { } m ? E(Numbers.Percent(m, 0)) : "—").Append("</td><td class=\"d\">")
                    .Append(E(a.AsOf)).Append("</td><td><small>").Append(E(a.Source)).Append("</small></td></tr>");
            }

            html.Append("</table>");
        }

        var others = r.Apis.Where(a => !a.Comparable).OrderBy(a => a.PriceUsdPerClip).ToImmutableArray();
        if (!others.IsEmpty)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>Not comparable with this scenario's clips ({others.Length} quotes)</h3><table><tr><th>provider</th><th>model</th><th>resolution</th><th>$/clip of {Numbers.Sig(others[0].ClipSeconds, 3)} s</th><th>why not compared</th><th>as of</th></tr>");
            foreach (var a in others)
            {
                html.Append("<tr><td>").Append(E(a.Provider)).Append("</td><td>").Append(E(a.Model)).Append("</td><td>").Append(E(a.Resolution)).Append("</td><td class=\"n\">")
                    .Append(Numbers.Usd(a.PriceUsdPerClip)).Append("</td><td>").Append(E(a.NotComparableReason ?? string.Empty)).Append("</td><td class=\"d\">")
                    .Append(E(a.AsOf)).Append("</td></tr>");
            }

            html.Append("</table>");
        }
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
