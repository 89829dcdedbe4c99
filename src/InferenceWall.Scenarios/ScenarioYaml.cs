using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using K = InferenceWall.Scenarios.ScenarioKeys;

namespace InferenceWall.Scenarios;

/// <summary>
/// Reads a scenario YAML file into a validated <see cref="Scenario"/>. Every problem is reported at once with
/// line, column, field path and a fix; unknown keys suggest the nearest known one.
/// </summary>
public static class ScenarioYaml
{
    public static (Scenario? Scenario, IReadOnlyList<Problem> Errors) Parse(string source, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<Problem>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            errors.Add(Problem.InText(source, (int)ex.Start.Line, null, $"not valid YAML: {ex.Message}", (int)ex.Start.Column));
            return (null, errors);
        }

        if (stream.Documents.Count != 1)
        {
            errors.Add(Problem.InText(source, null, null, stream.Documents.Count == 0 ? "the file is empty; a scenario needs at least name, product, capacity, users and pricing" : "holds several YAML documents; put one scenario per file"));
            return (null, errors);
        }

        var r = new YamlReader(source, errors);
        var root = r.Mapping(stream.Documents[0].RootNode, string.Empty, K.Root);
        var name = r.Text(root, "name", string.Empty, true);
        var horizon = r.Integer(root, "horizon_days", string.Empty, false);
        var product = Product(r, YamlReader.Child(root, "product"));
        var capacity = Capacity(r, YamlReader.Child(root, "capacity"));
        var users = Users(r, YamlReader.Child(root, "users"));
        var plans = Plans(r, YamlReader.Child(root, "pricing"));
        var other = OtherCosts(r, YamlReader.Child(root, "other_costs"));
        var energy = Energy(r, YamlReader.Child(root, "energy"));
        var valueChain = ValueChain(r, YamlReader.Child(root, "value_chain"));
        var simulation = Simulation(r, YamlReader.Child(root, "simulation"), users);
        if (errors.Count > 0 || name is null || product is null || capacity is null)
        {
            return (null, errors);
        }

        return (new Scenario
        {
            Name = name,
            Description = r.Text(root, "description", string.Empty, false) ?? string.Empty,
            HorizonDays = horizon ?? 365,
            Product = product,
            Capacity = capacity,
            Users = users,
            Plans = plans,
            OtherCosts = other,
            Energy = energy,
            ValueChain = valueChain,
            Simulation = simulation,
        }, errors);
    }

    private static ProductSpec? Product(YamlReader r, YamlNode? node)
    {
        const string path = "product";
        var map = r.Mapping(node, path, K.Product);
        var model = r.Text(map, "model", path, true);
        var gpu = r.Text(map, "gpu", path, true);
        var gpus = r.Integer(map, "gpus_per_clip", path, false) ?? 1;
        var parallelNode = YamlReader.Child(map, "parallel");
        var pmap = r.Mapping(parallelNode, path + ".parallel", K.Parallel, required: false);
        var plan = new ParallelPlan
        {
            Gpus = gpus,
            Ulysses = r.Integer(pmap, "ulysses", path + ".parallel", false) ?? (pmap is null ? gpus : 1),
            Ring = r.Integer(pmap, "ring", path + ".parallel", false) ?? 1,
            CfgParallel = r.Integer(pmap, "cfg_parallel", path + ".parallel", false) ?? 1,
            TensorParallel = r.Integer(pmap, "tensor_parallel", path + ".parallel", false) ?? 1,
            ShardWeights = r.Boolean(pmap, "shard_weights", path + ".parallel") ?? false,
        };
        foreach (var problem in plan.Problems())
        {
            r.Error(parallelNode ?? map, path + ".parallel", problem.Text.Replace("gpus is", "gpus_per_clip is", StringComparison.Ordinal));
        }

        var precision = r.Choice(map, "precision", path, Words.Precision, false) ?? Precision.Bf16;
        var offload = r.Choice(map, "offload", path, Words.Offload, false) ?? OffloadMode.None;
        var utilization = r.Number(map, "utilization", path, false, 0, 1, minExclusive: true) ?? 1.0;
        var mixNode = YamlReader.Child(map, "clip_mix");
        var seq = r.Sequence(mixNode, path + ".clip_mix", map is not null);
        var mix = ImmutableArray.CreateBuilder<ClipMixItem>();
        if (seq is not null)
        {
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var p = $"{path}.clip_mix[{i}]";
                var m = r.Mapping(seq.Children[i], p, K.ClipMix);
                var share = r.Number(m, "share", p, true, 0, 1, minExclusive: true);
                var width = r.Integer(m, "width_px", p, true);
                var height = r.Integer(m, "height_px", p, true);
                var seconds = r.Number(m, "seconds", p, true, 0, minExclusive: true);
                var fps = r.Number(m, "fps", p, true, 0, minExclusive: true);
                var steps = r.Integer(m, "steps", p, false);
                var cfg = r.Boolean(m, "cfg", p);
                if (share is not null && width is not null && height is not null && seconds is not null && fps is not null)
                {
                    mix.Add(new ClipMixItem { Share = share.Value, WidthPixels = width.Value, HeightPixels = height.Value, Seconds = seconds.Value, FramesPerSecond = fps.Value, Steps = steps, Cfg = cfg });
                }
            }

            if (seq.Children.Count == 0)
            {
                r.Error(seq, path + ".clip_mix", "is empty; list at least one kind of clip");
            }
            else if (mix.Count == seq.Children.Count && Math.Abs(mix.Sum(x => x.Share) - 1) > 1e-6)
            {
                r.Error(seq, path + ".clip_mix", $"shares add up to {mix.Sum(x => x.Share).ToString("0.####", CultureInfo.InvariantCulture)}; they must add up to 1");
            }
        }

        return model is null || gpu is null ? null : new ProductSpec
        {
            Model = model,
            Gpu = gpu,
            Plan = plan,
            Precision = precision,
            Offload = offload,
            Utilization = utilization,
            ClipMix = mix.ToImmutable(),
        };
    }

    private static CapacitySpec? Capacity(YamlReader r, YamlNode? node)
    {
        const string path = "capacity";
        var map = r.Mapping(node, path, K.Capacity);
        if (map is null)
        {
            return null;
        }

        var provider = r.Text(map, "provider", path, false);
        var owned = r.Boolean(map, "owned", path) ?? false;
        var mixNode = YamlReader.Child(map, "mix");
        var mix = r.Mapping(mixNode, path + ".mix", K.CapacityClasses, required: false);
        var reserved = r.Number(mix, "reserved", path + ".mix", false, 0, 1);
        var onDemand = r.Number(mix, "on_demand", path + ".mix", false, 0, 1);
        var spot = r.Number(mix, "spot", path + ".mix", false, 0, 1);
        if (mix is not null && Math.Abs((reserved ?? 0) + (onDemand ?? 0) + (spot ?? 0) - 1) > 1e-6)
        {
            r.Error(mix, path + ".mix", "reserved + on_demand + spot must add up to 1");
        }

        var prices = r.Mapping(YamlReader.Child(map, "usd_per_gpu_hour"), path + ".usd_per_gpu_hour", K.CapacityClasses, required: false);
        if (!owned && provider is null && prices is null)
        {
            r.Error(map, path, "needs provider (catalog prices), usd_per_gpu_hour (your prices) or owned: true");
        }

        return new CapacitySpec
        {
            Provider = provider,
            Owned = owned,
            ReservedShare = mix is null ? 0 : reserved ?? 0,
            OnDemandShare = mix is null ? 1 : onDemand ?? 0,
            SpotShare = mix is null ? 0 : spot ?? 0,
            ReservedUsdPerGpuHour = r.Number(prices, "reserved", path + ".usd_per_gpu_hour", false, 0, minExclusive: true),
            OnDemandUsdPerGpuHour = r.Number(prices, "on_demand", path + ".usd_per_gpu_hour", false, 0, minExclusive: true),
            SpotUsdPerGpuHour = r.Number(prices, "spot", path + ".usd_per_gpu_hour", false, 0, minExclusive: true),
        };
    }

    private static ImmutableArray<UserTier> Users(YamlReader r, YamlNode? node)
    {
        var seq = r.Sequence(node, "users", true);
        var users = ImmutableArray.CreateBuilder<UserTier>();
        for (var i = 0; seq is not null && i < seq.Children.Count; i++)
        {
            var p = $"users[{i}]";
            var m = r.Mapping(seq.Children[i], p, K.User);
            var tier = r.Text(m, "tier", p, true);
            var count = r.Number(m, "users", p, true, 0);
            var clips = r.Number(m, "clips_per_user_per_day", p, true, 0);
            var plan = r.Text(m, "plan", p, true);
            if (tier is not null && count is not null && clips is not null && plan is not null)
            {
                users.Add(new UserTier { Tier = tier, Users = count.Value, ClipsPerUserPerDay = clips.Value, Plan = plan });
            }
        }

        return users.ToImmutable();
    }

    private static ImmutableArray<PricingPlan> Plans(YamlReader r, YamlNode? node)
    {
        var seq = r.Sequence(node, "pricing", true);
        var plans = ImmutableArray.CreateBuilder<PricingPlan>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; seq is not null && i < seq.Children.Count; i++)
        {
            var p = $"pricing[{i}]";
            var m = r.Mapping(seq.Children[i], p, K.Plan);
            var name = r.Text(m, "name", p, true);
            if (name is not null && !names.Add(name))
            {
                r.Error(YamlReader.Child(m, "name"), p + ".name", $"'{name}' is used by another plan; plan names must be unique");
            }

            var kind = r.Choice(m, "kind", p, Words.PlanKind, true);
            var plan = new PricingPlan
            {
                Name = name ?? string.Empty,
                Kind = kind ?? PlanKind.Free,
                UsdPerClip = r.Number(m, "usd_per_clip", p, false, 0),
                UsdPerVideoSecond = r.Number(m, "usd_per_video_second", p, false, 0),
                UsdPerMonth = r.Number(m, "usd_per_month", p, false, 0),
                IncludedClipsPerMonth = r.Number(m, "included_clips_per_month", p, false, 0),
                OverageUsdPerClip = r.Number(m, "overage_usd_per_clip", p, false, 0),
                MinimumUsdPerMonth = r.Number(m, "minimum_usd_per_month", p, false, 0),
            };
            var needs = kind switch
            {
                PlanKind.PerClip or PlanKind.Enterprise => ("usd_per_clip", plan.UsdPerClip),
                PlanKind.PerSecond => ("usd_per_video_second", plan.UsdPerVideoSecond),
                PlanKind.Subscription => ("usd_per_month", plan.UsdPerMonth),
                _ => ((string, double?)?)null,
            };
            if (needs is { } n && n.Item2 is null && m is not null && YamlReader.Child(m, n.Item1) is null)
            {
                r.Error(m, $"{p}.{n.Item1}", $"is required for kind {(YamlReader.Child(m, "kind") is YamlScalarNode k ? k.Value : string.Empty)}");
            }

            if (name is not null && kind is not null)
            {
                plans.Add(plan);
            }
        }

        return plans.ToImmutable();
    }

    private static OtherCosts OtherCosts(YamlReader r, YamlNode? node)
    {
        const string path = "other_costs";
        var m = r.Mapping(node, path, K.OtherCosts, required: false);
        return new OtherCosts
        {
            StorageUsdPerClip = r.Number(m, "storage_usd_per_clip", path, false, 0) ?? 0,
            EgressUsdPerClip = r.Number(m, "egress_usd_per_clip", path, false, 0) ?? 0,
            FixedUsdPerDay = r.Number(m, "fixed_usd_per_day", path, false, 0) ?? 0,
        };
    }

    private static EnergySpec Energy(YamlReader r, YamlNode? node)
    {
        const string path = "energy";
        var m = r.Mapping(node, path, K.Energy, required: false);
        return new EnergySpec
        {
            ElectricityUsdPerKwh = r.Number(m, "electricity_usd_per_kwh", path, false, 0) ?? EnergySpec.DefaultUsdPerKwh,
            Pue = r.Number(m, "pue", path, false, 1, 5) ?? CostRequest.DefaultPue,
        };
    }

    private static SimulationSettings? Simulation(YamlReader r, YamlNode? node, ImmutableArray<UserTier> users)
    {
        const string path = "simulation";
        var m = r.Mapping(node, path, K.Simulation, required: false);
        if (m is null)
        {
            return null;
        }

        var defaults = new SimulationSettings();
        var weights = ImmutableArray<double>.Empty;
        var weightsNode = YamlReader.Child(m, "hourly_weights");
        if (r.Sequence(weightsNode, path + ".hourly_weights", false) is { } ws)
        {
            var list = new List<double>();
            foreach (var w in ws.Children)
            {
                if (w is YamlScalarNode { Value: { } v } && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && double.IsFinite(d))
                {
                    list.Add(d);
                }
                else
                {
                    r.Error(w, path + ".hourly_weights", "each weight must be a non-negative number");
                }
            }

            if (list.Count != 24 && list.Count == ws.Children.Count)
            {
                r.Error(ws, path + ".hourly_weights", $"has {list.Count} weights; give 24, one per hour of the day");
            }

            weights = [.. list];
        }

        var bursts = ImmutableArray.CreateBuilder<BurstSettings>();
        if (r.Sequence(YamlReader.Child(m, "bursts"), path + ".bursts", false) is { } bs)
        {
            for (var i = 0; i < bs.Children.Count; i++)
            {
                var p = $"{path}.bursts[{i}]";
                var b = r.Mapping(bs.Children[i], p, K.Burst);
                var start = r.Number(b, "start_s", p, true, 0);
                var duration = r.Number(b, "duration_s", p, true, 0, minExclusive: true);
                var multiplier = r.Number(b, "multiplier", p, true, 0);
                if (start is not null && duration is not null && multiplier is not null)
                {
                    bursts.Add(new BurstSettings(start.Value, duration.Value, multiplier.Value));
                }
            }
        }

        AutoscalerSettings? autoscaler = null;
        var a = r.Mapping(YamlReader.Child(m, "autoscaler"), path + ".autoscaler", K.Autoscaler, required: false);
        if (a is not null)
        {
            const string ap = path + ".autoscaler";
            var ad = new AutoscalerSettings();
            autoscaler = new AutoscalerSettings
            {
                Policy = r.Choice(a, "policy", ap, Words.AutoscalePolicy, false) ?? ad.Policy,
                Target = r.Number(a, "target", ap, false, 0, minExclusive: true) ?? ad.Target,
                IntervalSeconds = r.Number(a, "interval_s", ap, false, 0, minExclusive: true) ?? ad.IntervalSeconds,
                MinReplicas = r.Integer(a, "min_replicas", ap, false, 0) ?? ad.MinReplicas,
                MaxReplicas = r.Integer(a, "max_replicas", ap, false, 1) ?? ad.MaxReplicas,
                SpotShare = r.Number(a, "spot_share", ap, false, 0, 1) ?? ad.SpotShare,
            };
            if (autoscaler.MaxReplicas < autoscaler.MinReplicas)
            {
                r.Error(a, ap + ".max_replicas", "must be at least min_replicas");
            }
        }

        var tiers = ImmutableArray.CreateBuilder<TierSettings>();
        var known = users.Select(u => u.Tier).ToList();
        if (r.Sequence(YamlReader.Child(m, "tiers"), path + ".tiers", false) is { } ts)
        {
            for (var i = 0; i < ts.Children.Count; i++)
            {
                var p = $"{path}.tiers[{i}]";
                var t = r.Mapping(ts.Children[i], p, K.SimTier);
                var tier = r.Text(t, "tier", p, true);
                if (tier is not null && !known.Contains(tier))
                {
                    var near = InferenceWall.Core.Text.NameMatcher.Nearest(tier, known, 1);
                    r.Error(YamlReader.Child(t, "tier"), p + ".tier", $"no user tier named '{tier}'" + (near.Count > 0 ? $"; did you mean '{near[0]}'?" : string.Empty));
                }

                var priority = r.Integer(t, "priority", p, false, 0) ?? 0;
                var slo = r.Number(t, "slo_s", p, false, 0, minExclusive: true);
                var timeout = r.Number(t, "timeout_s", p, false, 0, minExclusive: true);
                if (tier is not null)
                {
                    tiers.Add(new TierSettings { Tier = tier, Priority = priority, SloSeconds = slo, TimeoutSeconds = timeout });
                }
            }
        }

        return new SimulationSettings
        {
            DurationSeconds = r.Number(m, "duration_s", path, false, 0, minExclusive: true) ?? defaults.DurationSeconds,
            HourlyWeights = weights,
            Bursts = bursts.ToImmutable(),
            Variability = r.Choice(m, "variability", path, Words.Variability, false) ?? defaults.Variability,
            VariabilityCv = r.Number(m, "variability_cv", path, false, 0, minExclusive: true) ?? defaults.VariabilityCv,
            MaxQueueLength = r.Integer(m, "max_queue_length", path, false, 0),
            SampleIntervalSeconds = r.Number(m, "sample_interval_s", path, false, 0, minExclusive: true) ?? defaults.SampleIntervalSeconds,
            ProvisioningDelaySeconds = r.Number(m, "provisioning_delay_s", path, false, 0) ?? defaults.ProvisioningDelaySeconds,
            SpotPreemptionsPerHour = r.Number(m, "spot_preemptions_per_hour", path, false, 0) ?? defaults.SpotPreemptionsPerHour,
            ReservedReplicas = r.Integer(m, "reserved_replicas", path, false, 0) ?? 0,
            InitialReplicas = r.Integer(m, "initial_replicas", path, false, 0) ?? 0,
            Autoscaler = autoscaler,
            Tiers = tiers.ToImmutable(),
            BatchSize = r.Integer(m, "batch_size", path, false, 1) ?? 1,
        };
    }

    private static ValueChainSpec ValueChain(YamlReader r, YamlNode? node)
    {
        const string path = "value_chain";
        var m = r.Mapping(node, path, K.ValueChain, required: false);
        var defaults = new ValueChainSpec();
        return new ValueChainSpec
        {
            GpuCapexUsd = r.Number(m, "gpu_capex_usd", path, false, 0, minExclusive: true),
            AmortizationYears = r.Number(m, "amortization_years", path, false, 0, minExclusive: true) ?? defaults.AmortizationYears,
            ChipVendorGrossMargin = r.Number(m, "chip_vendor_gross_margin", path, false, 0, 1) ?? defaults.ChipVendorGrossMargin,
        };
    }
}
