using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Economics;

/// <summary>The published inputs of the Sora case, each with its source (shared reference notes, section 1).</summary>
public sealed record SoraCaseInputs
{
    public double CostPerClipUsd { get; init; } = 1.30;
    public double ClipSeconds { get; init; } = 10;
    public double DailyComputeCostUsd { get; init; } = 15e6;
    public double ActiveUsers { get; init; } = 4.5e6;
    public double CreatorShare { get; init; } = 0.25;
    public double ClipsPerCreatorPerDay { get; init; } = 10;
    public double LifetimeRevenueUsd { get; init; } = 2.1e6;
    public double PeakMonthlyDownloads { get; init; } = 3.3e6;
    public double FinalDailyUsers { get; init; } = 500_000;
    public double LaterDailyBurnUsd { get; init; } = 1e6;
    public double LaterPeakDailyUsers { get; init; } = 1e6;
    public double ApiUsdPerSecond { get; init; } = 0.10;
    public double ConsumerSpendingDec2025Usd { get; init; } = 540_000;
    public double EnvelopeUsdPerGpuMinute { get; init; } = 0.08;
    public int EnvelopeGpus { get; init; } = 4;
    public double EnvelopeMinutes { get; init; } = 8;

    /// <summary>Open-model comparison: the GPU, GPUs per clip (Ulysses), frame rate and provider to price at.</summary>
    public string OpenModelGpu { get; init; } = "H100-SXM";
    public int OpenModelGpus { get; init; } = 8;
    public double OpenModelFramesPerSecond { get; init; } = 16;
    public int OpenModelWidth { get; init; } = 1280;
    public int OpenModelHeight { get; init; } = 720;
    public string OpenModelProvider { get; init; } = "lambda";
}

/// <summary>What a 10-second clip costs on an open model in the catalog (or why it cannot be costed).</summary>
public sealed record OpenModelClip(string Model, double? LatencySeconds, double? GpuSeconds, double? CostUsd, double? VersusSoraEstimate, string? Refusal);

public sealed record SoraCaseResult(ImmutableArray<CaseFigure> Figures, ImmutableArray<OpenModelClip> OpenModels, string OpenModelBasis)
{
    public double this[string key] => Figures.First(f => f.Key == key).Value;
}

/// <summary>
/// The Sora case: reproduces the article's numbers from explicit, sourced inputs, says which are inputs and which
/// are derived, reconciles the $15M/day and ~$1M/day estimates, and prices the same clip on open models.
/// </summary>
public static class SoraCase
{
    private const string Cantor = "analyst estimate (Cantor Fitzgerald, D. Mathivanan), via remio.ai 2025-11-11; SemiAnalysis calls it reasonable (aicerts.ai)";
    private const string Forbes = "Forbes (P. Liu, 2025-11-10), usage estimate credited to SemiAnalysis (AJ Kourabi)";
    private const string Wsj = "WSJ after the shutdown, as summarised by allheadline.com and dailyaibyai.news (2026-04-01)";

    public static SoraCaseResult Run(SoraCaseInputs i, VideoCatalog catalog, CostCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(i);
        var f = new List<CaseFigure>();
        void Input(string key, string label, double value, string unit, string source) => f.Add(new CaseFigure(key, label, value, unit, true, source));
        void Derived(string key, string label, double value, string unit, string formula) => f.Add(new CaseFigure(key, label, value, unit, false, formula));

        Input("cost_per_clip_usd", "compute cost of one 10-second clip", i.CostPerClipUsd, "$", Cantor);
        Input("clip_seconds", "clip length", i.ClipSeconds, "s", Cantor);
        Input("daily_compute_cost_usd", "daily compute cost (Forbes estimate)", i.DailyComputeCostUsd, "$/day", Forbes + "; rounded from usage × $1.30");
        Input("active_users", "active users", i.ActiveUsers, "users", Forbes);
        Input("creator_share", "share of active users who create", i.CreatorShare, "fraction", Forbes);
        Input("clips_per_creator_per_day", "clips per creating user per day", i.ClipsPerCreatorPerDay, "clips/day", Forbes);

        var clipsPerDay = i.DailyComputeCostUsd / i.CostPerClipUsd;
        Derived("clips_per_day", "clips per day implied by $/day ÷ $/clip", clipsPerDay, "clips/day", "daily_compute_cost_usd / cost_per_clip_usd");
        var usageClips = i.ActiveUsers * i.CreatorShare * i.ClipsPerCreatorPerDay;
        Derived("usage_clips_per_day", "clips per day from the usage assumption (\"over 11 million\")", usageClips, "clips/day",
            "active_users × creator_share × clips_per_creator_per_day");
        Derived("usage_daily_compute_cost_usd", "daily compute cost from the usage assumption", usageClips * i.CostPerClipUsd, "$/day",
            "usage_clips_per_day × cost_per_clip_usd (Forbes rounded this to $15M)");
        Derived("annual_compute_cost_usd", "annualised compute cost (\"$5.4B\")", i.DailyComputeCostUsd * 365, "$/year", "daily_compute_cost_usd × 365");

        Input("envelope_usd_per_gpu_minute", "back-of-envelope: $ per GPU-minute", i.EnvelopeUsdPerGpuMinute, "$/GPU-min", "developers' guide worked example");
        Input("envelope_gpus", "back-of-envelope: GPUs per clip", i.EnvelopeGpus, "GPUs", "developers' guide worked example");
        Input("envelope_minutes", "back-of-envelope: minutes per clip", i.EnvelopeMinutes, "min", "developers' guide worked example");
        Derived("back_of_envelope_usd", "back-of-envelope cost per clip", BackOfEnvelope.CostUsd(i.EnvelopeMinutes, i.EnvelopeGpus, i.EnvelopeUsdPerGpuMinute), "$",
            "envelope_usd_per_gpu_minute × envelope_gpus × envelope_minutes");

        Input("lifetime_revenue_usd", "lifetime in-app revenue", i.LifetimeRevenueUsd, "$",
            "secondary outlets (startupfeed.in, imp.news, Mar 2026); Appfigures' own figure not found; in-app consumer spending only");
        Derived("lifetime_revenue_in_compute_days", "lifetime revenue ÷ daily compute cost", i.LifetimeRevenueUsd / i.DailyComputeCostUsd, "days",
            "lifetime_revenue_usd / daily_compute_cost_usd");
        Input("peak_monthly_downloads", "peak monthly downloads (Nov 2025)", i.PeakMonthlyDownloads, "downloads/month",
            "pano.news 2026-03-26 (3.3M; the article's 3.33M has no source found)");
        Input("final_daily_users", "daily users at the end", i.FinalDailyUsers, "users/day", Wsj + " (\"below 500,000\"; the article says monthly users)");

        Input("api_usd_per_second", "Sora 2 API list price", i.ApiUsdPerSecond, "$/video-second", "cometapi, apiyi, ComfyUI pricing table (2025-11-05); catalog apis.csv");
        var apiPerClip = i.ApiUsdPerSecond * i.ClipSeconds;
        Derived("api_price_per_clip_usd", "API price of a 10-second clip", apiPerClip, "$", "api_usd_per_second × clip_seconds");
        Derived("api_gross_margin", "gross margin at the API list price", (apiPerClip - i.CostPerClipUsd) / apiPerClip, "fraction",
            "(api_price_per_clip_usd − cost_per_clip_usd) / api_price_per_clip_usd");
        Derived("break_even_usd_per_second", "API price per second that covers compute", i.CostPerClipUsd / i.ClipSeconds, "$/video-second",
            "cost_per_clip_usd / clip_seconds");
        Derived("efficiency_gain_needed_at_api_price", "inference must get this many times cheaper to break even at the API price",
            Math.Max(1, i.CostPerClipUsd / apiPerClip), "×", "cost_per_clip_usd / api_price_per_clip_usd");

        Input("consumer_spending_dec_2025_usd", "consumer spending, December 2025", i.ConsumerSpendingDec2025Usd, "$/month", "Appfigures via viqus.ai and forklog.com (Jan 2026)");
        var revenuePerDay = i.ConsumerSpendingDec2025Usd / 31;
        Derived("app_revenue_per_day_usd", "app revenue per day (December 2025)", revenuePerDay, "$/day", "consumer_spending_dec_2025_usd / 31");
        Derived("app_revenue_per_clip_usd", "app revenue per clip", revenuePerDay / clipsPerDay, "$", "app_revenue_per_day_usd / clips_per_day");
        Derived("efficiency_gain_needed_for_app_revenue", "inference must get this many times cheaper for app revenue to cover compute",
            i.DailyComputeCostUsd / revenuePerDay, "×", "daily_compute_cost_usd / app_revenue_per_day_usd");

        Input("later_daily_burn_usd", "later estimate of the daily burn", i.LaterDailyBurnUsd, "$/day", Wsj);
        Input("later_peak_daily_users", "daily users at the peak (later reporting)", i.LaterPeakDailyUsers, "users/day", Wsj);
        var laterClips = i.LaterDailyBurnUsd / i.CostPerClipUsd;
        Derived("later_clips_per_day", "clips per day implied by ~$1M/day at $1.30", laterClips, "clips/day", "later_daily_burn_usd / cost_per_clip_usd");
        var forbesIntensity = i.CreatorShare * i.ClipsPerCreatorPerDay;
        var laterIntensity = laterClips / i.LaterPeakDailyUsers;
        Derived("forbes_clips_per_user_per_day", "clips per active user per day, Forbes assumption", forbesIntensity, "clips/user/day", "creator_share × clips_per_creator_per_day");
        Derived("later_clips_per_user_per_day", "clips per daily user per day implied by ~$1M/day", laterIntensity, "clips/user/day", "later_clips_per_day / later_peak_daily_users");
        Derived("reconciliation_users_factor", "gap explained by users (4.5M active vs ~1M daily)", i.ActiveUsers / i.LaterPeakDailyUsers, "×", "active_users / later_peak_daily_users");
        Derived("reconciliation_intensity_factor", "gap explained by clips per user", forbesIntensity / laterIntensity, "×",
            "forbes_clips_per_user_per_day / later_clips_per_user_per_day");
        Derived("reconciliation_total_factor", "$15M/day over ~$1M/day", i.DailyComputeCostUsd / i.LaterDailyBurnUsd, "×", "daily_compute_cost_usd / later_daily_burn_usd");

        var (open, basis) = OpenModels(i, catalog, calibration);
        return new SoraCaseResult([.. f], open, basis);
    }

    private static (ImmutableArray<OpenModelClip> Clips, string Basis) OpenModels(SoraCaseInputs i, VideoCatalog catalog, CostCalibration calibration)
    {
        var gpu = catalog.FindGpu(i.OpenModelGpu).Value;
        if (gpu is null)
        {
            return ([], $"open-model comparison skipped: unknown GPU '{i.OpenModelGpu}'");
        }

        var price = catalog.FindPrice(i.OpenModelProvider, gpu.Id, CapacityClass.OnDemand, out _);
        var frames = (int)Math.Round(i.ClipSeconds * i.OpenModelFramesPerSecond) + 1;
        var priceText = price is null
            ? $"no on-demand price for {gpu.Id} at '{i.OpenModelProvider}'"
            : string.Create(CultureInfo.InvariantCulture, $"{price.ProviderName} on-demand ${price.UsdPerGpuHour:0.##}/GPU-h ({price.Provenance.AsOf})");
        var basis = string.Create(CultureInfo.InvariantCulture,
            $"{i.ClipSeconds:0} s at {i.OpenModelFramesPerSecond:0} fps ({frames} frames), {i.OpenModelWidth}×{i.OpenModelHeight}, default steps, {i.OpenModelGpus} × {gpu.Id} (Ulysses {i.OpenModelGpus}), {priceText}; open models are not Sora 2's quality or length: this prices the compute only");
        var clips = catalog.Models.Select(m =>
        {
            var request = new CostRequest
            {
                Model = m,
                Gpu = gpu,
                Clip = new ClipSpec { WidthPixels = i.OpenModelWidth, HeightPixels = i.OpenModelHeight, Frames = frames, Steps = m.DefaultSteps },
                Plan = new ParallelPlan { Gpus = i.OpenModelGpus, Ulysses = i.OpenModelGpus },
                UsdPerGpuHour = price?.UsdPerGpuHour,
            };
            var outcome = ClipCost.Estimate(request, calibration);
            return outcome.Estimate is { } e
                ? new OpenModelClip(m.Id, e.LatencySeconds, e.GpuSeconds, e.CostUsd, e.CostUsd / i.CostPerClipUsd, null)
                : new OpenModelClip(m.Id, null, null, null, null, string.Join("; ", CostRefusals.Of(outcome.Problems, "clip").Select(p => p.Text)));
        });
        return ([.. clips], basis);
    }
}
