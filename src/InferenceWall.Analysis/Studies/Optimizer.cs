using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Studies;

/// <summary>
/// A deployment option: GPU, provider, capacity class, parallel plan and steps (null: each clip keeps the scenario's
/// own steps, for a mix whose clips differ in steps).
/// </summary>
public sealed record DeploymentOption(string Gpu, string Provider, CapacityClass Capacity, ParallelPlan Plan, int? Steps)
{
    /// <summary>The steps as run: a distill lever's, else the option's, else the scenario's.</summary>
    private string StepsText => Levers.FirstOrDefault(l => l.Kind == LeverKind.Distill) is { } d
        ? $"{d.Steps} steps (distilled)"
        : Steps is { } s ? $"{s} steps" : "the scenario's steps";

    /// <summary>Physics levers (levers.csv) applied on top of the deployment, in order; empty: none.</summary>
    public ImmutableArray<LeverSpec> Levers { get; init; } = [];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Plan.Gpus} × {Gpu} at {Provider} {Words.Capacity.Word(Capacity)}, {(Plan.CfgParallel > 1 ? $"CFG-parallel 2 × Ulysses {Plan.Ulysses}" : $"Ulysses {Plan.Ulysses}")}, {StepsText}")
        + (Levers.IsEmpty ? string.Empty : " + " + string.Join(" + ", Levers.Select(l => l.Id)));
}

/// <summary>Why an option was not chosen; each comes from the kind of the option's problem, never from its message.</summary>
public enum LossReason
{
    None,

    /// <summary>No catalog quote for the GPU at the provider in the class (<see cref="ProblemKind.NotFound"/>).</summary>
    NoPrice,

    /// <summary>The plan does not fit in GPU memory (<see cref="ProblemKind.Infeasible"/>).</summary>
    Memory,

    /// <summary>Slower than the SLO.</summary>
    Slo,

    /// <summary>Meets the SLO, but another option is cheaper.</summary>
    Price,

    /// <summary>The option cannot be costed as asked (catalog data missing, a plan the model or GPU does not support: <see cref="ProblemKind.BadInput"/>).</summary>
    Unsupported,
}

/// <summary>The catalog quote an option is priced at, with its date and source.</summary>
/// <param name="Dated">False when the quote's <c>as_of</c> names no date (<c>undated</c>, a commit id).</param>
public sealed record PriceQuote(string ProviderName, string Sku, string Region, string PricingModel, double UsdPerGpuHour, string AsOf, bool Dated, string Source);

/// <summary>One evaluated option: its figures, or why it cannot serve (<see cref="Problems"/> say it in full).</summary>
public sealed record OptionResult(DeploymentOption Option, double? LatencySeconds, double? CostPerClipUsd, double? DailyCostUsd, double? FleetGpus, LossReason Reason, string Detail,
    PriceQuote? Quote, ImmutableArray<Problem> Problems);

/// <param name="ScenarioSteps">The scenario's steps when every clip of its mix has the same; null when they differ.</param>
/// <param name="BestAtScenarioSteps">When <see cref="Best"/> changes the steps: the cheapest option that keeps the scenario's.</param>
/// <param name="Caveats">What the headline must say with the best option: a step count that changes quality, an undated quote, preemptible capacity.</param>
public sealed record OptimizationResult(OptionResult? Best, ImmutableArray<OptionResult> RunnersUp, ImmutableArray<OptionResult> Lost, int Evaluated,
    ImmutableDictionary<LossReason, int> LossCounts, int? ScenarioSteps, OptionResult? BestAtScenarioSteps, ImmutableArray<string> Caveats)
{
    /// <summary>For each GPU, the closest it came and why it lost (for "why each other option lost").</summary>
    public IEnumerable<OptionResult> BestPerGpu() => Lost.Concat(RunnersUp)
        .Where(o => Best is null || o.Option.Gpu != Best.Option.Gpu)
        .GroupBy(o => o.Option.Gpu)
        .Select(g => g.All(o => o.Reason == LossReason.NoPrice)
            ? g.First() with { Detail = $"no price for {g.Key} at any provider in the catalog; add a row for it to the catalog's prices.csv" }
            : g.OrderBy(o => Closeness(o.Reason)).ThenBy(o => o.CostPerClipUsd ?? double.MaxValue).First())
        .OrderBy(o => o.Option.Gpu, StringComparer.Ordinal);

    private static int Closeness(LossReason r) => r switch
    {
        LossReason.Price => 0,
        LossReason.Slo => 1,
        LossReason.Memory => 2,
        LossReason.Unsupported => 3,
        _ => 4,
    };
}

/// <summary>
/// The cheapest GPU × provider × capacity class × parallel plan × steps that meets a latency SLO and serves the
/// scenario's demand. Every option of the catalog is tried as a changed scenario checked by the scenario's rules;
/// each loser keeps its problems and the reason their kind gives (no price, memory, unsupported, SLO, price).
/// </summary>
public static partial class Optimizer
{
    public static readonly ImmutableArray<int> DefaultGpuCounts = [1, 2, 4, 8];

    /// <summary>The most options one search tries (about 20 s on two cores).</summary>
    public const int MaxOptions = 1_000_000;

    /// <summary>The one spelling of each loss reason.</summary>
    public static Vocabulary<LossReason> Reasons { get; } = new("loss reason",
        (LossReason.None, "none"), (LossReason.NoPrice, "noprice"), (LossReason.Memory, "memory"), (LossReason.Slo, "slo"), (LossReason.Price, "price"), (LossReason.Unsupported, "unsupported"));

    private static readonly CapacityClass[] Classes = [CapacityClass.OnDemand, CapacityClass.Reserved, CapacityClass.Spot];

    /// <summary>The steps every clip of the mix takes, when they all take the same (a clip without steps takes the model's default).</summary>
    public static int? UniformSteps(Scenario scenario, VideoModel model)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(model);
        var steps = scenario.Product.ClipMix.Select(m => m.Steps ?? model.DefaultSteps).Distinct().ToList();
        return steps.Count == 1 ? steps[0] : null;
    }

    /// <summary>
    /// The step counts tried when none are asked for: the scenario's own, and 60% and 40% of them (of the model's
    /// default where the clips differ). Fewer steps are a quality change; the result's caveats say so.
    /// </summary>
    public static ImmutableArray<int?> DefaultSteps(Scenario scenario, VideoModel model)
    {
        var own = UniformSteps(scenario, model);
        var basis = own ?? model!.DefaultSteps;
        int?[] fewer = [(int)Math.Round(basis * 0.6), (int)Math.Round(basis * 0.4)];
        return [.. new int?[] { own }.Concat(fewer.Where(s => s >= 1 && s != own)).Distinct()];
    }

    /// <summary>How many options a search tries, in double (never overflows).</summary>
    public static double OptionCount(VideoCatalog catalog, VideoModel model, int stepCounts, IEnumerable<int> gpuCounts)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        return (double)catalog.Gpus.Length * catalog.ProviderIds.Count() * Classes.Length * Plans(gpuCounts, model.UsesCfg).Count() * stepCounts;
    }

    /// <summary>The scenario as one option runs it: its GPU, plan and steps, all its capacity of one class at the provider's catalog price.</summary>
    public static Scenario Apply(Scenario scenario, DeploymentOption option)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(option);
        var mix = option.Steps is { } steps ? [.. scenario.Product.ClipMix.Select(m => m with { Steps = steps })] : scenario.Product.ClipMix;
        return scenario with
        {
            Product = scenario.Product with { Gpu = option.Gpu, Plan = option.Plan, ClipMix = mix },
            Capacity = new CapacitySpec
            {
                Provider = option.Provider,
                ReservedShare = option.Capacity == CapacityClass.Reserved ? 1 : 0,
                OnDemandShare = option.Capacity == CapacityClass.OnDemand ? 1 : 0,
                SpotShare = option.Capacity == CapacityClass.Spot ? 1 : 0,
            },
        };
    }

    public static OptimizationResult Run(Scenario scenario, double sloSeconds, IReadOnlyList<int?> stepCounts, IReadOnlyList<int> gpuCounts, VideoCatalog catalog, CostCalibration calibration,
        int parallelism = 1, IProgress<AnalysisProgress>? progress = null, IReadOnlyList<ImmutableArray<LeverSpec>>? leverSets = null, CancellationToken cancel = default)
    {
        leverSets ??= [[]];
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(stepCounts);
        ArgumentNullException.ThrowIfNull(gpuCounts);
        ArgumentNullException.ThrowIfNull(catalog);
        var model = catalog.FindModel(scenario.Product.Model).Value ?? throw new ArgumentException($"unknown model '{scenario.Product.Model}'", nameof(scenario));
        var clipsPerDay = scenario.Users.Sum(u => u.Users * u.ClipsPerUserPerDay);
        var options = new List<DeploymentOption>();
        foreach (var gpu in catalog.Gpus)
        {
            foreach (var provider in catalog.ProviderIds)
            {
                foreach (var capacity in Classes)
                {
                    foreach (var plan in Plans(gpuCounts, model.UsesCfg))
                    {
                        foreach (var steps in stepCounts)
                        {
                            // A distilled model runs its own steps: it pairs with the first step count only.
                            foreach (var set in leverSets.Where(set => steps == stepCounts[0] || !set.Any(l => l.Kind == LeverKind.Distill)))
                            {
                                options.Add(new DeploymentOption(gpu.Id, provider, capacity, plan, steps) { Levers = set });
                            }
                        }
                    }
                }
            }
        }

        var results = new OptionResult[options.Count];
        var done = 0;
        Parallel.For(0, options.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancel }, i =>
        {
            results[i] = Evaluate(options[i], scenario, model, sloSeconds, clipsPerDay, catalog, calibration);
            var n = Interlocked.Increment(ref done);
            if ((n & 255) == 0 || n == options.Count)
            {
                progress?.Report(new AnalysisProgress(n, options.Count));
            }
        });

        var feasible = results.Where(r => r.Reason == LossReason.None).OrderBy(r => r.CostPerClipUsd).ThenBy(r => r.LatencySeconds).ThenBy(r => r.Option.ToString(), StringComparer.Ordinal).ToList();
        var best = feasible.FirstOrDefault();
        var priced = feasible.Skip(1).Select(r => r with
        {
            Reason = LossReason.Price,
            Detail = string.Create(CultureInfo.InvariantCulture, $"${r.CostPerClipUsd:0.####} per clip, {r.CostPerClipUsd / best!.CostPerClipUsd:0.00}× the cheapest"),
        }).ToList();
        // GetRange, not Skip: Skip past the end of a list inside Concat throws in .NET 10 (the crash when no option met the SLO).
        var runnersUp = priced.GetRange(0, Math.Min(5, priced.Count));
        var lost = results.Where(r => r.Reason != LossReason.None).Concat(priced.GetRange(runnersUp.Count, priced.Count - runnersUp.Count)).ToImmutableArray();
        var counts = lost.Concat(runnersUp).GroupBy(r => r.Reason).ToImmutableDictionary(g => g.Key, g => g.Count());

        var own = UniformSteps(scenario, model);
        bool KeepsSteps(DeploymentOption o) => (o.Steps is null || o.Steps == own) && !o.Levers.Any(l => l.Kind == LeverKind.Distill);
        var atOwn = best is null || KeepsSteps(best.Option) ? null : feasible.FirstOrDefault(r => KeepsSteps(r.Option));
        return new OptimizationResult(best, [.. runnersUp], lost, results.Length, counts, own, atOwn, best is null ? [] : Caveats(best, own, atOwn));
    }

    /// <summary>
    /// The problem when no option meets the SLO: valid input without an answer (<see cref="ProblemKind.Infeasible"/>),
    /// with what stopped the options and the SLO the fastest costed option would meet.
    /// </summary>
    public static Problem NoOption(OptimizationResult result, double sloSeconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        var all = result.Lost.Concat(result.RunnersUp).ToList();
        var why = string.Join(", ", result.LossCounts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value:N0} {Describe(kv.Key)}"));
        var fastest = all.Where(o => o.LatencySeconds is not null).MinBy(o => o.LatencySeconds);
        return Problem.Infeasible("slo_s", string.Create(CultureInfo.InvariantCulture, $"no option meets the {sloSeconds:G6} s SLO ({result.Evaluated:N0} tried: {why})"),
            fastest is null
                ? "no option could be costed: add prices to the catalog's prices.csv, or try more GPUs per clip"
                : string.Create(CultureInfo.InvariantCulture, $"the fastest costed option, {fastest.Option}, takes {fastest.LatencySeconds:0.#} s: give an SLO of at least that, or try more GPUs per clip"));
    }

    private static string Describe(LossReason r) => r switch
    {
        LossReason.NoPrice => "have no price",
        LossReason.Memory => "do not fit in memory",
        LossReason.Slo => "are slower than the SLO",
        LossReason.Unsupported => "cannot be costed as asked",
        _ => "other",
    };

    private static ImmutableArray<string> Caveats(OptionResult best, int? own, OptionResult? atOwn)
    {
        var caveats = ImmutableArray.CreateBuilder<string>();
        if (best.Option.Steps is { } steps && steps != own)
        {
            var scenarioSteps = own is { } s ? s.ToString(CultureInfo.InvariantCulture) : "own (they differ by clip)";
            caveats.Add(string.Create(CultureInfo.InvariantCulture,
                $"{steps} denoising steps instead of the scenario's {scenarioSteps}: {(own is { } o && steps > o ? "more" : "fewer")} steps change the video's quality, so check it before relying on this price; ") +
                (atOwn is { } a
                    ? string.Create(CultureInfo.InvariantCulture, $"at the scenario's steps the cheapest is {a.Option} at ${a.CostPerClipUsd:0.####} per clip")
                    : "no option at the scenario's steps meets the SLO"));
        }

        if (best.Quote is { } q)
        {
            caveats.Add(q.Dated
                ? $"priced at {q.ProviderName}'s {q.Sku} quote of {q.AsOf} (source: {q.Source})"
                : $"priced at an undated quote for {q.ProviderName}'s {q.Sku} (as of: '{q.AsOf}'; source: {q.Source}): check the current price before relying on it");
        }

        // A lever whose source publishes no change in quality (compile, hardware) needs no caveat; the others do.
        var changing = best.Option.Levers.Where(l => l.QualityDelta is not 0).ToList();
        if (changing.Count > 0)
        {
            caveats.Add("with " + string.Join(", ", changing.Select(l => $"{l.Id} ({l.QualityNote})")) + ": it changes the model or its output, so check its quality cost");
        }

        if (best.Option.Capacity == CapacityClass.Spot)
        {
            caveats.Add("spot capacity can be taken back at any time: the cost of preemption (lost work, retries, spare capacity held to absorb it) is not in this average-load price; simulate the scenario with simulation.spot_preemptions_per_hour to see it");
        }

        return caveats.ToImmutable();
    }

    /// <summary>Ulysses over all GPUs, and CFG-parallel 2 × Ulysses where the model uses guidance.</summary>
    private static IEnumerable<ParallelPlan> Plans(IEnumerable<int> gpuCounts, bool cfg)
    {
        foreach (var g in gpuCounts)
        {
            yield return new ParallelPlan { Gpus = g, Ulysses = g };
            if (cfg && g >= 2 && g % 2 == 0)
            {
                yield return new ParallelPlan { Gpus = g, Ulysses = g / 2, CfgParallel = 2 };
            }
        }
    }

    /// <summary>The scenario as an option runs it, its levers applied in order; or the problem of the lever refused.</summary>
    public static (Scenario? Scenario, Problem? Problem) Variant(Scenario scenario, DeploymentOption option, VideoCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(option);
        var variant = Apply(scenario, option);
        var applied = new List<LeverSpec>();
        foreach (var lever in option.Levers)
        {
            var (next, refusal) = Levers.Apply(variant, lever, applied, catalog);
            if (next is null)
            {
                return (null, Problem.BadInput("levers", $"lever {lever.Id}: {refusal}", "the option is left out; other lever sets are tried"));
            }

            variant = next;
            applied.Add(lever);
        }

        return (variant, null);
    }

    private static OptionResult Evaluate(DeploymentOption o, Scenario scenario, VideoModel model, double slo, double clipsPerDay, VideoCatalog catalog, CostCalibration calibration)
    {
        var gpu = catalog.FindGpu(o.Gpu).Value!;
        var price = catalog.FindPrice(o.Provider, gpu.Id, o.Capacity, out _);
        if (price is null)
        {
            return Lose(o, null, [Problem.NotFound("capacity.provider", $"no {Words.Capacity.Word(o.Capacity)} price for {gpu.Id} at {o.Provider}", "add a row for it to the catalog's prices.csv")]);
        }

        var quote = new PriceQuote(price.ProviderName, price.Sku, price.Region, price.PricingModel, price.UsdPerGpuHour, price.Provenance.AsOf, QuoteDate.Parse(price.Provenance.AsOf) is not null, price.Provenance.Source);
        var (levered, leverProblem) = Variant(scenario, o, catalog);
        if (levered is not { } variant)
        {
            return Lose(o, quote, [leverProblem!]);
        }

        var rules = ScenarioRules.Check(variant);
        if (!rules.IsEmpty)
        {
            return Lose(o, quote, rules);
        }

        var (stack, stackProblem) = ClipCosting.Stack(catalog, variant.Product.Stack, "product.stack");
        if (stackProblem is not null)
        {
            return Lose(o, quote, [stackProblem]);
        }

        var (upscaler, upscalerProblem) = ClipCosting.Upscaler(catalog, variant.Product);
        if (upscalerProblem is not null)
        {
            return Lose(o, quote, [upscalerProblem]);
        }

        double latency = 0, gpuSeconds = 0;
        for (var i = 0; i < variant.Product.ClipMix.Length; i++)
        {
            var item = variant.Product.ClipMix[i];
            var outcome = ClipCost.Estimate(ClipCosting.Request(variant, item, model, gpu, stack, upscaler: upscaler), calibration);
            if (outcome.Estimate is not { } e)
            {
                return Lose(o, quote, [.. CostRefusals.Of(outcome.Problems, $"product.clip_mix[{i}]")]);
            }

            latency = Math.Max(latency, e.LatencySeconds);
            gpuSeconds += item.Share * e.GpuSeconds;
        }

        var costPerClip = ClipCosting.ComputeUsd(gpuSeconds, price.UsdPerGpuHour, variant.Product.Utilization);
        var fleetGpus = clipsPerDay * gpuSeconds / 86_400 / variant.Product.Utilization;
        return latency > slo
            ? new OptionResult(o, latency, costPerClip, costPerClip * clipsPerDay, fleetGpus, LossReason.Slo,
                string.Create(CultureInfo.InvariantCulture, $"latency {latency:0.#} s > SLO {slo:0.#} s"), quote, [])
            : new OptionResult(o, latency, costPerClip, costPerClip * clipsPerDay, fleetGpus, LossReason.None, string.Empty, quote, []);
    }

    /// <summary>
    /// A losing option; its reason comes from its problems' kinds: a missing quote is not found (no price), a plan
    /// that does not fit is infeasible (memory), anything else cannot be costed as asked (unsupported).
    /// </summary>
    private static OptionResult Lose(DeploymentOption o, PriceQuote? quote, ImmutableArray<Problem> problems)
    {
        var reason = problems.All(p => p.Kind == ProblemKind.Infeasible) ? LossReason.Memory
            : problems.Any(p => p.Kind == ProblemKind.NotFound) ? LossReason.NoPrice
            : LossReason.Unsupported;
        return new OptionResult(o, null, null, null, null, reason, string.Join("; ", problems.Select(p => p.Text)), quote, problems);
    }
}
