using System.Globalization;
using InferenceWall.Application.Economics;
using InferenceWall.Reporting.Charts;
using InferenceWall.Reporting.Report;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary>Renders a scenario's unit economics as tables, CSV rows or charts (JSON is the response itself).</summary>
internal sealed class EconomicsView(EconomicsResponse r)
{
    public void Render(IAnsiConsole console)
    {
        console.WriteLine(r.Scenario);
        if (r.Description.Length > 0)
        {
            console.WriteLine(r.Description);
        }

        const string above = "above the wall: ";
        var wall = EconomicsRows.Wall(r);
        console.WriteLine(wall.StartsWith(above, StringComparison.Ordinal) ? "ABOVE THE WALL: " + wall[above.Length..] : wall);

        var mix = new Table().Border(TableBorder.Rounded).Title("Clip mix (per clip)");
        foreach (var c in new[] { "share", "size", "seconds", "frames", "steps", "latency (s)", "GPU-seconds", "energy (kWh)", "compute ($)" })
        {
            mix.AddColumn(new TableColumn(c).RightAligned());
        }

        foreach (var m in r.ClipMix)
        {
            mix.AddRow(m.Share.ToString("P0", CultureInfo.InvariantCulture), $"{m.Width}×{m.Height}", Fmt.Sig(m.Seconds, 3),
                m.Frames.ToString(CultureInfo.InvariantCulture), m.Steps?.ToString(CultureInfo.InvariantCulture) ?? "default", Fmt.Sig(m.LatencyS),
                Fmt.Sig(m.GpuSeconds), Fmt.Sig(m.EnergyKwh), Fmt.Usd(m.ComputeCostUsd));
        }

        console.Write(mix);
        console.WriteLine("prices: " + r.PriceBasis);

        var tiers = new Table().Border(TableBorder.Rounded).Title("Users and revenue");
        foreach (var c in new[] { "tier", "plan", "users", "clips/day", "revenue ($/day)" })
        {
            tiers.AddColumn(c);
        }

        foreach (var t in r.Tiers)
        {
            tiers.AddRow(Markup.Escape(t.Tier), Markup.Escape(t.Plan), Fmt.Sig(t.Users), Fmt.Sig(t.ClipsPerDay), Fmt.Usd(t.RevenueUsdPerDay));
        }

        console.Write(tiers);

        var figures = new Table().Border(TableBorder.Rounded).Title("Unit economics");
        figures.AddColumn("quantity");
        figures.AddColumn(new TableColumn("value").RightAligned());
        foreach (var row in EconomicsRows.Figures(r))
        {
            figures.AddRow(Markup.Escape(row.Label), Markup.Escape(row.Text));
        }

        console.Write(figures);

        foreach (var b in r.PlanBreakEvens)
        {
            console.WriteLine($"plan {b.Plan}: a ${Fmt.Sig(b.UsdPerMonth)}/month subscriber breaks even at {Fmt.Sig(b.BreakEvenClipsPerMonth)} clips/month (they make {Fmt.Sig(b.ClipsPerSubscriberPerMonth)})");
        }

        if (r.SimulatedDay is { } day)
        {
            var fleet = new Table().Border(TableBorder.Rounded).Title($"The simulated day (seed {day.Seed.ToString(CultureInfo.InvariantCulture)}): {day.CompletedClips:N0} clips, utilization {day.Utilization.ToString("P0", CultureInfo.InvariantCulture)}");
            foreach (var c in new[] { "capacity", "GPU-hours busy", "GPU-hours idle", "cost ($)" })
            {
                fleet.AddColumn(new TableColumn(c).RightAligned());
            }

            foreach (var c in day.Capacity)
            {
                fleet.AddRow(c.Capacity, Fmt.Sig(c.GpuHoursBusy), Fmt.Sig(c.GpuHoursIdle), Fmt.Usd(c.CostUsd));
            }

            console.Write(fleet);
        }

        var v = r.ValueChain;
        var chain = new Table().Border(TableBorder.Rounded).Title("Where each day's money goes ($/day)").Caption(Markup.Escape(EconomicsRows.SharesOf(v)));
        chain.AddColumn("to");
        chain.AddColumn(new TableColumn("$/day").RightAligned());
        chain.AddColumn(new TableColumn($"share of {v.SharesOf}").RightAligned());
        foreach (var s in v.Segments)
        {
            chain.AddRow(Markup.Escape(s.Label), Fmt.Sig(s.UsdPerDay), s.Share is { } share ? share.ToString("P1", CultureInfo.InvariantCulture) : "—");
        }

        console.Write(chain);
        if (v.GpuCapexUsd is { } capex)
        {
            console.WriteLine($"GPU purchase price ${Fmt.Sig(capex)} over {Fmt.Sig(v.AmortizationYears)} years; chip vendor gross margin {v.ChipVendorGrossMargin.ToString("P1", CultureInfo.InvariantCulture)}; source: {v.CapexSource}");
        }

        var comparable = r.Apis.Where(a => a.Comparable).OrderBy(a => a.PriceUsdPerClip).ToList();
        var apis = new Table().Border(TableBorder.Rounded)
            .Title("Video API list prices at this scenario's clip resolutions, and their gross margin if their clips cost what this scenario's cost")
            .Caption(Markup.Escape(r.ApiComparisonRule));
        foreach (var c in new[] { "provider", "model", "resolution", "compared with", "$/video-second", "$/clip", "our cost ($/clip)", "implied gross margin", "as of" })
        {
            apis.AddColumn(c);
        }

        foreach (var a in comparable)
        {
            apis.AddRow(Markup.Escape(a.Provider), Markup.Escape(a.Model), Markup.Escape(a.Resolution), Markup.Escape(EconomicsRows.ComparedWith(r, a)), Fmt.Sig(a.UsdPerVideoSecond),
                Fmt.Usd(a.PriceUsdPerClip), a.OurCostPerClipUsd is { } ours ? Fmt.Usd(ours) : "—",
                a.ImpliedGrossMargin is { } m ? m.ToString("P0", CultureInfo.InvariantCulture) : "—", Markup.Escape(a.AsOf));
        }

        console.Write(apis);
        var others = r.Apis.Count(a => !a.Comparable);
        if (others > 0)
        {
            console.WriteLine($"{others} API quotes are at other or unstated resolutions and not compared (--format json lists them with the reason)");
        }

        if (r.Levers.Length > 0)
        {
            var levers = new Table().Border(TableBorder.Rounded).Title("The levers that matter most, each alone (iwall levers combines them and finds the set that crosses the wall)");
            foreach (var c in new[] { "lever", "kind", "factor", "cost per clip ($)", "quality" })
            {
                levers.AddColumn(c);
            }

            foreach (var l in r.Levers)
            {
                levers.AddRow(Markup.Escape(l.Lever), l.Kind, "×" + Fmt.Sig(l.Factor, 3), Fmt.Usd(l.CostPerClipUsd), Markup.Escape(l.QualityNote));
            }

            console.Write(levers);
        }

        foreach (var note in r.Notes)
        {
            console.WriteLine("note: " + note);
        }
    }

    public void Csv(TextWriter w)
    {
        w.WriteLine("key,label,value");
        foreach (var row in EconomicsRows.Figures(r))
        {
            w.WriteLine($"{row.Key},{CsvField(row.Label)},{row.Value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty}");
        }
    }

    public static string CsvField(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal)
        ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : s;

    public void WallChart(string path) => ChartFile.Save(EconomicsCharts.Wall(r, $"The inference wall: {r.Scenario}"), path);

    public void ValueChainChart(string path) => ChartFile.Save(EconomicsCharts.ValueChain(r, $"Where each day's money goes: {r.Scenario}"), path);
}
