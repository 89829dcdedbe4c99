using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Economics;

/// <summary>
/// The front door of the economics: a scenario → clips, GPU-hours, cost, revenue, margin, the wall, the value chain.
/// Pure: the cost of each clip comes from <see cref="ClipCost"/>; nothing is read or printed here. The scenario is
/// checked by <see cref="ScenarioRules"/> (the one validation) before anything is computed, so a scenario changed in
/// code is refused the same way as one read from a file.
/// </summary>
public static class UnitEconomics
{
    /// <summary>Average days per month (365 / 12), for monthly prices and quotas.</summary>
    public const double DaysPerMonth = 365.0 / 12.0;

    public const double HoursPerYear = 365.0 * 24.0;

    /// <summary>
    /// The most GPUs a scenario may need round the clock: 100 million, far beyond any fleet that exists. A demand past
    /// it is a typo in users or clips per user, and its dollars would be noise.
    /// </summary>
    public const double MaxGpus = 100_000_000;

    public static (EconomicsResult? Result, ImmutableArray<Problem> Problems) Evaluate(Scenario scenario, VideoCatalog catalog, CostCalibration calibration, SimulatedCompute? simulated = null, bool compareApis = true)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(calibration);
        var rules = ScenarioRules.Check(scenario);
        if (!rules.IsEmpty)
        {
            return (null, rules);
        }

        var problems = new List<Problem>();
        var notes = new List<string>();
        var product = scenario.Product;

        var model = catalog.FindModel(product.Model);
        if (model.Value is null)
        {
            problems.Add(Problem.NotFound("product.model", $"unknown model '{product.Model}'", Suggest(model.Suggestions, "the catalog's models")));
        }

        var gpu = catalog.FindGpu(product.Gpu);
        if (gpu.Value is null)
        {
            problems.Add(Problem.NotFound("product.gpu", $"unknown GPU '{product.Gpu}'", Suggest(gpu.Suggestions, "the catalog's GPUs")));
        }

        var (stack, stackProblem) = ClipCosting.Stack(catalog, product.Stack, "product.stack");
        if (stackProblem is not null)
        {
            problems.Add(stackProblem);
        }

        var (upscaler, upscalerProblem) = ClipCosting.Upscaler(catalog, product);
        if (upscalerProblem is not null)
        {
            problems.Add(upscalerProblem);
        }

        if (simulated is { CompletedClips: <= 0 })
        {
            problems.Add(Problem.Infeasible("simulation", "the simulated day completed no clip, so it gives no cost per clip",
                "give the fleet more capacity (simulation.autoscaler.max_replicas, reserved_replicas) or the tiers longer timeouts"));
        }

        if (problems.Count > 0)
        {
            return (null, [.. problems]);
        }

        var capex = Capex(scenario, catalog, gpu.Value!, notes);
        var (blended, basis, parts) = BlendedPrice(scenario, catalog, gpu.Value!, capex, problems);

        var mix = ImmutableArray.CreateBuilder<ClipMixCost>();
        for (var i = 0; i < product.ClipMix.Length; i++)
        {
            var item = product.ClipMix[i];
            var request = ClipCosting.Request(scenario, item, model.Value!, gpu.Value!, stack, upscaler: upscaler);
            var outcome = ClipCost.Estimate(request, calibration);
            if (outcome.Estimate is not { } e)
            {
                problems.AddRange(CostRefusals.Of(outcome.Problems, $"product.clip_mix[{i}]"));
                continue;
            }

            mix.Add(new ClipMixCost(item, request.Clip.Frames, e.LatencySeconds, e.GpuSeconds, e.EnergyKwh,
                ClipCosting.ComputeUsd(e.GpuSeconds, blended, product.Utilization), e.PeakMemoryBytes));
        }

        if (problems.Count > 0)
        {
            return (null, [.. problems]);
        }

        var plans = scenario.Plans.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var costs = mix.ToImmutable();
        var meanSeconds = costs.Sum(c => c.Item.Share * c.Item.Seconds);
        var gpuSecondsPerClip = costs.Sum(c => c.Item.Share * c.GpuSeconds);
        var computePerClip = costs.Sum(c => c.Item.Share * c.ComputeCostUsd);
        var energyPerClip = costs.Sum(c => c.Item.Share * c.EnergyKwh);
        var otherPerClip = scenario.OtherCosts.StorageUsdPerClip + scenario.OtherCosts.EgressUsdPerClip;

        var tiers = scenario.Users.Select(u =>
        {
            var clips = u.Users * u.ClipsPerUserPerDay;
            return new TierResult(u.Tier, u.Plan, u.Users, clips, Revenue(plans[u.Plan], u, clips, meanSeconds));
        }).ToImmutableArray();
        var clipsPerDay = tiers.Sum(t => t.ClipsPerDay);
        if (clipsPerDay <= 0)
        {
            // With no clip made there is no cost per clip and no wall: a headline would contradict the day's figures.
            return (null, [Problem.Infeasible("users", "the scenario makes no clips: every tier's users × clips_per_user_per_day is 0, so cost per clip, revenue per clip and the wall have no value",
                "give at least one tier users and clips_per_user_per_day above 0")]);
        }

        var gpuHoursPerDay = clipsPerDay * gpuSecondsPerClip / Units.SecondsPerHour / product.Utilization;
        var computePerDay = gpuHoursPerDay * blended;

        // Scales each clip's average-load compute cost to the simulated day's (1 without a simulation).
        var computeScale = 1.0;
        if (simulated is { } sim)
        {
            // The simulated day's paid GPU-hours and dollars per completed clip replace the average-load formula.
            var simulatedPerClip = sim.CostUsd / sim.CompletedClips;
            computeScale = computePerClip > 0 ? simulatedPerClip / computePerClip : 1;
            computePerClip = simulatedPerClip;
            gpuHoursPerDay = sim.GpuHoursPaid / sim.CompletedClips * clipsPerDay;
            computePerDay = computePerClip * clipsPerDay;
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"compute cost from the simulated day ({sim.Basis}): {sim.GpuHoursPaid:N0} paid GPU-hours for {sim.CompletedClips:N0} clips, utilization {sim.Utilization:P0}"));
        }

        var otherPerDay = (clipsPerDay * otherPerClip) + scenario.OtherCosts.FixedUsdPerDay;
        var revenuePerDay = tiers.Sum(t => t.RevenueUsdPerDay);

        var breakEvens = scenario.Plans.Where(p => p.Kind == PlanKind.Subscription).Select(p => new PlanBreakEven(
            p.Name,
            p.UsdPerMonth!.Value,
            p.UsdPerMonth.Value / (computePerClip + otherPerClip),
            scenario.Users.Where(u => u.Plan == p.Name).Select(u => u.ClipsPerUserPerDay * DaysPerMonth).DefaultIfEmpty(0).Max())).ToImmutableArray();

        var apis = compareApis ? CompareApis(catalog, costs, computeScale, otherPerClip, meanSeconds) : [];

        // Energy per day and its dollars on one basis: the paid GPU-hours (the hours the compute dollars pay for).
        var kilowattsPerGpu = gpu.Value!.BoardPowerWatts / 1000 * scenario.Energy.Pue;
        var energyKwhPerDay = gpuHoursPerDay * kilowattsPerGpu;
        var energyUsdPerDay = energyKwhPerDay * scenario.Energy.ElectricityUsdPerKwh;
        double? capexPerDay = capex.Usd is { } c ? gpuHoursPerDay * c / (scenario.ValueChain.AmortizationYears * HoursPerYear) : null;
        var valueChain = Chain(scenario, computePerDay, capexPerDay, energyUsdPerDay, otherPerDay, revenuePerDay, capex, gpu.Value, notes);

        var averageGpus = gpuHoursPerDay / 24;
        if (!double.IsFinite(averageGpus) || averageGpus > MaxGpus)
        {
            return (null, [Problem.LimitExceeded("users", string.Create(CultureInfo.InvariantCulture,
                $"the demand of {clipsPerDay:G4} clips a day needs {averageGpus:G3} GPUs round the clock; the limit is {MaxGpus:N0} GPUs, far beyond any fleet that exists"),
                "check users[].users and users[].clips_per_user_per_day")]);
        }

        var replicas = (long)Math.Ceiling(averageGpus / product.Plan.Gpus);
        var wholeGpus = replicas * product.Plan.Gpus;
        var buildOut = new BuildOut(replicas, wholeGpus, averageGpus, wholeGpus * kilowattsPerGpu / 1000, capex.Usd * wholeGpus);

        var result = new EconomicsResult
        {
            Scenario = scenario,
            Mix = costs,
            Tiers = tiers,
            MeanClipSeconds = meanSeconds,
            BlendedUsdPerGpuHour = blended,
            PriceBasis = basis,
            PriceParts = parts,
            ClipsPerDay = clipsPerDay,
            GpuHoursPerDay = gpuHoursPerDay,
            ComputeCostPerClipUsd = computePerClip,
            OtherCostPerClipUsd = otherPerClip + (clipsPerDay > 0 ? scenario.OtherCosts.FixedUsdPerDay / clipsPerDay : 0),
            ComputeCostUsdPerDay = computePerDay,
            OtherCostsUsdPerDay = otherPerDay,
            RevenueUsdPerDay = revenuePerDay,
            PlanBreakEvens = breakEvens,
            EnergyKwhPerClip = energyPerClip,
            EnergyKwhPerDay = energyKwhPerDay,
            BuildOut = buildOut,
            ValueChain = valueChain,
            Apis = apis,
            Notes = [.. notes],
        };
        return Guard(result) is { } wrong ? (null, [wrong]) : (result, []);
    }

    /// <summary>
    /// The $/GPU-hour of one capacity class: the scenario's own price, or the catalog's most recent quote at the
    /// scenario's provider; otherwise a problem naming the field to give.
    /// </summary>
    public static (double? Price, string Label, Problem? Problem) ClassPrice(Scenario scenario, VideoCatalog catalog, Gpu gpu, CapacityClass capacity)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(gpu);
        var c = scenario.Capacity;
        var key = Words.Capacity.Word(capacity);
        var given = capacity switch
        {
            CapacityClass.Reserved => c.ReservedUsdPerGpuHour,
            CapacityClass.Spot => c.SpotUsdPerGpuHour,
            CapacityClass.OnDemand => c.OnDemandUsdPerGpuHour,
            _ => throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "unknown capacity class"),
        };
        if (given is { } p)
        {
            return (p, "given", null);
        }

        var path = $"capacity.usd_per_gpu_hour.{key}";
        if (c.Provider is null)
        {
            return (null, string.Empty, Problem.BadInput(path, $"{key} capacity is used but has no price", $"give capacity.provider or {path}"));
        }

        return catalog.FindPrice(c.Provider, gpu.Id, capacity, out _) is { } quote
            ? (quote.UsdPerGpuHour, $"{quote.ProviderName} {quote.Sku}, {quote.Provenance.AsOf}", null)
            : (null, string.Empty, Problem.NotFound(path, $"the catalog has no {key} price for {gpu.Id} at '{c.Provider}'",
                $"give {path}, or a capacity.provider whose {key} price for {gpu.Id} is in the catalog's prices"));
    }

    /// <summary>Revenue per day of one tier on its plan.</summary>
    public static double Revenue(PricingPlan plan, UserTier tier, double clipsPerDay, double meanClipSeconds)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(tier);
        switch (plan.Kind)
        {
            case PlanKind.Free:
                return 0;
            case PlanKind.PerClip:
                return clipsPerDay * plan.UsdPerClip!.Value;
            case PlanKind.PerSecond:
                return clipsPerDay * meanClipSeconds * plan.UsdPerVideoSecond!.Value;
            case PlanKind.Enterprise:
                return Math.Max(clipsPerDay * plan.UsdPerClip!.Value, tier.Users * (plan.MinimumUsdPerMonth ?? 0) / DaysPerMonth);
            case PlanKind.Subscription:
                var overageClipsPerMonth = Math.Max(0, (tier.ClipsPerUserPerDay * DaysPerMonth) - (plan.IncludedClipsPerMonth ?? double.PositiveInfinity));
                return tier.Users * (plan.UsdPerMonth!.Value + (overageClipsPerMonth * (plan.OverageUsdPerClip ?? 0))) / DaysPerMonth;
            default:
                throw new ArgumentOutOfRangeException(nameof(plan), plan.Kind, "unknown plan kind");
        }
    }

    private static string Suggest(IReadOnlyList<string> near, string list) =>
        near.Count > 0 ? $"did you mean {string.Join(", ", near.Select(s => $"'{s}'"))}? ({list} list them all)" : $"give one of {list}";

    /// <summary>
    /// The last line of defence: a valid scenario must give finite, non-negative costs, hours and revenue. A result
    /// that does not is refused rather than printed (it would be a defect of the model, not an answer).
    /// </summary>
    private static Problem? Guard(EconomicsResult r)
    {
        foreach (var (name, value) in new (string, double)[]
        {
            ("cost per clip", r.CostPerClipUsd), ("compute cost per clip", r.ComputeCostPerClipUsd), ("paid GPU-hours per day", r.GpuHoursPerDay),
            ("compute cost per day", r.ComputeCostUsdPerDay), ("revenue per day", r.RevenueUsdPerDay), ("energy per day", r.EnergyKwhPerDay),
            ("blended GPU price", r.BlendedUsdPerGpuHour), ("mean clip length", r.MeanClipSeconds),
        })
        {
            if (!double.IsFinite(value) || value < 0)
            {
                return Problem.Infeasible(string.Empty, string.Create(CultureInfo.InvariantCulture,
                    $"the economics of this scenario give a {name} of {value:G4}, which cannot be right; no figures are reported"),
                    "report the scenario as a defect of the cost model");
            }
        }

        var figures = new double?[]
        {
            r.GrossProfitUsdPerDay, r.GrossMargin, r.EfficiencyGainNeeded, r.OtherCostPerClipUsd, r.EnergyKwhPerClip, r.BuildOut.Megawatts, r.BuildOut.CapexUsd,
            r.ValueChain.CloudUsdPerDay, r.ValueChain.TotalUsdPerDay,
        };
        var other = r.Mix.SelectMany(m => new double?[] { m.LatencySeconds, m.GpuSeconds, m.ComputeCostUsd })
            .Concat(r.PlanBreakEvens.Select(b => (double?)b.BreakEvenClipsPerMonth))
            .Concat(r.Apis.SelectMany(a => new[] { a.PriceUsdPerClip, a.ImpliedGrossMargin }))
            .Concat(r.ValueChain.Segments.SelectMany(s => new[] { s.UsdPerDay, s.Share }));
        return figures.Concat(other).Any(v => v is { } x && !double.IsFinite(x))
            ? Problem.Infeasible(string.Empty, "the economics of this scenario give a figure that is not a finite number; no figures are reported", "report the scenario as a defect of the cost model")
            : null;
    }

    /// <summary>
    /// Each API quote against the clip of the mix at its resolution (like with like), at that clip's length; quotes at
    /// no resolution of the mix are listed as not comparable. Identical list prices quoted by several sources (or for
    /// several durations) appear once.
    /// </summary>
    private static ImmutableArray<ApiComparison> CompareApis(VideoCatalog catalog, ImmutableArray<ClipMixCost> mix, double computeScale, double otherPerClip, double meanSeconds)
    {
        var rows = ImmutableArray.CreateBuilder<ApiComparison>();
        var quotes = catalog.Apis.Where(a => a.UsdPerSecond is not null && a.PriceUnit is "per_second" or "per_video")
            .DistinctBy(a => (a.Provider, a.Model, a.Resolution, a.UsdPerSecond));
        foreach (var a in quotes)
        {
            var usd = a.UsdPerSecond!.Value;
            var sides = ApiResolution.ShortSides(a.Resolution);
            var matched = false;
            for (var i = 0; i < mix.Length; i++)
            {
                var m = mix[i];
                if (!sides.Any(s => ApiResolution.Matches(m.Item.WidthPixels, m.Item.HeightPixels, s)))
                {
                    continue;
                }

                matched = true;
                var price = usd * m.Item.Seconds;
                var ours = (m.ComputeCostUsd * computeScale) + otherPerClip;
                rows.Add(new ApiComparison(a.Provider, a.Model, a.Resolution, usd, i, m.Item.Seconds, price, ours, price > 0 ? (price - ours) / price : null,
                    price > 0 ? null : "the quote's price is zero", a.Provenance));
            }

            if (!matched)
            {
                var why = sides.Count == 0
                    ? "the quote states no resolution"
                    : $"quoted at {a.Resolution}, and no clip of the mix is at that resolution";
                rows.Add(new ApiComparison(a.Provider, a.Model, a.Resolution, usd, null, meanSeconds, usd * meanSeconds, null, null, why, a.Provenance));
            }
        }

        return rows.ToImmutable();
    }

    /// <summary>
    /// Splits the day's money by destination. Shares are of the revenue when it covers the costs (the destinations
    /// then include the app's margin), otherwise of the costs (and the app's loss says how much of them revenue leaves
    /// uncovered); a part that cannot be split honestly (a cloud price below the GPU's amortised capex) is merged.
    /// </summary>
    private static ValueChain Chain(Scenario scenario, double computePerDay, double? capexPerDay, double energyUsdPerDay, double otherPerDay, double revenuePerDay,
        (double? Usd, string Source) capex, Gpu gpu, List<string> notes)
    {
        var owned = scenario.Capacity.Owned;
        var margin = revenuePerDay - computePerDay - otherPerDay;
        double? vendorProfit = capexPerDay * scenario.ValueChain.ChipVendorGrossMargin;
        double? vendorCost = capexPerDay * (1 - scenario.ValueChain.ChipVendorGrossMargin);
        var energy = energyUsdPerDay;
        var cloud = owned ? 0 : computePerDay - (capexPerDay ?? 0) - energy;
        if (capex.Usd is null)
        {
            notes.Add($"no purchase price for {gpu.Id} in the catalog: the chip vendor's share is not split from the cloud's; give value_chain.gpu_capex_usd");
        }
        else if (cloud < 0)
        {
            notes.Add("the cloud price is below amortised GPU capex plus energy: the cloud sells these hours at a loss, or the GPU price is older than the rental price; the chip vendor's share is not split from the cloud's");
            vendorProfit = null;
            vendorCost = null;
            cloud = computePerDay - energy;
        }

        if (!owned && cloud < 0)
        {
            notes.Add("the cloud price is below the energy these GPU-hours draw: energy is shown as the whole compute spend");
            energy = computePerDay;
            cloud = 0;
        }

        var totalCosts = computePerDay + otherPerDay;
        var ofRevenue = revenuePerDay >= totalCosts && revenuePerDay > 0;
        var total = ofRevenue ? revenuePerDay : totalCosts;
        double? Share(double usd) => total > 0 ? Math.Abs(usd) / total : null;

        var segments = ImmutableArray.CreateBuilder<ValueChainSegment>();
        if (vendorProfit is { } profit && vendorCost is { } goods)
        {
            segments.Add(new ValueChainSegment("chip_vendor_gross_profit", "chip vendor gross profit", profit, Share(profit)));
            segments.Add(new ValueChainSegment("chip_vendor_cost_of_goods", "chip vendor cost of goods", goods, Share(goods)));
        }

        if (!owned)
        {
            segments.Add(vendorProfit is null
                ? new ValueChainSegment("cloud", "cloud (incl. GPU purchase)", cloud, Share(cloud))
                : new ValueChainSegment("cloud", "cloud (opex and margin)", cloud, Share(cloud)));
        }

        segments.Add(new ValueChainSegment("energy", owned ? "energy (owned fleet)" : "energy (in the cloud price)", energy, Share(energy)));
        segments.Add(new ValueChainSegment("other_costs", "other costs (storage, egress, fixed)", otherPerDay, Share(otherPerDay)));
        segments.Add(margin >= 0
            ? new ValueChainSegment("app_margin", "the app's margin", margin, Share(margin))
            : new ValueChainSegment("app_loss", "the app's loss (costs revenue does not cover)", margin, Share(margin)));

        return new ValueChain(vendorProfit, vendorCost, cloud, energy, otherPerDay, margin, capex.Usd, capex.Source,
            ofRevenue ? ValueChain.OfRevenue : ValueChain.OfCosts, total, segments.ToImmutable());
    }

    private static (double? Usd, string Source) Capex(Scenario scenario, VideoCatalog catalog, Gpu gpu, List<string> notes)
    {
        if (scenario.ValueChain.GpuCapexUsd is { } given)
        {
            return (given, "scenario value_chain.gpu_capex_usd");
        }

        if (catalog.FindHardware(gpu.Id) is { } hw)
        {
            if (hw.UsdPerGpuHigh > hw.UsdPerGpuLow)
            {
                notes.Add($"GPU purchase price: midpoint of ${hw.UsdPerGpuLow.ToString("N0", CultureInfo.InvariantCulture)}–${hw.UsdPerGpuHigh.ToString("N0", CultureInfo.InvariantCulture)} ({hw.Provenance.AsOf})");
            }

            return (hw.UsdPerGpuMid, hw.Provenance.Source);
        }

        return (null, string.Empty);
    }

    private static (double Price, string Basis, ImmutableArray<PricePart> Parts) BlendedPrice(Scenario scenario, VideoCatalog catalog, Gpu gpu, (double? Usd, string Source) capex, List<Problem> problems)
    {
        var c = scenario.Capacity;
        if (c.Owned)
        {
            if (capex.Usd is not { } usd)
            {
                problems.Add(Problem.BadInput("value_chain.gpu_capex_usd", $"an owned fleet is priced from its purchase price, and the catalog has none for {gpu.Id}",
                    "give value_chain.gpu_capex_usd"));
                return (0, string.Empty, []);
            }

            var capexPerHour = usd / (scenario.ValueChain.AmortizationYears * HoursPerYear);
            var energyPerHour = gpu.BoardPowerWatts / 1000 * scenario.Energy.Pue * scenario.Energy.ElectricityUsdPerKwh;
            var basis = string.Create(CultureInfo.InvariantCulture,
                $"owned: ${usd:N0} over {scenario.ValueChain.AmortizationYears} years = ${capexPerHour:0.###}/GPU-h + energy ${energyPerHour:0.###}/GPU-h");
            return (capexPerHour + energyPerHour, basis, [new PricePart(PricePart.Owned, 1, capexPerHour + energyPerHour, basis)]);
        }

        var parts = new List<string>();
        var priced = ImmutableArray.CreateBuilder<PricePart>();
        var total = 0.0;
        foreach (var (capacity, share) in new[]
        {
            (CapacityClass.Reserved, c.ReservedShare),
            (CapacityClass.OnDemand, c.OnDemandShare),
            (CapacityClass.Spot, c.SpotShare),
        })
        {
            if (share <= 0)
            {
                continue;
            }

            var (price, label, problem) = ClassPrice(scenario, catalog, gpu, capacity);
            if (problem is not null)
            {
                problems.Add(problem);
                continue;
            }

            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Words.Capacity.Word(capacity)} {share:P0} at ${price:0.###} ({label})"));
            priced.Add(new PricePart(Words.Capacity.Word(capacity), share, price!.Value, label));
            total += share * price.Value;
        }

        return (total, string.Join("; ", parts), priced.ToImmutable());
    }
}
