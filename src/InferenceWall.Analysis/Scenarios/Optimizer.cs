using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Scenarios;

/// <summary>A deployment option: GPU, provider, capacity class, parallel plan and steps.</summary>
public sealed record DeploymentOption(string Gpu, string Provider, CapacityClass Capacity, ParallelPlan Plan, int Steps)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Plan.Gpus} × {Gpu} at {Provider} {UnitEconomics.Key(Capacity)}, {(Plan.CfgParallel > 1 ? $"CFG-parallel 2 × Ulysses {Plan.Ulysses}" : $"Ulysses {Plan.Ulysses}")}, {Steps} steps");
}

/// <summary>Why an option was not chosen.</summary>
public enum LossReason
{
    None,
    NoPrice,
    Memory,
    Slo,
    Price,
}

/// <summary>One evaluated option: its figures, or why it cannot serve.</summary>
public sealed record OptionResult(DeploymentOption Option, double? LatencySeconds, double? CostPerClipUsd, double? DailyCostUsd, double? FleetGpus, LossReason Reason, string Detail);

public sealed record OptimizationResult(OptionResult? Best, ImmutableArray<OptionResult> RunnersUp, ImmutableArray<OptionResult> Lost, int Evaluated, ImmutableDictionary<LossReason, int> LossCounts)
{
    /// <summary>For each GPU, the closest it came and why it lost (for "why each other option lost").</summary>
    public IEnumerable<OptionResult> BestPerGpu() => Lost.Concat(RunnersUp)
        .Where(o => Best is null || o.Option.Gpu != Best.Option.Gpu)
        .GroupBy(o => o.Option.Gpu)
        .Select(g => g.All(o => o.Reason == LossReason.NoPrice)
            ? g.First() with { Detail = $"no price for {g.Key} at any provider in the catalog (add one with --catalog DIR)" }
            : g.OrderBy(o => o.Reason == LossReason.Price ? 0 : o.Reason == LossReason.Slo ? 1 : o.Reason == LossReason.Memory ? 2 : 3).ThenBy(o => o.CostPerClipUsd ?? double.MaxValue).First())
        .OrderBy(o => o.Option.Gpu, StringComparer.Ordinal);
}

/// <summary>
/// The cheapest GPU × provider × capacity class × parallel plan × steps that meets a latency SLO and serves the
/// scenario's demand. Every option of the catalog is tried; each loser keeps its reason (no price, memory, SLO, price).
/// </summary>
public static class Optimizer
{
    public static readonly ImmutableArray<int> DefaultGpuCounts = [1, 2, 4, 8];

    public static OptimizationResult Run(Scenario scenario, double sloSeconds, IReadOnlyList<int> stepCounts, IReadOnlyList<int> gpuCounts, VideoCatalog catalog, CostCalibration calibration,
        int parallelism = 1, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(catalog);
        var model = catalog.FindModel(scenario.Product.Model).Value ?? throw new ArgumentException($"unknown model '{scenario.Product.Model}'", nameof(scenario));
        var clipsPerDay = scenario.Users.Sum(u => u.Users * u.ClipsPerUserPerDay);
        var options = new List<DeploymentOption>();
        foreach (var gpu in catalog.Gpus)
        {
            foreach (var provider in catalog.ProviderIds)
            {
                foreach (var capacity in new[] { CapacityClass.OnDemand, CapacityClass.Reserved, CapacityClass.Spot })
                {
                    foreach (var plan in Plans(gpuCounts, model.UsesCfg))
                    {
                        foreach (var steps in stepCounts)
                        {
                            options.Add(new DeploymentOption(gpu.Id, provider, capacity, plan, steps));
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
            if ((i & 255) == 0)
            {
                progress?.Report(Interlocked.Add(ref done, 256));
            }
        });

        var feasible = results.Where(r => r.Reason == LossReason.None).OrderBy(r => r.CostPerClipUsd).ThenBy(r => r.LatencySeconds).ThenBy(r => r.Option.ToString(), StringComparer.Ordinal).ToList();
        var best = feasible.FirstOrDefault();
        var priced = feasible.Skip(1).Select(r => r with
        {
            Reason = LossReason.Price,
            Detail = string.Create(CultureInfo.InvariantCulture, $"${r.CostPerClipUsd:0.####} per clip, {r.CostPerClipUsd / best!.CostPerClipUsd:0.00}× the cheapest"),
        }).ToList();
        var lost = results.Where(r => r.Reason != LossReason.None).Concat(priced.Skip(5)).ToImmutableArray();
        var counts = lost.Concat(priced.Take(5)).GroupBy(r => r.Reason).ToImmutableDictionary(g => g.Key, g => g.Count());
        return new OptimizationResult(best, [.. priced.Take(5)], lost, results.Length, counts);
    }

    /// <summary>Ulysses over all GPUs, and CFG-parallel 2 × Ulysses where the model uses guidance.</summary>
    private static IEnumerable<ParallelPlan> Plans(IReadOnlyList<int> gpuCounts, bool cfg)
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

    private static OptionResult Evaluate(DeploymentOption o, Scenario scenario, VideoModel model, double slo, double clipsPerDay, VideoCatalog catalog, CostCalibration calibration)
    {
        var gpu = catalog.FindGpu(o.Gpu).Value!;
        var price = catalog.FindPrice(o.Provider, gpu.Id, o.Capacity, out _);
        if (price is null)
        {
            return new OptionResult(o, null, null, null, null, LossReason.NoPrice, $"no {UnitEconomics.Key(o.Capacity)} price for {gpu.Id} at {o.Provider}");
        }

        double latency = 0, gpuSeconds = 0;
        foreach (var item in scenario.Product.ClipMix)
        {
            var outcome = ClipCost.Estimate(ClipCosting.Request(scenario, item, model, gpu, o.Plan, o.Steps), calibration);
            if (outcome.Estimate is not { } e)
            {
                var reason = string.Join("; ", outcome.Problems.Select(p => p.Text));
                return new OptionResult(o, null, null, null, null, outcome.Problems.Any(p => p.Kind == ProblemKind.Infeasible) ? LossReason.Memory : LossReason.NoPrice, reason);
            }

            latency = Math.Max(latency, e.LatencySeconds);
            gpuSeconds += item.Share * e.GpuSeconds;
        }

        var costPerClip = ClipCosting.ComputeUsd(gpuSeconds, price.UsdPerGpuHour, scenario.Product.Utilization);
        var fleetGpus = clipsPerDay * gpuSeconds / 86_400 / scenario.Product.Utilization;
        return latency > slo
            ? new OptionResult(o, latency, costPerClip, costPerClip * clipsPerDay, fleetGpus, LossReason.Slo,
                string.Create(CultureInfo.InvariantCulture, $"latency {latency:0.#} s > SLO {slo:0.#} s"))
            : new OptionResult(o, latency, costPerClip, costPerClip * clipsPerDay, fleetGpus, LossReason.None, string.Empty);
    }
}
