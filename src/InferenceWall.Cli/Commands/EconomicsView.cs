using System.Globalization;
using InferenceWall.Core.Economics;
using InferenceWall.Reporting.Charts;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary>Renders a scenario's unit economics as tables, one JSON object, CSV rows or charts.</summary>
internal sealed class EconomicsView(EconomicsResult r)
{
    private static string Inf(double v, Func<double, string> f) => double.IsPositiveInfinity(v) ? "∞ (revenue does not cover the non-compute costs)" : f(v);

    /// <summary>The headline figures: (key, label with unit, value).</summary>
    public IReadOnlyList<(string Key, string Label, double? Value)> Figures() =>
    [
        ("clips_per_day", "clips per day", r.ClipsPerDay),
        ("gpu_hours_per_day", "paid GPU-hours per day", r.GpuHoursPerDay),
        ("blended_usd_per_gpu_hour", "blended price ($/GPU-hour)", r.BlendedUsdPerGpuHour),
        ("compute_cost_per_clip_usd", "compute cost per clip ($)", r.ComputeCostPerClipUsd),
        ("other_cost_per_clip_usd", "other cost per clip ($)", r.OtherCostPerClipUsd),
        ("cost_per_clip_usd", "cost per clip ($)", r.CostPerClipUsd),
        ("revenue_per_clip_usd", "revenue per clip ($)", r.RevenuePerClipUsd),
        ("compute_cost_usd_per_day", "compute cost ($/day)", r.ComputeCostUsdPerDay),
        ("annual_compute_cost_usd", "annual compute cost ($/year)", r.AnnualComputeCostUsd),
        ("other_costs_usd_per_day", "other costs ($/day)", r.OtherCostsUsdPerDay),
        ("revenue_usd_per_day", "revenue ($/day)", r.RevenueUsdPerDay),
        ("gross_profit_usd_per_day", "gross profit ($/day)", r.GrossProfitUsdPerDay),
        ("gross_margin", "gross margin (fraction of revenue)", r.GrossMargin),
        ("horizon_gross_profit_usd", $"gross profit over {r.Scenario.HorizonDays} days ($)", r.GrossProfitUsdPerDay * r.Scenario.HorizonDays),
        ("break_even_price_per_clip_usd", "break-even price per clip ($)", r.BreakEvenPricePerClipUsd),
        ("efficiency_gain_needed", "efficiency gain needed (× cheaper inference)", double.IsPositiveInfinity(r.EfficiencyGainNeeded) ? null : r.EfficiencyGainNeeded),
        ("energy_kwh_per_clip", "energy per clip (kWh)", r.EnergyKwhPerClip),
        ("energy_kwh_per_day", "energy per day (kWh)", r.EnergyKwhPerDay),
        ("continuous_mw", "continuous power (MW)", r.ContinuousMegawatts),
        ("build_out_gpus", "GPUs to serve the demand (round the clock)", r.BuildOut.Gpus),
        ("build_out_mw", "facility power for them (MW, board power × PUE)", r.BuildOut.Megawatts),
        ("build_out_capex_usd", "their purchase price ($)", r.BuildOut.CapexUsd),
    ];

    public void Render(IAnsiConsole console)
    {
        console.WriteLine(r.Scenario.Name);
        if (r.Scenario.Description.Length > 0)
        {
            console.WriteLine(r.Scenario.Description);
        }

        var wall = r.AboveWall
            ? $"ABOVE THE WALL: a clip costs {Fmt.Usd(r.CostPerClipUsd)} and brings in {Fmt.Usd(r.RevenuePerClipUsd)}; " +
              Inf(r.EfficiencyGainNeeded, g => $"needs {g.ToString("0.0", CultureInfo.InvariantCulture)}× cheaper inference")
            : $"across the wall: a clip costs {Fmt.Usd(r.CostPerClipUsd)} and brings in {Fmt.Usd(r.RevenuePerClipUsd)}";
        console.WriteLine(wall);

        var mix = new Table().Border(TableBorder.Rounded).Title("Clip mix (per clip)");
        foreach (var c in new[] { "share", "size", "seconds", "frames", "steps", "latency (s)", "GPU-seconds", "energy (kWh)", "compute ($)" })
        {
            mix.AddColumn(new TableColumn(c).RightAligned());
        }

        foreach (var m in r.Mix)
        {
            mix.AddRow(m.Item.Share.ToString("P0", CultureInfo.InvariantCulture), $"{m.Item.WidthPixels}×{m.Item.HeightPixels}", Fmt.Sig(m.Item.Seconds, 3),
                m.Frames.ToString(CultureInfo.InvariantCulture), m.Item.Steps?.ToString(CultureInfo.InvariantCulture) ?? "default", Fmt.Sig(m.LatencySeconds),
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
        foreach (var (key, label, value) in Figures())
        {
            figures.AddRow(label, value is null ? (key == "efficiency_gain_needed" ? Inf(r.EfficiencyGainNeeded, g => Fmt.Sig(g)) : "—")
                : key == "gross_margin" ? value.Value.ToString("P1", CultureInfo.InvariantCulture) : Fmt.Sig(value.Value));
        }

        console.Write(figures);

        foreach (var b in r.PlanBreakEvens)
        {
            console.WriteLine($"plan {b.Plan}: a ${Fmt.Sig(b.UsdPerMonth)}/month subscriber breaks even at {Fmt.Sig(b.BreakEvenClipsPerMonth)} clips/month (they make {Fmt.Sig(b.ClipsPerSubscriberPerMonth)})");
        }

        var chain = new Table().Border(TableBorder.Rounded).Title("Where each day's money goes ($/day)");
        chain.AddColumn("to");
        chain.AddColumn(new TableColumn("$/day").RightAligned());
        chain.AddColumn(new TableColumn("share of compute spend").RightAligned());
        foreach (var s in Segments())
        {
            chain.AddRow(s.Label, Fmt.Sig(s.UsdPerDay), r.ComputeCostUsdPerDay > 0 ? (s.UsdPerDay / r.ComputeCostUsdPerDay).ToString("P1", CultureInfo.InvariantCulture) : "—");
        }

        console.Write(chain);
        if (r.ValueChain.GpuCapexUsd is { } capex)
        {
            console.WriteLine($"GPU purchase price ${Fmt.Sig(capex)} over {Fmt.Sig(r.Scenario.ValueChain.AmortizationYears)} years; chip vendor gross margin {r.Scenario.ValueChain.ChipVendorGrossMargin.ToString("P1", CultureInfo.InvariantCulture)}; source: {r.ValueChain.CapexSource}");
        }

        var apis = new Table().Border(TableBorder.Rounded).Title($"Video API list prices for a {Fmt.Sig(r.MeanClipSeconds, 3)}-second clip, and their gross margin if their clips cost what this scenario's cost");
        foreach (var c in new[] { "provider", "model", "resolution", "$/video-second", "$/clip", "implied gross margin", "as of" })
        {
            apis.AddColumn(c);
        }

        foreach (var a in r.Apis.OrderBy(a => a.PriceUsdPerClip))
        {
            apis.AddRow(Markup.Escape(a.Provider), Markup.Escape(a.Model), Markup.Escape(a.Resolution), Fmt.Sig(a.UsdPerVideoSecond), Fmt.Usd(a.PriceUsdPerClip),
                a.ImpliedGrossMargin.ToString("P0", CultureInfo.InvariantCulture), Markup.Escape(a.Provenance.AsOf));
        }

        console.Write(apis);
        foreach (var note in r.Notes)
        {
            console.WriteLine("note: " + note);
        }
    }

    public IReadOnlyList<ValueSegment> Segments()
    {
        var v = r.ValueChain;
        var list = new List<ValueSegment>();
        if (v.ChipVendorGrossProfitUsdPerDay is { } profit)
        {
            list.Add(new ValueSegment("chip vendor gross profit", profit));
            list.Add(new ValueSegment("chip vendor cost of goods", v.ChipVendorCostUsdPerDay ?? 0));
        }

        if (!r.Scenario.Capacity.Owned)
        {
            list.Add(new ValueSegment(v.ChipVendorGrossProfitUsdPerDay is null ? "cloud (incl. GPU purchase)" : "cloud (opex and margin)", v.CloudUsdPerDay));
        }

        list.Add(new ValueSegment("energy", v.EnergyUsdPerDay));
        list.Add(new ValueSegment("other costs (storage, egress, fixed)", v.OtherCostsUsdPerDay));
        list.Add(new ValueSegment("the app's margin", v.AppMarginUsdPerDay));
        return list;
    }

    public object Json() => new Dictionary<string, object?>
    {
        ["scenario"] = r.Scenario.Name,
        ["above_wall"] = r.AboveWall,
        ["figures"] = Figures().ToDictionary(f => f.Key, f => f.Value),
        ["price_basis"] = r.PriceBasis,
        ["clip_mix"] = r.Mix.Select(m => new
        {
            share = m.Item.Share,
            width = m.Item.WidthPixels,
            height = m.Item.HeightPixels,
            seconds = m.Item.Seconds,
            frames = m.Frames,
            latency_s = m.LatencySeconds,
            gpu_seconds = m.GpuSeconds,
            energy_kwh = m.EnergyKwh,
            compute_cost_usd = m.ComputeCostUsd,
            peak_memory_bytes = m.PeakMemoryBytes,
        }),
        ["tiers"] = r.Tiers.Select(t => new { tier = t.Tier, plan = t.Plan, users = t.Users, clips_per_day = t.ClipsPerDay, revenue_usd_per_day = t.RevenueUsdPerDay }),
        ["plan_break_evens"] = r.PlanBreakEvens.Select(b => new { plan = b.Plan, usd_per_month = b.UsdPerMonth, break_even_clips_per_month = b.BreakEvenClipsPerMonth, clips_per_subscriber_per_month = b.ClipsPerSubscriberPerMonth }),
        ["value_chain_usd_per_day"] = Segments().ToDictionary(s => s.Label, s => s.UsdPerDay),
        ["apis"] = r.Apis.Select(a => new { provider = a.Provider, model = a.Model, resolution = a.Resolution, usd_per_video_second = a.UsdPerVideoSecond, price_usd_per_clip = a.PriceUsdPerClip, implied_gross_margin = a.ImpliedGrossMargin, as_of = a.Provenance.AsOf, source = a.Provenance.Source }),
        ["notes"] = r.Notes,
    };

    public void Csv(TextWriter w)
    {
        w.WriteLine("key,label,value");
        foreach (var (key, label, value) in Figures())
        {
            w.WriteLine($"{key},{CsvField(label)},{value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty}");
        }
    }

    public static string CsvField(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal)
        ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : s;

    public void WallChart(string path) => Reporting.Charts.WallChart.Save(path, $"The inference wall: {r.Scenario.Name}", r.ComputeCostPerClipUsd, r.OtherCostPerClipUsd,
        [new PriceLine("revenue per clip", r.RevenuePerClipUsd), .. r.Apis.Where(a => a.Model.StartsWith("sora-2", StringComparison.Ordinal)).Take(1).Select(a => new PriceLine($"{a.Model} API", a.PriceUsdPerClip))]);

    public void ValueChainChart(string path) => Reporting.Charts.ValueChainChart.Save(path, $"Where each day's money goes: {r.Scenario.Name}", r.RevenueUsdPerDay, Segments());
}
