using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Studies;

/// <summary>One lever applied in a walk: what it did to the cost per clip, or why it was refused.</summary>
/// <param name="Lever">The lever.</param>
/// <param name="Factor">Cost per clip after ÷ before (1 when refused).</param>
/// <param name="CostPerClipUsd">Cost per clip after this step (the product of the factors so far × the start).</param>
/// <param name="Bound">The least factor its physics allows (a step cache computing 40% of the steps cannot go below 0.4); 0 for price levers.</param>
/// <param name="Refusal">Why the lever was not applied (its combination rule, or the cost model refusing the result); null when applied.</param>
public sealed record LeverStep(LeverSpec Lever, double Factor, double CostPerClipUsd, double Bound, string? Refusal);

/// <summary>A waterfall: the cost per clip today, then through each lever in order.</summary>
public sealed record LeverWalk(PointMetrics Start, ImmutableArray<LeverStep> Steps, PointMetrics End, Scenario EndScenario)
{
    /// <summary>The product of the applied factors: end cost ÷ start cost.</summary>
    public double Factor => End.CostPerClipUsd / Start.CostPerClipUsd;
}

/// <summary>A set of levers and what it costs per clip, with its quality cost.</summary>
/// <param name="Levers">The levers, in catalog order.</param>
/// <param name="CostPerClipUsd">Cost per clip with all of them.</param>
/// <param name="UnpublishedQuality">How many of them have no published quality figure (no metric and no delta).</param>
/// <param name="PublishedQualityLoss">The sum of the published quality losses (the metric's units, losses positive).</param>
public sealed record LeverSet(ImmutableArray<LeverSpec> Levers, double CostPerClipUsd, int UnpublishedQuality, double PublishedQualityLoss);

/// <summary>The search over lever sets: the sets that cross the wall, ranked by quality cost, or the best that does not.</summary>
/// <param name="RevenuePerClipUsd">The wall: what a clip earns.</param>
/// <param name="Crossing">Sets whose cost per clip is at or under the wall, fewest unpublished quality figures first, then the smallest published loss, then the cheapest.</param>
/// <param name="Cheapest">The cheapest set found, crossing or not.</param>
/// <param name="SetsTried">How many lever sets were priced.</param>
/// <param name="SetsRefused">How many were refused by a combination rule or the cost model.</param>
public sealed record LeverSearch(double RevenuePerClipUsd, ImmutableArray<LeverSet> Crossing, LeverSet? Cheapest, long SetsTried, long SetsRefused)
{
    /// <summary>The cheapest set's cost over the wall: how far short it stays (below 1: it crosses).</summary>
    public double? Shortfall => Cheapest is { } c && RevenuePerClipUsd > 0 ? c.CostPerClipUsd / RevenuePerClipUsd : null;
}

/// <summary>
/// Prices efficiency levers (the catalog's <c>levers.csv</c>) through the cost model and economics: each lever is a
/// typed change to the scenario, so a lever's factor is what the physics gives, never a free multiplier.
/// </summary>
public static class Levers
{
    /// <summary>The most lever sets <see cref="Search"/> prices; a catalog that makes more is refused with this figure.</summary>
    public const long MaxSets = 200_000;

    /// <summary>How many crossing sets a search keeps, best first.</summary>
    public const int KeptSets = 10;

    /// <summary>
    /// The scenario with the lever applied after <paramref name="applied"/>, or why it cannot be: the lever exists for
    /// other models, a lever it does not combine with is already applied, one of its kind is, or too few steps are left
    /// for a step cache.
    /// </summary>
    public static (Scenario? Scenario, string? Refusal) Apply(Scenario scenario, LeverSpec lever, IReadOnlyList<LeverSpec> applied, VideoCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(lever);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(catalog);
        var product = scenario.Product;
        var model = catalog.FindModel(product.Model).Value;
        if (lever.Models.Length > 0 && (model is null || !lever.Models.Contains(model.Id, StringComparer.OrdinalIgnoreCase)))
        {
            return (null, $"exists for {string.Join(", ", lever.Models)} only; the scenario runs {product.Model}");
        }

        if (applied.FirstOrDefault(a => a.Kind == lever.Kind) is { } same)
        {
            return (null, $"a second {Words.LeverKind.Word(lever.Kind)} lever: {same.Id} is already applied, and two do not stack");
        }

        if (applied.FirstOrDefault(a => lever.Excludes.Contains(a.Id, StringComparer.OrdinalIgnoreCase) || a.Excludes.Contains(lever.Id, StringComparer.OrdinalIgnoreCase)) is { } excluded)
        {
            return (null, $"does not combine with {excluded.Id} (its source's rule)");
        }

        if (lever.Kind == LeverKind.Distill && applied.FirstOrDefault(a => a.MinSteps > lever.Steps) is { } cache)
        {
            return (null, $"{cache.Id} is applied, and its source measured it on {cache.MinSteps} or more steps; a {lever.Steps}-step model leaves little for it to skip");
        }

        if (lever.MinSteps is { } min && model is not null)
        {
            var fewest = product.ClipMix.Min(m => m.Steps ?? model.DefaultSteps);
            if (fewest < min)
            {
                return (null, $"its source measured it on {min} or more steps; the scenario runs {fewest}, which leaves little for a step cache to skip");
            }
        }

        if (lever.Kind == LeverKind.Plan && product.Plan.Gpus == lever.Gpus)
        {
            return (null, $"the scenario already runs {lever.Gpus} GPU{(lever.Gpus == 1 ? string.Empty : "s")} per clip");
        }

        if (lever.Kind == LeverKind.Resolution && product.ClipMix.All(m => m.HeightPixels <= lever.GenerateHeightPixels))
        {
            return (null, $"every clip of the mix is already {lever.GenerateHeightPixels} px high or less: nothing to upscale");
        }

        if (lever.Kind is LeverKind.Gpu or LeverKind.Provider or LeverKind.Capacity && scenario.Capacity.Owned)
        {
            return (null, "the fleet is owned: there is no cloud price for this lever to change");
        }

        var changed = lever.Kind switch
        {
            LeverKind.Gpu => OnGpu(scenario, lever.Gpu!, catalog),
            LeverKind.Provider => OnGpu(scenario, product.Gpu, catalog),
            LeverKind.Capacity => scenario with
            {
                Capacity = scenario.Capacity with
                {
                    SpotShare = lever.Capacity == CapacityClass.Spot ? 1 : 0,
                    ReservedShare = lever.Capacity == CapacityClass.Reserved ? 1 : 0,
                    OnDemandShare = 0,
                },
            },
            LeverKind.Precision => scenario with { Product = product with { Precision = lever.Precision!.Value } },
            LeverKind.Distill => WithMix(scenario, m => m with { Steps = lever.Steps, Cfg = lever.RemovesCfg ? false : m.Cfg }),
            LeverKind.CfgOff => WithMix(scenario, m => m with { Cfg = false }),
            LeverKind.AttentionKernel => scenario with { Product = product with { AttentionKernel = lever.AttentionKernel!.Value } },
            LeverKind.SparseAttention => scenario with { Product = product with { AttentionKeep = product.AttentionKeep * lever.Share!.Value } },
            LeverKind.StepCache => scenario with { Product = product with { ComputedStepShare = product.ComputedStepShare * lever.Share!.Value } },
            LeverKind.Utilization => scenario with { Product = product with { Utilization = lever.Share!.Value } },
            LeverKind.Batching => scenario with { Product = product with { BatchSize = lever.Batch!.Value } },
            LeverKind.Plan => ScenarioFields.Set(scenario, "product.gpus_per_clip", lever.Gpus!.Value).Scenario,
            LeverKind.Resolution => scenario with { Product = product with { Upscaler = lever.Upscaler, GenerateHeightPixels = lever.GenerateHeightPixels } },
            _ => scenario with { Product = product with { Compiled = true } },
        };
        return changed is not null ? (changed, null)
            : lever.Kind == LeverKind.Plan ? (null, $"{lever.Gpus} GPUs per clip is not a plan for this scenario (the other parallel degrees must divide it)")
            : (null, $"no catalog provider quotes {lever.Gpu ?? product.Gpu} on demand");
    }

    /// <summary>
    /// The least factor a lever's physics allows on the cost per clip: the share of the work it leaves (other phases and
    /// other costs do not shrink). Price levers have no floor (0).
    /// </summary>
    public static double Bound(LeverSpec lever, Scenario before, VideoCatalog catalog, CostCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(lever);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(calibration);
        var model = catalog.FindModel(before.Product.Model).Value;
        var gpu = catalog.FindGpu(before.Product.Gpu).Value;
        switch (lever.Kind)
        {
            case LeverKind.Distill when model is not null:
                // Fewest steps kept of any clip, and one branch where guidance goes.
                return before.Product.ClipMix.Min(m =>
                    (double)lever.Steps!.Value / (m.Steps ?? model.DefaultSteps) * (lever.RemovesCfg && (m.Cfg ?? model.UsesCfg) ? 0.5 : 1.0));
            case LeverKind.CfgOff:
                return 0.5;
            case LeverKind.StepCache:
            case LeverKind.SparseAttention:
                return lever.Share!.Value;
            case LeverKind.AttentionKernel:
                return 0.5; // SageAttention computes QKᵀ in 8 bits: at most twice the 16-bit rate (the cost model's ceiling)
            case LeverKind.Precision when gpu is not null:
                var from = gpu.PeakFlopsPerSecond(before.Product.Precision);
                var to = gpu.PeakFlopsPerSecond(lever.Precision!.Value);
                return from is { } f && to is { } t && t > f ? f / t : 1.0;
            case LeverKind.Compile:
                return Math.Min(1.0, calibration.CompiledScale);
            case LeverKind.Batching when model is not null && gpu is not null:
                // Text encoding, decoding and the per-clip overhead do not shrink; at most the denoising does, to 1/b.
                return BatchingBound(lever.Batch!.Value, before, model, gpu, catalog, calibration);
            case LeverKind.Resolution:
                // Generating p times fewer pixels shrinks dense work by p and attention by p²; nothing shrinks more (the
                // upscaler only adds). The least share over the mix.
                return before.Product.ClipMix.Min(m =>
                {
                    if (m.HeightPixels <= lever.GenerateHeightPixels!.Value)
                    {
                        return 1.0;
                    }

                    var (w, h) = ClipCosting.GeneratedSize(m.WidthPixels, m.HeightPixels, lever.GenerateHeightPixels.Value);
                    var share = (double)w * h / ((double)m.WidthPixels * m.HeightPixels);
                    return share * share;
                });
            case LeverKind.Utilization:
                // Compute cost scales with 1 / utilization; other costs do not move.
                return Math.Min(1.0, before.Product.Utilization / lever.Share!.Value);
            default:
                return 0.0;
        }
    }

    /// <summary>
    /// Why a lever that trades latency for cost is refused: a batch that makes the clip less than
    /// <see cref="ClipCosting.BatchingThreshold"/> cheaper (its latency grows about b times for next to nothing), or a
    /// batch or plan whose mean latency passes the tightest SLO the scenario states.
    /// </summary>
    private static string? LatencyRefusal(LeverSpec lever, Scenario batched, PointMetrics after, double factor)
    {
        if (lever.Kind == LeverKind.Batching && 1 / factor < ClipCosting.BatchingThreshold)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"does not pay: the cost model gives ×{factor:0.000} (under {ClipCosting.BatchingThreshold - 1:P0} cheaper) for about {batched.Product.BatchSize}× the latency; the transformer is compute-bound here");
        }

        var slo = batched.Simulation?.Tiers.Where(t => t.SloSeconds is not null).Select(t => t.SloSeconds!.Value).DefaultIfEmpty(double.PositiveInfinity).Min() ?? double.PositiveInfinity;
        return after.LatencySeconds > slo
            ? string.Create(CultureInfo.InvariantCulture, $"the mean latency after it, {after.LatencySeconds:0.#} s, passes the scenario's tightest SLO of {slo:0.#} s")
            : null;
    }

    /// <summary>
    /// A batch of b clips shrinks at most the denoising, to 1/b of one clip's (the math is every clip's; the weights,
    /// launches and collectives' latency are shared): the least per-clip share over the mix, text encoding, decoding
    /// and the per-clip overhead unchanged. 1 where a clip cannot be costed.
    /// </summary>
    private static double BatchingBound(int batch, Scenario before, VideoModel model, Gpu gpu, VideoCatalog catalog, CostCalibration calibration)
    {
        var (stack, _) = ClipCosting.Stack(catalog, before.Product.Stack, "product.stack");
        var (upscaler, _) = ClipCosting.Upscaler(catalog, before.Product);
        var bound = 1.0;
        foreach (var item in before.Product.ClipMix)
        {
            if (ClipCost.Estimate(ClipCosting.Request(before, item, model, gpu, stack, upscaler: upscaler) with { BatchSize = 1 }, calibration).Estimate is { } one)
            {
                var denoise = one.Seconds(Phase.Denoise) / one.LatencySeconds;
                bound = Math.Min(bound, 1 - (denoise * (1 - (1.0 / batch))));
            }
        }

        return bound;
    }

    /// <summary>
    /// One lever applied after <paramref name="applied"/> to a scenario whose figures are <paramref name="before"/>: the
    /// step (factor 1 with the reason when refused), and the scenario and figures after it (null when refused). A factor
    /// under the lever's physics floor is a bug, never an answer.
    /// </summary>
    private static (LeverStep Step, Scenario? After, PointMetrics? Metrics) Step(Scenario current, PointMetrics before, LeverSpec lever, IReadOnlyList<LeverSpec> applied,
        VideoCatalog catalog, CostCalibration calibration)
    {
        var (next, refusal) = Apply(current, lever, applied, catalog);
        PointMetrics? after = null;
        if (next is not null)
        {
            var (m, why) = PointMetrics.Evaluate(next, 1, catalog, calibration);
            after = m;
            refusal = m is null ? "the cost model refuses the result: " + string.Join("; ", why.Select(p => p.Text)) : null;
        }

        if (after is null)
        {
            return (new LeverStep(lever, 1.0, before.CostPerClipUsd, 0, refusal), null, null);
        }

        var factor = after.CostPerClipUsd / before.CostPerClipUsd;
        if (lever.Kind is LeverKind.Batching or LeverKind.Plan && LatencyRefusal(lever, next!, after, factor) is { } no)
        {
            return (new LeverStep(lever, 1.0, before.CostPerClipUsd, 0, no), null, null);
        }

        var bound = Bound(lever, current, catalog, calibration);
        if (factor < bound * (1 - 1e-9))
        {
            throw new InvalidOperationException($"lever {lever.Id} claims a factor of {factor:R}, under its physical floor of {bound:R}");
        }

        return (new LeverStep(lever, factor, after.CostPerClipUsd, bound, null), next, after);
    }

    /// <summary>The waterfall: each lever in order, its factor through the cost model, refused levers with their reason.</summary>
    public static (LeverWalk? Walk, ImmutableArray<Problem> Problems) Walk(Scenario scenario, IReadOnlyList<LeverSpec> levers, VideoCatalog catalog, CostCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(levers);
        var (start, problems) = PointMetrics.Evaluate(scenario, 1, catalog, calibration);
        if (start is null)
        {
            return (null, problems);
        }

        var steps = ImmutableArray.CreateBuilder<LeverStep>();
        var applied = new List<LeverSpec>();
        var current = scenario;
        var metrics = start;
        foreach (var lever in levers)
        {
            var (step, next, after) = Step(current, metrics, lever, applied, catalog, calibration);
            steps.Add(step);
            if (step.Refusal is null)
            {
                applied.Add(lever);
                current = next!;
                metrics = after!;
            }
        }

        return (new LeverWalk(start, steps.ToImmutable(), metrics, current), []);
    }

    /// <summary>
    /// Every set of at most one lever per kind that applies to the scenario, priced; the sets that cross the wall ranked
    /// by quality cost (fewest unpublished figures, then the smallest published loss, then the cheapest), and the
    /// cheapest set. Refused with the figure when the catalog makes more than <see cref="MaxSets"/> sets.
    /// </summary>
    public static (LeverSearch? Search, ImmutableArray<Problem> Problems) Search(Scenario scenario, IReadOnlyList<LeverSpec> levers, VideoCatalog catalog, CostCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(levers);
        var (start, problems) = PointMetrics.Evaluate(scenario, 1, catalog, calibration);
        if (start is null)
        {
            return (null, problems);
        }

        var crossing = new List<LeverSet>();
        LeverSet? cheapest = null;
        var (sets, tried, refused, limit) = Enumerate(scenario, levers, catalog, calibration);
        if (limit is not null)
        {
            return (null, [limit]);
        }

        foreach (var priced in sets)
        {
            if (cheapest is null || priced.CostPerClipUsd < cheapest.CostPerClipUsd * (1 - 1e-9)
                || (priced.CostPerClipUsd <= cheapest.CostPerClipUsd * (1 + 1e-9) && priced.Levers.Length < cheapest.Levers.Length))
            {
                cheapest = priced;
            }

            if (start.RevenuePerClipUsd > 0 && priced.CostPerClipUsd <= start.RevenuePerClipUsd)
            {
                crossing.Add(priced);
            }
        }

        // Sets that cost the same are the same choice (a lever in them changed nothing): the one with the fewest levers stands for them.
        var ranked = crossing
            .OrderBy(s => s.UnpublishedQuality).ThenBy(s => s.PublishedQualityLoss).ThenBy(s => s.CostPerClipUsd).ThenBy(s => s.Levers.Length)
            .DistinctBy(s => (s.UnpublishedQuality, s.PublishedQualityLoss, Math.Round(s.CostPerClipUsd, 9)))
            .Take(KeptSets).ToImmutableArray();
        return (new LeverSearch(start.RevenuePerClipUsd, ranked, cheapest, tried, refused), []);
    }

    /// <summary>
    /// The <paramref name="count"/> cheapest distinct lever sets of these levers on the scenario (the empty set among
    /// them), cheapest first; sets that cost the same count once, with the fewest levers. Refused like <see cref="Search"/>.
    /// </summary>
    public static (ImmutableArray<LeverSet> Sets, ImmutableArray<Problem> Problems) Cheapest(Scenario scenario, IReadOnlyList<LeverSpec> levers, VideoCatalog catalog, CostCalibration calibration, int count)
    {
        var (sets, _, _, limit) = Enumerate(scenario, levers, catalog, calibration);
        return limit is not null
            ? ([], [limit])
            : ([.. sets.OrderBy(s => s.CostPerClipUsd).ThenBy(s => s.Levers.Length).DistinctBy(s => Math.Round(s.CostPerClipUsd, 9)).Take(count)], []);
    }

    /// <summary>
    /// Every set of at most one lever per kind that applies, priced in the canonical order; the refused ones counted.
    /// A depth-first walk in that order applies each lever once per prefix, and a prefix a rule refuses refuses every
    /// set that extends it (counted, not priced). The sets come back in one fixed order (the first kind listed in the
    /// catalog varying fastest), so ties resolve the same way however the walk runs.
    /// </summary>
    private static (List<LeverSet> Sets, long Tried, long Refused, Problem? Limit) Enumerate(Scenario scenario, IReadOnlyList<LeverSpec> levers, VideoCatalog catalog, CostCalibration calibration)
    {
        // Only levers that apply on their own can be part of a set; one option (or none) per kind.
        var usable = levers.Where(l => Apply(scenario, l, [], catalog).Scenario is not null).ToList();
        var kinds = usable.GroupBy(l => l.Kind).Select(g => g.ToList()).ToList();
        var count = kinds.Aggregate(1L, (n, g) => n > MaxSets ? n : n * (g.Count + 1));
        if (count > MaxSets)
        {
            return ([], 0, 0, Problem.LimitExceeded("levers", $"the catalog's levers make more than {MaxSets:N0} sets to price, above the limit of {MaxSets:N0}",
                "apply fewer levers, or give fewer options per kind in levers.csv"));
        }

        // A set applies in the canonical order: hardware and price first (a GPU lever picks its provider), then the
        // model's physics, caches, compile, then the resolution and batching (which price what the others left).
        // Each kind's place value in the output order is that of the odometer over the kinds as the catalog lists them.
        var place = new long[kinds.Count];
        for (var d = 0; d < kinds.Count; d++)
        {
            place[d] = d == 0 ? 1 : place[d - 1] * (kinds[d - 1].Count + 1);
        }

        var walk = Enumerable.Range(0, kinds.Count).OrderBy(d => (int)kinds[d][0].Kind).ToArray();
        var sets = new List<(long Index, LeverSet Set)>();
        long tried = 0, refused = 0;
        var applied = new List<LeverSpec>();
        Scenario? beforeBatching = null;

        void Visit(int depth, Scenario current, long index)
        {
            if (depth == walk.Length)
            {
                tried++;
                if (Price(current, applied, beforeBatching, catalog, calibration) is { } priced)
                {
                    sets.Add((index, priced));
                }
                else
                {
                    refused++;
                }

                return;
            }

            var d = walk[depth];
            Visit(depth + 1, current, index);
            for (var o = 0; o < kinds[d].Count; o++)
            {
                var lever = kinds[d][o];
                var (next, _) = Apply(current, lever, applied, catalog);
                if (next is null)
                {
                    // Every set that extends this prefix is refused by the same rule.
                    var extensions = walk.Skip(depth + 1).Aggregate(1L, (n, k) => n * (kinds[k].Count + 1));
                    tried += extensions;
                    refused += extensions;
                    continue;
                }

                applied.Add(lever);
                beforeBatching = lever.Kind == LeverKind.Batching ? current : beforeBatching;
                Visit(depth + 1, next, index + ((o + 1) * place[d]));
                beforeBatching = lever.Kind == LeverKind.Batching ? null : beforeBatching;
                applied.RemoveAt(applied.Count - 1);
            }
        }

        Visit(0, scenario, 0);
        return ([.. sets.OrderBy(x => x.Index).Select(x => x.Set)], tried, refused, null);
    }

    /// <summary>
    /// The levers that matter most for a scenario: each lever applied alone, those that apply ordered by their factor
    /// (the largest cut first, ties in catalog order), at most <paramref name="count"/>.
    /// </summary>
    public static ImmutableArray<LeverStep> MostEffective(Scenario scenario, IReadOnlyList<LeverSpec> levers, VideoCatalog catalog, CostCalibration calibration, int count)
    {
        ArgumentNullException.ThrowIfNull(levers);
        var steps = new List<(LeverStep Step, int Index)>();
        var (start, _) = PointMetrics.Evaluate(scenario, 1, catalog, calibration);
        if (start is null)
        {
            return [];
        }

        for (var i = 0; i < levers.Count; i++)
        {
            if (Step(scenario, start, levers[i], [], catalog, calibration).Step is { Refusal: null } step)
            {
                steps.Add((step, i));
            }
        }

        return [.. steps.OrderBy(s => s.Step.Factor).ThenBy(s => s.Index).Take(count).Select(s => s.Step)];
    }

    /// <summary>
    /// What a set costs per clip once applied (<paramref name="levered"/> is the scenario with all of <paramref name="set"/>
    /// applied in the canonical order, <paramref name="beforeBatching"/> the one before its batching lever), or null when
    /// the cost model refuses it, a batch does not pay on what the other levers left, or a batch or plan passes the
    /// tightest SLO.
    /// </summary>
    private static LeverSet? Price(Scenario levered, List<LeverSpec> set, Scenario? beforeBatching, VideoCatalog catalog, CostCalibration calibration)
    {
        var (m, _) = PointMetrics.Evaluate(levered, 1, catalog, calibration);
        if (m is null)
        {
            return null;
        }

        if (set.FirstOrDefault(l => l.Kind == LeverKind.Batching) is { } batching && beforeBatching is not null)
        {
            // Batching pays or not on what the other levers left (it is the last kind in the canonical order).
            var (unbatched, _) = PointMetrics.Evaluate(beforeBatching, 1, catalog, calibration);
            if (unbatched is null || LatencyRefusal(batching, levered, m, m.CostPerClipUsd / unbatched.CostPerClipUsd) is not null)
            {
                return null;
            }
        }

        return set.FirstOrDefault(l => l.Kind == LeverKind.Plan) is { } plan && LatencyRefusal(plan, levered, m, 0) is not null
            ? null
            : new LeverSet([.. set], m.CostPerClipUsd, set.Count(l => l.QualityDelta is null && l.QualityMetric.Length == 0), set.Sum(l => Math.Max(0, -(l.QualityDelta ?? 0))));
    }

    /// <summary>The scenario on a GPU at the cheapest provider's on-demand price (explicit prices dropped: the catalog's apply).</summary>
    private static Scenario? OnGpu(Scenario scenario, string gpu, VideoCatalog catalog)
    {
        var best = catalog.Prices.Where(p => string.Equals(p.GpuId, gpu, StringComparison.Ordinal) && p.CapacityClass == CapacityClass.OnDemand)
            .Select(p => p.Provider).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(p => catalog.ChoosePrice(p, gpu, CapacityClass.OnDemand))
            .OfType<PriceChoice>()
            .OrderBy(c => c.Quote.UsdPerGpuHour).ThenBy(c => c.Quote.Provider, StringComparer.Ordinal)
            .FirstOrDefault();
        return best is null
            ? null
            : scenario with
            {
                Product = scenario.Product with { Gpu = gpu },
                Capacity = new CapacitySpec { Provider = best.Quote.Provider, OnDemandShare = 1 },
            };
    }

    private static Scenario WithMix(Scenario s, Func<ClipMixItem, ClipMixItem> f) =>
        s with { Product = s.Product with { ClipMix = [.. s.Product.ClipMix.Select(f)] } };
}
