using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Simulation.Workload;

/// <summary>A scenario mapped onto a simulation, with the assumptions made on the way.</summary>
public sealed record ScenarioSimulationPlan(SimulationSpec Spec, ImmutableArray<string> Notes, double AverageLoadCostPerClipUsd)
{
    /// <summary>How long a replica takes to start: the machine's provisioning delay, then the model's load (cold start).</summary>
    public ReplicaStart? ReplicaStart { get; init; }
}

/// <summary>
/// A replica's start: <see cref="ProvisioningDelaySeconds"/> (the scenario's, for the machine) plus the model's load
/// (<see cref="Load"/>: bytes per GPU at the load bandwidth); the simulator waits <see cref="Seconds"/>.
/// </summary>
public sealed record ReplicaStart(double ProvisioningDelaySeconds, ModelLoad Load)
{
    public double Seconds => ProvisioningDelaySeconds + Load.Seconds;
}

/// <summary>
/// Maps a scenario (users, clip mix, GPUs, prices and its <c>simulation</c> section) onto a <see cref="SimulationSpec"/>:
/// arrival rate and tier shares from the users, service times from the cost model, prices from the catalog.
/// </summary>
public static class ScenarioSimulation
{
    /// <summary>Batching must speed throughput up by at least this much to be used.</summary>
    public const double BatchingThreshold = ClipCosting.BatchingThreshold;

    /// <summary>
    /// Why a scenario's finished run has no answer, or null: it stopped at the event limit before its work was done, or
    /// (the spec's checks keep every figure finite) a total still overflowed near the largest double. Every caller that
    /// simulates a scenario's day checks its run here.
    /// </summary>
    public static Problem? Unfinished(ScenarioSimulationPlan plan, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(result);
        return result.StoppedAtEventLimit ? EventLimit("simulation")
            : !new[] { result.CostUsd, result.GpuHoursPaid, result.EnergyKwh, result.LostGpuHours, result.EndSeconds, plan.AverageLoadCostPerClipUsd }.All(double.IsFinite)
                ? Problem.LimitExceeded("simulation", "the run's GPU-hours or dollars are too large to represent", "check the clips' service times, the prices and the run's length")
                : null;
    }

    /// <summary>The run passed the simulator's event limit before its work was done.</summary>
    public static Problem EventLimit(string path) => Problem.LimitExceeded(path,
        $"the run passed the simulator's limit of {SimulationLimits.MaxEvents:N0} events before its work was done", "simulate less demand, a shorter run or fewer preemptions");

    public static (ScenarioSimulationPlan? Plan, ImmutableArray<Problem> Problems) Build(Scenario scenario, VideoCatalog catalog, CostCalibration calibration, ImmutableArray<TraceArrival> trace = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<Problem>();
        var notes = new List<string>();
        var settings = scenario.Simulation ?? new SimulationSettings();
        if (scenario.Simulation is null)
        {
            notes.Add("the scenario has no simulation section: defaults used (one day, default diurnal curve, no autoscaler; replicas sized from average load)");
        }

        // Each user tier is set once; the first setting of a tier counts in the paths of later problems.
        var tierSettings = new Dictionary<string, (TierSettings Settings, int Index)>(StringComparer.Ordinal);
        for (var i = 0; i < settings.Tiers.Length; i++)
        {
            var t = settings.Tiers[i];
            if (!tierSettings.TryAdd(t.Tier, (t, i)))
            {
                problems.Add(Problem.BadInput($"simulation.tiers[{i}].tier", $"'{t.Tier}' is set twice (first at simulation.tiers[{tierSettings[t.Tier].Index}])",
                    "set each user tier once"));
            }
        }

        // Service times are one clip's; the fleet batches on top of them (the scenario's batch size unless the
        // simulation section sets its own), by the cost model's price of the batch.
        var requestedBatch = settings.BatchSize > 1 ? settings.BatchSize : scenario.Product.BatchSize;
        var single = scenario.Product.BatchSize == 1 ? scenario : scenario with { Product = scenario.Product with { BatchSize = 1 } };
        var (economics, economicsProblems) = UnitEconomics.Evaluate(single, catalog, calibration, compareApis: false);
        if (economics is null)
        {
            problems.AddRange(economicsProblems.Select(p => FromEconomics(p)));
            return (null, [.. problems]);
        }

        var gpu = catalog.FindGpu(scenario.Product.Gpu).Value!;
        var model = catalog.FindModel(scenario.Product.Model).Value!;
        var (stack, _) = ClipCosting.Stack(catalog, scenario.Product.Stack, "product.stack");
        var start = new ReplicaStart(settings.ProvisioningDelaySeconds,
            ModelLoading.PerGpu(model, scenario.Product.Precision, scenario.Product.Plan, ModelLoading.Vae(catalog, model), settings.LoadGbps));
        if (start.Seconds > SimulationLimits.MaxProvisioningDelaySeconds && settings.ProvisioningDelaySeconds <= SimulationLimits.MaxProvisioningDelaySeconds)
        {
            // The model's load pushes the start past the limit: the bandwidth is the field to change.
            problems.Add(Problem.LimitExceeded("simulation.load_gbps",
                string.Create(CultureInfo.InvariantCulture,
                    $"a replica would take {start.Seconds:N0} s to start: provisioning_delay_s {start.ProvisioningDelaySeconds:N0} s + the model's load {start.Load.Seconds:N0} s ({start.Load.Bytes / Units.Giga:0.##} GB per GPU at {start.Load.Gbps:G4} GB/s); the simulator takes a start of at most a day ({SimulationLimits.MaxProvisioningDelaySeconds:N0} s)"),
                "give a higher load_gbps (GB/s into each GPU)"));
            return (null, [.. problems]);
        }

        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"replica start: {start.Seconds:0.#} s = provisioning_delay_s {start.ProvisioningDelaySeconds:0.#} s (the machine) + the model's load {start.Load.Seconds:0.#} s ({start.Load.Bytes / Units.Giga:0.##} GB per GPU at load_gbps {start.Load.Gbps:0.##} GB/s)"));
        var clips = economics.Mix.Select((m, i) => new ClipClass
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"{m.Item.WidthPixels}x{m.Item.HeightPixels} {m.Item.Seconds:0.#}s"),
            Share = m.Item.Share,
            ServiceSeconds = m.LatencySeconds,
        }).ToImmutableArray();

        var tiers = economics.Tiers.Select(t => new TierSpec
        {
            Name = t.Tier,
            ArrivalShare = Math.Max(t.ClipsPerDay, 1e-12),
            Priority = tierSettings.TryGetValue(t.Tier, out var s) ? s.Settings.Priority : 0,
            SloSeconds = tierSettings.TryGetValue(t.Tier, out var s2) ? s2.Settings.SloSeconds : null,
            TimeoutSeconds = tierSettings.TryGetValue(t.Tier, out var s3) ? s3.Settings.TimeoutSeconds : null,
        }).ToImmutableArray();

        var (batchSize, batchFactor) = Batching(requestedBatch, single, model, gpu, stack, ClipCosting.Upscaler(catalog, scenario.Product).Upscaler, calibration, notes);
        var owned = scenario.Capacity.Owned;
        double Price(CapacityClass c, bool used)
        {
            if (owned)
            {
                return economics.BlendedUsdPerGpuHour;
            }

            var (price, _, problem) = UnitEconomics.ClassPrice(scenario, catalog, gpu, c);
            if (price is null && used)
            {
                problems.Add(FromEconomics(problem!));
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
                MaxReplicas = a.MaxReplicas == int.MaxValue ? null : a.MaxReplicas,
                SpotShare = a.SpotShare,
            }
            : null;

        // Replicas sized from the average load are counted in double first: a big enough demand passes any integer.
        var averageReplicas = Math.Ceiling(economics.GpuHoursPerDay * scenario.Product.Utilization / 24 / scenario.Product.Plan.Gpus);
        var sized = autoscaler is null && settings.ReservedReplicas == 0 && settings.InitialReplicas == 0;
        var initialFromLoad = Math.Max(1, Math.Ceiling(averageReplicas / scenario.Product.Utilization));
        if (sized && !double.IsFinite(initialFromLoad))
        {
            problems.Add(Problem.BadInput("users", "the demand and clip mix give no finite number of replicas to serve them"));
            return (null, [.. problems]);
        }

        if (sized && !(initialFromLoad <= SimulationLimits.MaxReplicas))
        {
            problems.Add(Problem.LimitExceeded("users",
                string.Create(CultureInfo.InvariantCulture, $"the demand needs about {initialFromLoad:N0} replicas at the average load; the simulator runs at most {SimulationLimits.MaxReplicas:N0} replicas"),
                "give simulation.autoscaler with max_replicas, or simulate a share of the users"));
            return (null, [.. problems]);
        }

        var initial = settings.InitialReplicas > 0 ? settings.InitialReplicas : sized ? (int)initialFromLoad : 0;

        // An owned fleet without an autoscaler is fixed capacity paid whether busy or not: it is listed as reserved.
        var ownedFixed = owned && autoscaler is null;
        var reserved = ownedFixed ? settings.ReservedReplicas + (long)initial : settings.ReservedReplicas;
        if (ownedFixed)
        {
            initial = 0;
        }

        if (sized)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"no replicas or autoscaler given: {initialFromLoad:0} {(owned ? "owned" : "on-demand")} replicas, the average load at the scenario's {scenario.Product.Utilization:P0} utilization"));
        }

        if (owned)
        {
            var price = economics.BlendedUsdPerGpuHour.ToString("0.###", CultureInfo.InvariantCulture);
            notes.Add($"owned GPUs: every replica is priced at the owned fleet's {price} $/GPU-hour" + (ownedFixed ? " and listed as reserved (fixed capacity, paid whether busy or not)" : string.Empty));
        }

        var spotUsed = (autoscaler?.SpotShare ?? 0) > 0;
        var fleet = new FleetSpec
        {
            GpusPerReplica = scenario.Product.Plan.Gpus,
            ReservedReplicas = (int)Math.Min(reserved, int.MaxValue),
            InitialOnDemandReplicas = initial,
            ReservedUsdPerGpuHour = Price(CapacityClass.Reserved, reserved > 0),
            OnDemandUsdPerGpuHour = Price(CapacityClass.OnDemand, initial > 0 || (autoscaler is not null && autoscaler.SpotShare < 1)),
            SpotUsdPerGpuHour = Price(CapacityClass.Spot, spotUsed),
            SpotPreemptionsPerHour = settings.SpotPreemptionsPerHour,
            ProvisioningDelaySeconds = start.Seconds,
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
        if (settings.HourlyWeights.IsDefaultOrEmpty && (trace.IsDefault || trace.IsEmpty))
        {
            notes.Add("hourly weights: the simulator's default consumer diurnal curve (an assumption; give simulation.hourly_weights from your traffic)");
        }

        var owner = new PathOwner(scenario, tierSettings.ToDictionary(kv => kv.Key, kv => kv.Value.Index, StringComparer.Ordinal), ownedFixed);
        problems.AddRange(spec.Problems().Select(p => p with { Path = owner.ScenarioPath(p.Path) }));
        return problems.Count > 0 ? (null, [.. problems]) : (new ScenarioSimulationPlan(spec, [.. notes], economics.ComputeCostPerClipUsd) { ReplicaStart = start }, []);
    }

    /// <summary>A problem of the economics, which still reports text ("path: message"); carried as it is.</summary>
    internal static Problem FromEconomics(string text) => Problem.BadInput(string.Empty, text);

    /// <summary>A problem of the economics once it reports typed problems: carried as it is.</summary>
    internal static Problem FromEconomics(Problem problem) => problem;

    /// <summary>Words a path of the simulation spec as the scenario field it came from.</summary>
    private sealed class PathOwner(Scenario scenario, Dictionary<string, int> tierSettings, bool ownedFixed)
    {
        public string ScenarioPath(string path)
        {
            var (head, index, rest) = Split(path);
            switch (head)
            {
                case "duration_s" or "sample_interval_s" or "variability_cv" or "max_queue_length":
                    return "simulation." + path;
                case "tiers" when index is { } i && i < scenario.Users.Length:
                    var tier = scenario.Users[i].Tier;
                    return rest switch
                    {
                        "name" => $"users[{i}].tier",
                        "slo_s" or "timeout_s" when tierSettings.TryGetValue(tier, out var j) => $"simulation.tiers[{j}].{rest}",
                        _ => $"users[{i}]",
                    };
                case "tiers":
                    return "users";
                case "clips":
                    return index is { } c ? $"product.clip_mix[{c}]" : "product.clip_mix";
                case "workload.mean_rate_per_s":
                    return "users";
                case "workload.hourly_weights":
                    return "simulation.hourly_weights";
                case "workload.bursts":
                    return "simulation.bursts" + (index is { } b ? $"[{b}]" : string.Empty) + (rest is null ? string.Empty : "." + rest);
                case "workload.trace":
                    return "trace";
                case "fleet.gpus_per_replica":
                    return "product.gpus_per_clip";
                case "fleet.reserved_replicas":
                    return ownedFixed && scenario.Simulation?.InitialReplicas > 0 ? "simulation.initial_replicas" : "simulation.reserved_replicas";
                case "fleet.initial_on_demand_replicas":
                    return "simulation.initial_replicas";
                case "fleet.spot_preemptions_per_hour" or "fleet.provisioning_delay_s" or "fleet.batch_size":
                    return "simulation." + head["fleet.".Length..];
                case "fleet.pue":
                    return "energy.pue";
                case "fleet.reserved_usd_per_gpu_hour":
                    return "capacity.usd_per_gpu_hour.reserved";
                case "fleet.on_demand_usd_per_gpu_hour":
                    return "capacity.usd_per_gpu_hour.on_demand";
                case "fleet.spot_usd_per_gpu_hour":
                    return "capacity.usd_per_gpu_hour.spot";
                case "fleet.board_power_w":
                    return "product.gpu";
                default:
                    return head.StartsWith("autoscaler.", StringComparison.Ordinal) ? "simulation." + path : "simulation";
            }
        }

        /// <summary><c>a.b[3].c</c> → (<c>a.b</c>, 3, <c>c</c>); a path without an index → (path, null, null).</summary>
        private static (string Head, int? Index, string? Tail) Split(string path)
        {
            var open = path.IndexOf('[', StringComparison.Ordinal);
            var close = open < 0 ? -1 : path.IndexOf(']', open);
            if (open < 0 || close < 0 || !int.TryParse(path.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return (path, null, null);
            }

            var rest = close + 2 <= path.Length ? path[(close + 2)..] : null;
            return (path[..open], index, string.IsNullOrEmpty(rest) ? null : rest);
        }
    }

    /// <summary>
    /// Whether batching pays, from the cost model: a step of b clips takes max(b × compute, weight streaming) where one
    /// clip takes max(compute, weights); the rest of a clip's time scales with b. Video transformers are compute-bound,
    /// so batches gain next to nothing and stay off unless the gain passes <see cref="BatchingThreshold"/>.
    /// </summary>
    private static (int Size, double TimeFactor) Batching(int requested, Scenario scenario, VideoModel model, Gpu gpu, StackProfile? stack, UpscalerChoice? upscaler, CostCalibration calibration, List<string> notes)
    {
        if (requested <= 1)
        {
            return (1, 1);
        }

        var item = scenario.Product.ClipMix[0];
        var request = ClipCosting.Request(scenario, item, model, gpu, stack, upscaler: upscaler);
        if (ClipCost.Estimate(request, calibration).Estimate is not { } estimate
            || ClipCost.Estimate(request with { BatchSize = requested }, calibration).Estimate is not { } batched)
        {
            // The batch's activations do not fit (the economics priced one clip), or no estimate: batching stays off.
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"batching off: the cost model gives no estimate for a batch of {requested} of the mix's first clip (its activations do not fit, or the clip cannot be costed)"));
            return (1, 1);
        }

        var denoise = estimate.Phases.First(p => p.Phase == Phase.Denoise);
        var steps = item.Steps ?? model.DefaultSteps;
        var compute = denoise.ComputeSeconds / steps;
        var memory = denoise.MemorySeconds / steps;
        var one = estimate.LatencySeconds;
        var batch = batched.LatencySeconds;
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
