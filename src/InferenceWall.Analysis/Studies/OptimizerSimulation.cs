using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Studies;

/// <summary>One candidate's simulated day: what its fleet paid per clip, and how many clips met the SLO.</summary>
/// <param name="Candidate">The option as the analytic ranking priced it.</param>
/// <param name="AnalyticRank">Its place in the analytic ranking (0: the cheapest).</param>
/// <param name="RealizedCostPerClipUsd">Cost per clip of the simulated day (the fleet it paid for, the other costs per clip added); null when it has none.</param>
/// <param name="SloAttainment">Share of the day's completed clips that finished within the SLO; null when it has none.</param>
/// <param name="LatencyP90Seconds">The day's 90th-percentile latency; null when it has none.</param>
/// <param name="Utilization">Share of the day's paid GPU time that was busy.</param>
/// <param name="MeetsSlo">Its attainment reached the target.</param>
/// <param name="Problems">Why its day has no figures (it did not finish, the fleet could not be built); empty when it has.</param>
public sealed record SimulatedCandidate(OptionResult Candidate, int AnalyticRank, double? RealizedCostPerClipUsd, double? SloAttainment, double? LatencyP90Seconds,
    double? Utilization, bool MeetsSlo, ImmutableArray<Problem> Problems);

/// <summary>The analytic ranking's cheapest options re-ranked by their simulated days.</summary>
/// <param name="Ranked">Those that meet the attainment target by realized cost, then the rest by attainment.</param>
/// <param name="Feasible">How many options the analytic ranking found feasible.</param>
/// <param name="Seed">The day seed every candidate used (common random numbers).</param>
/// <param name="AttainmentTarget">The share of clips that must meet the SLO.</param>
public sealed record SimulatedRanking(ImmutableArray<SimulatedCandidate> Ranked, int Feasible, ulong Seed, double AttainmentTarget)
{
    /// <summary>The cheapest simulated candidate that met the target; null when none did.</summary>
    public SimulatedCandidate? Best => Ranked.FirstOrDefault(c => c.MeetsSlo);
}

public static partial class Optimizer
{
    /// <summary>The most candidates simulated after the analytic ranking.</summary>
    public const int MaxSimulatedCandidates = 1_000;

    /// <summary>
    /// Simulates the day of the <paramref name="top"/> cheapest feasible options of <paramref name="result"/> (the
    /// analytic ranking prunes first), each with the same day seed and with every user tier held to
    /// <paramref name="sloSeconds"/>, and ranks them by the realized cost per clip of those whose SLO attainment reaches
    /// <paramref name="attainmentTarget"/>. Results are gathered by candidate, so any number of threads gives the same ranking.
    /// </summary>
    public static SimulatedRanking SimulateTop(OptimizationResult result, Scenario scenario, double sloSeconds, int top, ulong seed, double attainmentTarget,
        VideoCatalog catalog, CostCalibration calibration, int parallelism = 1, IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        var (candidates, feasible) = SimulationCandidates(result, top);
        var simulated = SimulateChunk(candidates, 0, candidates.Length, scenario, sloSeconds, seed, attainmentTarget, catalog, calibration, parallelism, progress, cancel);
        return Rank(simulated, feasible, seed, attainmentTarget);
    }

    /// <summary>The <paramref name="top"/> cheapest feasible options of <paramref name="result"/> in analytic order, and how many were feasible.</summary>
    public static (ImmutableArray<OptionResult> Candidates, int Feasible) SimulationCandidates(OptimizationResult result, int top)
    {
        ArgumentNullException.ThrowIfNull(result);
        var feasible = (result.Best is null ? [] : new[] { result.Best })
            .Concat(result.RunnersUp)
            .Concat(result.Lost.Where(o => o.Reason == LossReason.Price).OrderBy(o => o.CostPerClipUsd).ThenBy(o => o.LatencySeconds).ThenBy(o => o.Option.ToString(), StringComparer.Ordinal))
            .ToList();
        return ([.. feasible.Take(Math.Max(0, top))], feasible.Count);
    }

    /// <summary>
    /// The simulated days of candidates <paramref name="start"/> to start + count − 1 (a chunk by index, decision 0008):
    /// each depends on its candidate and the seed alone, so a chunk gives the same result on any worker.
    /// </summary>
    public static SimulatedCandidate[] SimulateChunk(IReadOnlyList<OptionResult> candidates, int start, int count, Scenario scenario, double sloSeconds, ulong seed,
        double attainmentTarget, VideoCatalog catalog, CostCalibration calibration, int parallelism = 1, IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + (long)count, candidates.Count, nameof(count));
        var simulated = new SimulatedCandidate[count];
        var done = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancel }, k =>
        {
            simulated[k] = SimulateOne(candidates[start + k], start + k, scenario, sloSeconds, seed, attainmentTarget, catalog, calibration, cancel);
            progress?.Report(new AnalysisProgress(Interlocked.Increment(ref done), count));
        });
        return simulated;
    }

    /// <summary>The simulated candidates ranked: those meeting the target by realized cost, then the rest by attainment; ties by analytic rank.</summary>
    public static SimulatedRanking Rank(IEnumerable<SimulatedCandidate> simulated, int feasible, ulong seed, double attainmentTarget)
    {
        ArgumentNullException.ThrowIfNull(simulated);
        var ranked = simulated
            .OrderByDescending(c => c.MeetsSlo)
            .ThenBy(c => c.MeetsSlo ? c.RealizedCostPerClipUsd ?? double.MaxValue : -(c.SloAttainment ?? -1))
            .ThenBy(c => c.AnalyticRank)
            .ToImmutableArray();
        return new SimulatedRanking(ranked, feasible, seed, attainmentTarget);
    }

    private static SimulatedCandidate SimulateOne(OptionResult candidate, int rank, Scenario scenario, double sloSeconds, ulong seed, double target,
        VideoCatalog catalog, CostCalibration calibration, CancellationToken cancel)
    {
        SimulatedCandidate No(ImmutableArray<Problem> problems) => new(candidate, rank, null, null, null, null, false, problems);
        var (variant, problem) = Variant(scenario, candidate.Option, catalog);
        if (variant is null)
        {
            return No([problem!]);
        }

        // Every user tier is held to the optimizer's SLO, so attainment measures the SLO the options were chosen for.
        var settings = variant.Simulation ?? new SimulationSettings();
        var tiers = variant.Users.Select(u => u.Tier).Distinct(StringComparer.Ordinal)
            .Select(t => (settings.Tiers.FirstOrDefault(x => x.Tier == t) ?? new TierSettings { Tier = t }) with { SloSeconds = sloSeconds })
            .ToImmutableArray();
        // The autoscaler adds capacity of the option's class: spot replicas for a spot option, on-demand ones otherwise
        // (a reserved option keeps the scenario's reserved replicas and bursts on demand).
        var autoscaler = settings.Autoscaler is { } a ? a with { SpotShare = candidate.Option.Capacity == CapacityClass.Spot ? 1 : 0 } : null;
        variant = variant with { Simulation = settings with { Tiers = tiers, Autoscaler = autoscaler } };
        var (day, dayProblems) = SimulatedDays.Run(variant, catalog, calibration, seed, cancel);
        if (day is null)
        {
            return No(dayProblems);
        }

        var (economics, problems) = UnitEconomics.Evaluate(variant, catalog, calibration, day.Compute, compareApis: false);
        if (economics is null)
        {
            return No(problems);
        }

        var attainment = day.Run.SloAttainment;
        return new SimulatedCandidate(candidate, rank, economics.CostPerClipUsd, attainment, double.IsFinite(day.Run.LatencyP90Seconds) ? day.Run.LatencyP90Seconds : null,
            day.Run.Utilization, attainment >= target, []);
    }

    /// <summary>What the simulated ranking did, in one sentence.</summary>
    public static string SimulatedNote(SimulatedRanking r) => string.Create(CultureInfo.InvariantCulture,
        $"the analytic ranking pruned {r.Feasible:N0} feasible options to the {r.Ranked.Length:N0} cheapest; each was simulated for a day with seed {r.Seed} (the same for all), every user tier held to the SLO, the autoscaler adding capacity of the option's class (on demand for a reserved option, above the scenario's reserved replicas), and ranked by realized cost per clip among those with at least {r.AttainmentTarget:P1} of clips within it");
}
