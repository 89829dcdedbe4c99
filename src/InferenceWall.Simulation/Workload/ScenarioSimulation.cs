using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;

namespace InferenceWall.Simulation.Workload;

/// <summary>A scenario mapped onto a simulation, with the assumptions made on the way.</summary>
public sealed record ScenarioSimulationPlan(SimulationSpec Spec, ImmutableArray<string> Notes, double AverageLoadCostPerClipUsd);

/// <summary>
/// Maps a scenario (users, clip mix, GPUs, prices and its <c>simulation</c> section) onto a <see cref="SimulationSpec"/>:
/// arrival rate and tier shares from the users, service times from the cost model, prices from the catalog.
/// </summary>
public static class ScenarioSimulation
{
    /// <summary>Batching must speed throughput up by at least this much to be used.</summary>
    public const double BatchingThreshold = 1.05;

    public static (ScenarioSimulationPlan? Plan, ImmutableArray<string> Problems) Build(Scenario scenario, VideoCatalog catalog, CostCalibration calibration, ImmutableArray<TraceArrival> trace = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<string>();
        var notes = new List<string>();
        var settings = scenario.Simulation ?? new SimulationSettings();
        if (scenario.Simulation is null)
        {
            notes.Add("the scenario has no simulation section: defaults used (one day, default diurnal curve, no autoscaler; replicas sized from average load)");
        }

        var (economics, economicsProblems) = UnitEconomics.Evaluate(scenario, catalog, calibration, compareApis: false);
        if (economics is null)
        {
            return (null, [.. economicsProblems.Select(p => p.ToString())]);
        }

        var gpu = catalog.FindGpu(scenario.Product.Gpu).Value!;
        var model = catalog.FindModel(scenario.Product.Model).Value!;
        var clips = economics.Mix.Select((m, i) => new ClipClass
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"{m.Item.WidthPixels}x{m.Item.HeightPixels} {m.Item.Seconds:0.#}s"),
            Share = m.Item.Share,
            ServiceSeconds = m.LatencySeconds,
        }).ToImmutableArray();

        var tierSettings = settings.Tiers.ToDictionary(t => t.Tier, StringComparer.Ordinal);
        var tiers = economics.Tiers.Select(t => new TierSpec
        {
            Name = t.Tier,
            ArrivalShare = Math.Max(t.ClipsPerDay, 1e-12),
            Priority = tierSettings.TryGetValue(t.Tier, out var s) ? s.Priority : 0,
            SloSeconds = tierSettings.TryGetValue(t.Tier, out var s2) ? s2.SloSeconds : null,
            TimeoutSeconds = tierSettings.TryGetValue(t.Tier, out var s3) ? s3.TimeoutSeconds : null,
        }).ToImmutableArray();

        var (batchSize, batchFactor) = Batching(settings.BatchSize, scenario, model, gpu, calibration, notes);
        double Price(CapacityClass c, bool used)
        {
            if (scenario.Capacity.Owned)
            {
                return economics.BlendedUsdPerGpuHour;
            }

            var (price, _, problem) = UnitEconomics.ClassPrice(scenario, catalog, gpu, c);
            if (price is null && used)
            {
                problems.Add(problem!.ToString());
            }

            return price ?? 0;
        }

        var autoscaler = settings.Autoscaler is { } a
            ? new AutoscalerSpec
            {
                Policy = a.Policy,
                Target = a.Target,
                IntervalSeconds = a.IntervalSeconds,
                MinReplicas = a.MinReplicas,
                MaxReplicas = a.MaxReplicas,
                SpotShare = a.SpotShare,
            }
            : null;
        var averageReplicas = (int)Math.Ceiling(economics.GpuHoursPerDay * scenario.Product.Utilization / 24 / scenario.Product.Plan.Gpus);
        var initial = settings.InitialReplicas > 0 ? settings.InitialReplicas
            : autoscaler is null && settings.ReservedReplicas == 0 ? Math.Max(1, (int)Math.Ceiling(averageReplicas / scenario.Product.Utilization)) : 0;
        if (autoscaler is null && settings.ReservedReplicas == 0 && settings.InitialReplicas == 0)
        {
            notes.Add($"no replicas or autoscaler given: {initial} on-demand replicas, the average load at the scenario's {scenario.Product.Utilization:P0} utilization");
        }

        var spotUsed = (autoscaler?.SpotShare ?? 0) > 0;
        var fleet = new FleetSpec
        {
            GpusPerReplica = scenario.Product.Plan.Gpus,
            ReservedReplicas = settings.ReservedReplicas,
            InitialOnDemandReplicas = initial,
            ReservedUsdPerGpuHour = Price(CapacityClass.Reserved, settings.ReservedReplicas > 0),
            OnDemandUsdPerGpuHour = Price(CapacityClass.OnDemand, initial > 0 || (autoscaler is not null && autoscaler.SpotShare < 1)),
            SpotUsdPerGpuHour = Price(CapacityClass.Spot, spotUsed),
            SpotPreemptionsPerHour = settings.SpotPreemptionsPerHour,
            ProvisioningDelaySeconds = settings.ProvisioningDelaySeconds,
            BoardPowerWatts = gpu.BoardPowerWatts,
            Pue = scenario.Energy.Pue,
            BatchSize = batchSize,
            BatchTimeFactor = batchFactor,
        };

        var spec = new SimulationSpec
        {
            DurationSeconds = settings.DurationSeconds,
            Tiers = tiers,
            Clips = clips,
            Workload = new WorkloadSpec
            {
                MeanRatePerSecond = economics.ClipsPerDay / 86_400.0,
                HourlyWeights = settings.HourlyWeights.IsDefaultOrEmpty ? WorkloadSpec.DefaultDiurnal : settings.HourlyWeights,
                Bursts = [.. settings.Bursts.Select(b => new Burst(b.StartSeconds, b.DurationSeconds, b.Multiplier))],
                Trace = trace.IsDefault ? [] : trace,
            },
            Fleet = fleet,
            Autoscaler = autoscaler,
            Variability = settings.Variability,
            VariabilityCv = settings.VariabilityCv,
            MaxQueueLength = settings.MaxQueueLength,
            SampleIntervalSeconds = settings.SampleIntervalSeconds,
        };
        if (settings.HourlyWeights.IsDefaultOrEmpty)
        {
            notes.Add("hourly weights: the simulator's default consumer diurnal curve (an assumption; give simulation.hourly_weights from your traffic)");
        }

        problems.AddRange(spec.Problems());
        return problems.Count > 0 ? (null, [.. problems]) : (new ScenarioSimulationPlan(spec, [.. notes], economics.ComputeCostPerClipUsd), []);
    }

    /// <summary>
    /// Whether batching pays, from the cost model: a step of b clips takes max(b × compute, weight streaming) where one
    /// clip takes max(compute, weights); the rest of a clip's time scales with b. Video transformers are compute-bound,
    /// so batches gain next to nothing and stay off unless the gain passes <see cref="BatchingThreshold"/>.
    /// </summary>
    private static (int Size, double TimeFactor) Batching(int requested, Scenario scenario, VideoModel model, Gpu gpu, CostCalibration calibration, List<string> notes)
    {
        if (requested <= 1)
        {
            return (1, 1);
        }

        var item = scenario.Product.ClipMix[0];
        var estimate = ClipCost.Estimate(ClipCosting.Request(scenario, item, model, gpu), calibration).Estimate!;
        var denoise = estimate.Phases.First(p => p.Phase == Phase.Denoise);
        var steps = item.Steps ?? model.DefaultSteps;
        var compute = denoise.ComputeSeconds / steps;
        var memory = denoise.MemorySeconds / steps;
        var one = estimate.LatencySeconds;
        var batch = (requested * (one - denoise.Seconds)) + (steps * (Math.Max(requested * compute, memory) + ((denoise.Seconds / steps) - Math.Max(compute, memory)) * requested));
        var factor = batch / one;
        var gain = requested / factor;
        if (gain < BatchingThreshold)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"batching off: the cost model gives {gain:0.000}× throughput at batch {requested} ({model.Id} is compute-bound: {compute:0.###} s of math per step against {memory:0.####} s of weight reads)"));
            return (1, 1);
        }

        notes.Add(string.Create(CultureInfo.InvariantCulture, $"batching on: batch {requested} takes {factor:0.##}× one clip's time ({gain:0.##}× throughput)"));
        return (requested, factor);
    }
}
