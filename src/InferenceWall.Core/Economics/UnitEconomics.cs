using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Text;

namespace InferenceWall.Core.Economics;

/// <summary>
/// The front door of the economics: a scenario → clips, GPU-hours, cost, revenue, margin, the wall, the value chain.
/// Pure: the cost of each clip comes from <see cref="ClipCost"/>; nothing is read or printed here.
/// </summary>
public static class UnitEconomics
{
    /// <summary>Average days per month (365 / 12), for monthly prices and quotas.</summary>
    public const double DaysPerMonth = 365.0 / 12.0;

    public const double HoursPerYear = 365.0 * 24.0;

    public static (EconomicsResult? Result, ImmutableArray<string> Problems) Evaluate(Scenario scenario, VideoCatalog catalog, CostCalibration calibration, SimulatedCompute? simulated = null, bool compareApis = true)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(calibration);
        var problems = new List<string>();
        var notes = new List<string>();
        var product = scenario.Product;

        var model = catalog.FindModel(product.Model);
        if (model.Value is null)
        {
            problems.Add("product.model: " + model.NotFoundMessage("model", product.Model, "iwall catalog models"));
        }

        var gpu = catalog.FindGpu(product.Gpu);
        if (gpu.Value is null)
        {
            problems.Add("product.gpu: " + gpu.NotFoundMessage("GPU", product.Gpu, "iwall catalog gpus"));
        }

        if (problems.Count > 0)
        {
            return (null, [.. problems]);
        }

        var capex = Capex(scenario, catalog, gpu.Value!, notes);
        var (blended, basis) = BlendedPrice(scenario, catalog, gpu.Value!, capex, problems);

        var mix = ImmutableArray.CreateBuilder<ClipMixCost>();
        for (var i = 0; i < product.ClipMix.Length; i++)
        {
            var item = product.ClipMix[i];
            var request = ClipCosting.Request(scenario, item, model.Value!, gpu.Value!);
            var outcome = ClipCost.Estimate(request, calibration);
            if (outcome.Estimate is not { } e)
            {
                problems.AddRange(outcome.Problems.Select(p => $"product.clip_mix[{i}]: {p.Text}"));
                continue;
            }

            mix.Add(new ClipMixCost(item, request.Clip.Frames, e.LatencySeconds, e.GpuSeconds, e.EnergyKwh,
                ClipCosting.ComputeUsd(e.GpuSeconds, blended, product.Utilization), e.PeakMemoryBytes));
        }

        var plans = scenario.Plans.ToDictionary(p => p.Name, StringComparer.Ordinal);
        for (var i = 0; i < scenario.Users.Length; i++)
        {
            if (!plans.ContainsKey(scenario.Users[i].Plan))
            {
                var near = NameMatcher.Nearest(scenario.Users[i].Plan, plans.Keys);
                problems.Add($"users[{i}].plan: no plan named '{scenario.Users[i].Plan}' under pricing" +
                    (near.Count > 0 ? $"; did you mean '{near[0]}'?" : "; add it under pricing"));
            }
        }

        if (problems.Count > 0)
        {
            return (null, [.. problems]);
        }

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
        var gpuHoursPerDay = clipsPerDay * gpuSecondsPerClip / Units.SecondsPerHour / product.Utilization;
        var computePerDay = gpuHoursPerDay * blended;
        if (simulated is { CompletedClips: > 0 } sim)
        {
            // The simulated day's paid GPU-hours and dollars per completed clip replace the average-load formula.
            computePerClip = sim.CostUsd / sim.CompletedClips;
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

        // Identical list prices quoted by several sources (or for several durations) appear once.
        var apis = catalog.Apis.Where(a => compareApis && a.UsdPerSecond is not null && a.PriceUnit is "per_second" or "per_video")
            .DistinctBy(a => (a.Provider, a.Model, a.Resolution, a.UsdPerSecond))
            .Select(a => new ApiComparison(a.Provider, a.Model, a.Resolution, a.UsdPerSecond!.Value, a.UsdPerSecond.Value * meanSeconds,
                (a.UsdPerSecond.Value * meanSeconds - (computePerClip + otherPerClip)) / (a.UsdPerSecond.Value * meanSeconds), a.Provenance))
            .ToImmutableArray();

        var energyUsdPerDay = gpuHoursPerDay * gpu.Value!.BoardPowerWatts / 1000 * scenario.Energy.Pue * scenario.Energy.ElectricityUsdPerKwh;
        double? capexPerDay = capex.Usd is { } c ? gpuHoursPerDay * c / (scenario.ValueChain.AmortizationYears * HoursPerYear) : null;
        var cloud = scenario.Capacity.Owned ? 0 : computePerDay - (capexPerDay ?? 0) - energyUsdPerDay;
        if (cloud < 0)
        {
            notes.Add("the cloud price is below amortised GPU capex plus energy: the cloud sells these hours at a loss, or the GPU price is older than the rental price");
        }

        var valueChain = new ValueChain(
            capexPerDay * scenario.ValueChain.ChipVendorGrossMargin,
            capexPerDay * (1 - scenario.ValueChain.ChipVendorGrossMargin),
            cloud,
            energyUsdPerDay,
            otherPerDay,
            revenuePerDay - computePerDay - otherPerDay,
            capex.Usd,
            capex.Source);
        if (capex.Usd is null)
        {
            notes.Add($"no purchase price for {gpu.Value.Id} in the catalog: the chip vendor's share is not split from the cloud's; give value_chain.gpu_capex_usd");
        }

        var gpus = gpuHoursPerDay / 24;
        var buildOut = new BuildOut(gpus, gpus * gpu.Value.BoardPowerWatts * scenario.Energy.Pue / Units.Mega, capex.Usd * Math.Ceiling(gpus));

        return (new EconomicsResult
        {
            Scenario = scenario,
            Mix = costs,
            Tiers = tiers,
            MeanClipSeconds = meanSeconds,
            BlendedUsdPerGpuHour = blended,
            PriceBasis = basis,
            ClipsPerDay = clipsPerDay,
            GpuHoursPerDay = gpuHoursPerDay,
            ComputeCostPerClipUsd = computePerClip,
            OtherCostPerClipUsd = otherPerClip + (clipsPerDay > 0 ? scenario.OtherCosts.FixedUsdPerDay / clipsPerDay : 0),
            ComputeCostUsdPerDay = computePerDay,
            OtherCostsUsdPerDay = otherPerDay,
            RevenueUsdPerDay = revenuePerDay,
            PlanBreakEvens = breakEvens,
            EnergyKwhPerClip = energyPerClip,
            BuildOut = buildOut,
            ValueChain = valueChain,
            Apis = apis,
            Notes = [.. notes],
        }, []);
    }

    /// <summary>The scenario key of a capacity class.</summary>
    public static string Key(CapacityClass capacity) => capacity switch
    {
        CapacityClass.Reserved => "reserved",
        CapacityClass.Spot => "spot",
        _ => "on_demand",
    };

    /// <summary>
    /// The $/GPU-hour of one capacity class: the scenario's own price, or the catalog's most recent quote at the
    /// scenario's provider; otherwise a problem naming the key to give.
    /// </summary>
    public static (double? Price, string Label, string? Problem) ClassPrice(Scenario scenario, VideoCatalog catalog, Gpu gpu, CapacityClass capacity)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(gpu);
        var c = scenario.Capacity;
        var key = Key(capacity);
        var given = capacity switch
        {
            CapacityClass.Reserved => c.ReservedUsdPerGpuHour,
            CapacityClass.Spot => c.SpotUsdPerGpuHour,
            _ => c.OnDemandUsdPerGpuHour,
        };
        if (given is { } p)
        {
            return (p, "given", null);
        }

        if (c.Provider is null)
        {
            return (null, string.Empty, $"capacity.usd_per_gpu_hour.{key}: {key} capacity is used but has no price; give capacity.provider or capacity.usd_per_gpu_hour.{key}");
        }

        return catalog.FindPrice(c.Provider, gpu.Id, capacity, out _) is { } quote
            ? (quote.UsdPerGpuHour, $"{quote.ProviderName} {quote.Sku}, {quote.Provenance.AsOf}", null)
            : (null, string.Empty, $"capacity.mix.{key}: no {key} price for {gpu.Id} at '{c.Provider}' in the catalog; give capacity.usd_per_gpu_hour.{key} (list prices with `iwall catalog prices --provider {c.Provider}`)");
    }

    /// <summary>Revenue per day of one tier on its plan.</summary>
    public static double Revenue(PricingPlan plan, UserTier tier, double clipsPerDay, double meanClipSeconds)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(tier);
        switch (plan.Kind)
        {
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
                return 0;
        }
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

    private static (double Price, string Basis) BlendedPrice(Scenario scenario, VideoCatalog catalog, Gpu gpu, (double? Usd, string Source) capex, List<string> problems)
    {
        var c = scenario.Capacity;
        if (c.Owned)
        {
            if (capex.Usd is not { } usd)
            {
                problems.Add($"capacity.owned: true needs a GPU purchase price; give value_chain.gpu_capex_usd (the catalog has none for {gpu.Id})");
                return (0, string.Empty);
            }

            var capexPerHour = usd / (scenario.ValueChain.AmortizationYears * HoursPerYear);
            var energyPerHour = gpu.BoardPowerWatts / 1000 * scenario.Energy.Pue * scenario.Energy.ElectricityUsdPerKwh;
            return (capexPerHour + energyPerHour, string.Create(CultureInfo.InvariantCulture,
                $"owned: ${usd:N0} over {scenario.ValueChain.AmortizationYears} years = ${capexPerHour:0.###}/GPU-h + energy ${energyPerHour:0.###}/GPU-h"));
        }

        var parts = new List<string>();
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

            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(capacity)} {share:P0} at ${price:0.###} ({label})"));
            total += share * price!.Value;
        }

        return (total, string.Join("; ", parts));
    }
}
