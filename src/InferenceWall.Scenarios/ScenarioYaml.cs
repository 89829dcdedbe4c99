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
        if (Bounds(source, text) is { } tooBig)
        {
            errors.Add(tooBig);
            return (null, errors);
        }

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
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet throws these (not a YamlException) for some malformed input: a stray alias or tag where a node
            // should start, a scanner state it does not expect. Its position is not exposed, so the problem is about the file.
            errors.Add(Problem.InText(source, null, null, $"not valid YAML ({ex.Message.Replace(" (Parameter 'parser')", string.Empty, StringComparison.Ordinal)}); look for a stray '*' alias, '&' anchor, '!' tag or unclosed quote or bracket"));
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
        if (product is null || capacity is null)
        {
            return (null, errors);
        }

        var scenario = new Scenario
        {
            Name = name ?? string.Empty,
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
        };
        // The rules run on what could be read, so that range problems come with the type problems; a rule about a
        // field that already has a problem, or about its parent or child (a sum over a list with an unreadable item), is
        // left out as a consequence of the first.
        var known = errors.Select(e => e.Path).Where(p => p.Length > 0).ToList();
        errors.AddRange(ScenarioRules.Check(scenario)
            .Where(p => (p.Path != "name" || name is not null) && !known.Any(k => Related(k, p.Path)))
            .Select(p => p with { Location = r.Locate(p.Path) }));
        return errors.Count > 0 ? (null, errors) : (scenario, errors);
    }

    private static bool Related(string a, string b) =>
        a == b || Under(a, b) || Under(b, a);

    private static bool Under(string child, string parent) =>
        child.Length > parent.Length && child.StartsWith(parent, StringComparison.Ordinal) && child[parent.Length] is '.' or '[';

    /// <summary>The largest scenario file read: 1 MiB (the shipped ones are under 5 KB).</summary>
    public const int MaxChars = 1 << 20;

    /// <summary>The deepest nesting of lists and mappings: a scenario needs 5 levels.</summary>
    public const int MaxDepth = 32;

    /// <summary>The most YAML nodes read.</summary>
    public const int MaxNodes = 200_000;

    /// <summary>
    /// Refuses a text too long, too deeply nested or with too many nodes before building its tree, so that a hostile
    /// file cannot exhaust the stack or memory. The scan is the parser's own event stream (no recursion).
    /// </summary>
    private static Problem? Bounds(string source, string text)
    {
        if (text.Length > MaxChars)
        {
            return Problem.LimitExceeded(string.Empty, $"the scenario is {text.Length:N0} characters; the limit is {MaxChars:N0}") with { Location = new SourceLocation(source) };
        }

        var parser = new Parser(new StringReader(text));
        int depth = 0, nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                        nodes++;
                        if (++depth > MaxDepth)
                        {
                            var at = parser.Current.Start;
                            return Problem.LimitExceeded(string.Empty, $"lists and mappings are nested more than {MaxDepth} deep", "a scenario needs at most 5 levels")
                                with
                            { Location = new SourceLocation(source, (int)at.Line, (int)at.Column) };
                        }

                        break;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        depth--;
                        break;
                    case YamlDotNet.Core.Events.Scalar or YamlDotNet.Core.Events.AnchorAlias:
                        nodes++;
                        break;
                }

                if (nodes > MaxNodes)
                {
                    var at = parser.Current!.Start;
                    return Problem.LimitExceeded(string.Empty, $"the scenario has more than {MaxNodes:N0} values") with { Location = new SourceLocation(source, (int)at.Line, (int)at.Column) };
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or ArgumentException or InvalidOperationException)
        {
            // Reported by the full load that follows.
        }

        return null;
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
        var precision = r.Choice(map, "precision", path, Words.Precision, false) ?? Precision.Bf16;
        var offload = r.Choice(map, "offload", path, Words.Offload, false) ?? OffloadMode.None;
        var stack = r.Text(map, "stack", path, false);
        var compiled = r.Boolean(map, "compiled", path);
        var textEncoderOnCpu = r.Boolean(map, "text_encoder_on_cpu", path);
        var kernel = r.Choice(map, "attention_kernel", path, Words.AttentionKernel, false) ?? AttentionKernel.Default;
        var attentionKeep = r.Number(map, "attention_keep", path, false) ?? 1.0;
        var computedStepShare = r.Number(map, "computed_step_share", path, false) ?? 1.0;
        var batchSize = r.Integer(map, "batch_size", path, false) ?? 1;
        var upscaler = r.Text(map, "upscaler", path, false);
        var generateHeight = r.Integer(map, "generate_height_px", path, false);
        var utilization = r.Number(map, "utilization", path, false) ?? 1.0;
        var mixNode = YamlReader.Child(map, "clip_mix");
        var seq = r.Sequence(mixNode, path + ".clip_mix", map is not null);
        var mix = ImmutableArray.CreateBuilder<ClipMixItem>();
        if (seq is not null)
        {
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var p = $"{path}.clip_mix[{i}]";
                var m = r.Mapping(seq.Children[i], p, K.ClipMix);
                var share = r.Number(m, "share", p, true);
                var width = r.Integer(m, "width_px", p, true);
                var height = r.Integer(m, "height_px", p, true);
                var seconds = r.Number(m, "seconds", p, true);
                var fps = r.Number(m, "fps", p, true);
                var steps = r.Integer(m, "steps", p, false);
                var cfg = r.Boolean(m, "cfg", p);
                if (share is not null && width is not null && height is not null && seconds is not null && fps is not null)
                {
                    mix.Add(new ClipMixItem { Share = share.Value, WidthPixels = width.Value, HeightPixels = height.Value, Seconds = seconds.Value, FramesPerSecond = fps.Value, Steps = steps, Cfg = cfg });
                }
            }
        }

        // Missing model or GPU are already problems; the spec is still built so that the rules can check the rest.
        return map is null ? null : new ProductSpec
        {
            Model = model ?? string.Empty,
            Gpu = gpu ?? string.Empty,
            Plan = plan,
            Precision = precision,
            Offload = offload,
            Stack = stack,
            Compiled = compiled,
            TextEncoderOnCpu = textEncoderOnCpu ?? false,
            AttentionKernel = kernel,
            AttentionKeep = attentionKeep,
            ComputedStepShare = computedStepShare,
            BatchSize = batchSize,
            Upscaler = upscaler,
            GenerateHeightPixels = generateHeight,
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
        var reserved = r.Number(mix, "reserved", path + ".mix", false);
        var onDemand = r.Number(mix, "on_demand", path + ".mix", false);
        var spot = r.Number(mix, "spot", path + ".mix", false);
        var prices = r.Mapping(YamlReader.Child(map, "usd_per_gpu_hour"), path + ".usd_per_gpu_hour", K.CapacityClasses, required: false);
        return new CapacitySpec
        {
            Provider = provider,
            Owned = owned,
            ReservedShare = mix is null ? 0 : reserved ?? 0,
            OnDemandShare = mix is null ? 1 : onDemand ?? 0,
            SpotShare = mix is null ? 0 : spot ?? 0,
            ReservedUsdPerGpuHour = r.Number(prices, "reserved", path + ".usd_per_gpu_hour", false),
            OnDemandUsdPerGpuHour = r.Number(prices, "on_demand", path + ".usd_per_gpu_hour", false),
            SpotUsdPerGpuHour = r.Number(prices, "spot", path + ".usd_per_gpu_hour", false),
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
            var count = r.Number(m, "users", p, true);
            var clips = r.Number(m, "clips_per_user_per_day", p, true);
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
            var kind = r.Choice(m, "kind", p, Words.PlanKind, true);
            var plan = new PricingPlan
            {
                Name = name ?? string.Empty,
                Kind = kind ?? PlanKind.Free,
                UsdPerClip = r.Number(m, "usd_per_clip", p, false),
                UsdPerVideoSecond = r.Number(m, "usd_per_video_second", p, false),
                UsdPerMonth = r.Number(m, "usd_per_month", p, false),
                IncludedClipsPerMonth = r.Number(m, "included_clips_per_month", p, false),
                OverageUsdPerClip = r.Number(m, "overage_usd_per_clip", p, false),
                MinimumUsdPerMonth = r.Number(m, "minimum_usd_per_month", p, false),
            };
            // A plan whose kind could not be read is kept (as free) so that the tiers naming it are not reported too;
            // the file's problems already stop it from being used.
            if (name is not null)
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
            StorageUsdPerClip = r.Number(m, "storage_usd_per_clip", path, false) ?? 0,
            EgressUsdPerClip = r.Number(m, "egress_usd_per_clip", path, false) ?? 0,
            FixedUsdPerDay = r.Number(m, "fixed_usd_per_day", path, false) ?? 0,
        };
    }

    private static EnergySpec Energy(YamlReader r, YamlNode? node)
    {
        const string path = "energy";
        var m = r.Mapping(node, path, K.Energy, required: false);
        return new EnergySpec
        {
            ElectricityUsdPerKwh = r.Number(m, "electricity_usd_per_kwh", path, false) ?? EnergySpec.DefaultUsdPerKwh,
            Pue = r.Number(m, "pue", path, false) ?? CostRequest.DefaultPue,
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
                if (w is YamlScalarNode { Value: { } v } && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                {
                    list.Add(d);
                }
                else
                {
                    r.Error(w, path + ".hourly_weights", "each weight must be a number");
                }
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
                var start = r.Number(b, "start_s", p, true);
                var duration = r.Number(b, "duration_s", p, true);
                var multiplier = r.Number(b, "multiplier", p, true);
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
                Target = r.Number(a, "target", ap, false) ?? ad.Target,
                IntervalSeconds = r.Number(a, "interval_s", ap, false) ?? ad.IntervalSeconds,
                MinReplicas = r.Integer(a, "min_replicas", ap, false) ?? ad.MinReplicas,
                MaxReplicas = r.Integer(a, "max_replicas", ap, false) ?? ad.MaxReplicas,
                SpotShare = r.Number(a, "spot_share", ap, false) ?? ad.SpotShare,
            };
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
                var priority = r.Integer(t, "priority", p, false) ?? 0;
                var slo = r.Number(t, "slo_s", p, false);
                var timeout = r.Number(t, "timeout_s", p, false);
                if (tier is not null)
                {
                    tiers.Add(new TierSettings { Tier = tier, Priority = priority, SloSeconds = slo, TimeoutSeconds = timeout });
                }
            }
        }

        return new SimulationSettings
        {
            DurationSeconds = r.Number(m, "duration_s", path, false) ?? defaults.DurationSeconds,
            HourlyWeights = weights,
            Bursts = bursts.ToImmutable(),
            Variability = r.Choice(m, "variability", path, Words.Variability, false) ?? defaults.Variability,
            VariabilityCv = r.Number(m, "variability_cv", path, false) ?? defaults.VariabilityCv,
            MaxQueueLength = r.Integer(m, "max_queue_length", path, false),
            SampleIntervalSeconds = r.Number(m, "sample_interval_s", path, false) ?? defaults.SampleIntervalSeconds,
            ProvisioningDelaySeconds = r.Number(m, "provisioning_delay_s", path, false) ?? defaults.ProvisioningDelaySeconds,
            LoadGbps = r.Number(m, "load_gbps", path, false) ?? defaults.LoadGbps,
            SpotPreemptionsPerHour = r.Number(m, "spot_preemptions_per_hour", path, false) ?? defaults.SpotPreemptionsPerHour,
            ReservedReplicas = r.Integer(m, "reserved_replicas", path, false) ?? 0,
            InitialReplicas = r.Integer(m, "initial_replicas", path, false) ?? 0,
            Autoscaler = autoscaler,
            Tiers = tiers.ToImmutable(),
            BatchSize = r.Integer(m, "batch_size", path, false) ?? 1,
        };
    }

    private static ValueChainSpec ValueChain(YamlReader r, YamlNode? node)
    {
        const string path = "value_chain";
        var m = r.Mapping(node, path, K.ValueChain, required: false);
        var defaults = new ValueChainSpec();
        return new ValueChainSpec
        {
            GpuCapexUsd = r.Number(m, "gpu_capex_usd", path, false),
            AmortizationYears = r.Number(m, "amortization_years", path, false) ?? defaults.AmortizationYears,
            ChipVendorGrossMargin = r.Number(m, "chip_vendor_gross_margin", path, false) ?? defaults.ChipVendorGrossMargin,
        };
    }
}
