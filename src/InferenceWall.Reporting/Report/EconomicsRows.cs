using System.Globalization;
using InferenceWall.Application.Economics;

namespace InferenceWall.Reporting.Report;

/// <summary>One headline figure: its stable key, its label with unit, its value (null when it has none) and how it reads.</summary>
public sealed record FigureRow(string Key, string Label, double? Value, string Text);

/// <summary>
/// The economics as rows, shared by every front end (the CLI's table and CSV, the HTML report, the web): one place for
/// the labels, the units and what a figure without a value says.
/// </summary>
public static class EconomicsRows
{
    public static IReadOnlyList<FigureRow> Figures(EconomicsResponse r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var f = r.Figures;
        var gpusPerReplica = f.BuildOutReplicas > 0 ? f.BuildOutGpus / f.BuildOutReplicas : 0;
        FigureRow N(string key, string label, double value) => new(key, label, value, Numbers.Sig(value));
        return
        [
            N("clips_per_day", "clips per day", f.ClipsPerDay),
            N("gpu_hours_per_day", "paid GPU-hours per day", f.GpuHoursPerDay),
            N("blended_usd_per_gpu_hour", "blended price ($/GPU-hour)", f.BlendedUsdPerGpuHour),
            N("compute_cost_per_clip_usd", "compute cost per clip ($)", f.ComputeCostPerClipUsd),
            N("other_cost_per_clip_usd", "other cost per clip ($)", f.OtherCostPerClipUsd),
            N("cost_per_clip_usd", "cost per clip ($)", f.CostPerClipUsd),
            N("revenue_per_clip_usd", "revenue per clip ($)", f.RevenuePerClipUsd),
            N("compute_cost_usd_per_day", "compute cost ($/day)", f.ComputeCostUsdPerDay),
            N("annual_compute_cost_usd", "annual compute cost ($/year)", f.AnnualComputeCostUsd),
            N("other_costs_usd_per_day", "other costs ($/day)", f.OtherCostsUsdPerDay),
            N("revenue_usd_per_day", "revenue ($/day)", f.RevenueUsdPerDay),
            N("gross_profit_usd_per_day", "gross profit ($/day)", f.GrossProfitUsdPerDay),
            new("gross_margin", "gross margin (fraction of revenue)", f.GrossMargin, f.GrossMargin is { } g ? Numbers.Percent(g) : "— (" + f.GrossMarginReason + ")"),
            N("horizon_gross_profit_usd", $"gross profit over {r.HorizonDays.ToString(CultureInfo.InvariantCulture)} days ($)", f.HorizonGrossProfitUsd),
            N("break_even_price_per_clip_usd", "break-even price per clip ($)", f.BreakEvenPricePerClipUsd),
            new("efficiency_gain_needed", "efficiency gain needed (× cheaper inference)", f.EfficiencyGainNeeded,
                f.EfficiencyGainNeeded is { } e ? Numbers.Sig(e) : "— (" + f.EfficiencyGainNeededReason + ")"),
            N("energy_kwh_per_clip", "energy to generate a clip (kWh, busy GPU time × PUE)", f.EnergyKwhPerClip),
            N("energy_kwh_per_day", "energy per day (kWh, paid GPU-hours at board power × PUE)", f.EnergyKwhPerDay),
            N("continuous_mw", "average power (MW, paid GPU-hours at board power × PUE)", f.ContinuousMw),
            N("average_gpus", "GPUs paid for on average (paid GPU-hours ÷ 24; an average, not a fleet)", f.AverageGpus),
            new("build_out_replicas", $"replicas to serve the average load round the clock (whole, {gpusPerReplica.ToString(CultureInfo.InvariantCulture)} GPU{(gpusPerReplica == 1 ? string.Empty : "s")} each)",
                f.BuildOutReplicas, Numbers.Whole(f.BuildOutReplicas)),
            new("build_out_gpus", "GPUs to serve the average load round the clock (whole replicas)", f.BuildOutGpus, Numbers.Whole(f.BuildOutGpus)),
            N("build_out_mw", "facility power for them (MW, board power × PUE)", f.BuildOutMw),
            new("build_out_capex_usd", "their purchase price ($)", f.BuildOutCapexUsd, f.BuildOutCapexUsd is { } c ? Numbers.Sig(c) : "— (" + f.BuildOutCapexReason + ")"),
        ];
    }

    /// <summary>The wall in one sentence.</summary>
    public static string Wall(EconomicsResponse r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var f = r.Figures;
        return r.AboveWall
            ? $"above the wall: a clip costs {Numbers.Usd(f.CostPerClipUsd)} and brings in {Numbers.Usd(f.RevenuePerClipUsd)}; " +
              (f.EfficiencyGainNeeded is { } g ? $"it needs {g.ToString("0.0", CultureInfo.InvariantCulture)}× cheaper inference" : f.EfficiencyGainNeededReason)
            : $"across the wall: a clip costs {Numbers.Usd(f.CostPerClipUsd)} and brings in {Numbers.Usd(f.RevenuePerClipUsd)}";
    }

    /// <summary>What the value chain's shares are of, in words.</summary>
    public static string SharesOf(ValueChainResponse v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return v.SharesOf == "revenue"
            ? $"shares of the day's revenue ({Numbers.Usd(v.TotalUsdPerDay)}/day), which covers the costs and leaves the app's margin"
            : $"shares of the day's costs ({Numbers.Usd(v.TotalUsdPerDay)}/day); revenue covers {Numbers.Percent(v.TotalUsdPerDay > 0 ? Math.Max(0, 1 - (Math.Abs(v.AppMarginUsdPerDay) / v.TotalUsdPerDay)) : 0)} of them and the app's loss the rest";
    }

    /// <summary>The clip of the mix a comparable API row is compared with, in words (<c>1280×720, 5 s (70% of clips)</c>).</summary>
    public static string ComparedWith(EconomicsResponse r, ApiRow a)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(a);
        if (a.ClipMixIndex is not { } i || i < 0 || i >= r.ClipMix.Length)
        {
            return a.NotComparableReason ?? "not comparable";
        }

        var m = r.ClipMix[i];
        return string.Create(CultureInfo.InvariantCulture, $"{m.Width}×{m.Height}, {Numbers.Sig(m.Seconds, 3)} s ({m.Share:P0} of clips)");
    }

    /// <summary>
    /// The API quotes that price the whole mix like with like (every clip of the mix at a resolution the quote names), for
    /// a price line against the mean clip: a Sora 2 quote first.
    /// </summary>
    public static ApiRow? WholeMixApi(EconomicsResponse r, string modelPrefix)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Apis.Where(a => a.Comparable && a.Model.StartsWith(modelPrefix, StringComparison.Ordinal))
            .GroupBy(a => (a.Provider, a.Model, a.Resolution, a.UsdPerVideoSecond))
            .Where(g => g.Select(a => a.ClipMixIndex).Distinct().Count() == r.ClipMix.Length)
            .Select(g => g.First())
            .FirstOrDefault();
    }
}
