using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;
using InferenceWall.Core.Text;

namespace InferenceWall.Core.Economics;

/// <summary>
/// The one validation of a scenario, whoever made or changed it: the YAML reader, a sweep's <c>set</c>, a Monte Carlo
/// draw, the optimizer and the HTTP API all check their scenario here. Every problem names its field by its path in
/// the scenario file. Checks that need the catalog (is the model known) are the economics' own.
/// </summary>
public static class ScenarioRules
{
    /// <summary>Limits on the sizes of a scenario, stated in every refusal.</summary>
    public const int MaxClipKinds = 100;
    public const int MaxUserTiers = 1_000;
    public const int MaxPlans = 100;
    public const int MaxBursts = 1_000;
    public const int MaxHorizonDays = 36_500;
    public const int MaxGpusPerClip = CostLimits.MaxGpus;
    public const int MaxPixels = CostLimits.MaxPixels;
    public const double MaxClipSeconds = 3_600;
    public const double MaxFramesPerSecond = 240;
    public const int MaxSteps = CostLimits.MaxSteps;

    /// <summary>
    /// The most any dollar figure of a scenario may be: $1 trillion, above any company's yearly revenue. Bounding every
    /// input keeps every derived figure finite (a day's cost of 1e308 dollars overflowed to infinity).
    /// </summary>
    public const double MaxUsd = 1e12;

    /// <summary>Hourly weights are relative; a million to one is more spread than any traffic shows.</summary>
    public const double MaxHourlyWeight = 1e6;

    /// <summary>More users than people alive (8.2 billion, UN World Population Prospects 2024) is a typo.</summary>
    public const double MaxUsers = 1e10;
    public const double MaxClipsPerUserPerDay = 100_000;

    public static ImmutableArray<Problem> Check(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var c = new Checker();
        if (string.IsNullOrWhiteSpace(scenario.Name))
        {
            c.Add("name", "is empty", "give the scenario a name");
        }

        c.Whole("horizon_days", scenario.HorizonDays, 1, MaxHorizonDays);
        Product(c, scenario.Product);
        Capacity(c, scenario.Capacity);
        Users(c, scenario);
        Plans(c, scenario.Plans);
        c.Money("other_costs.storage_usd_per_clip", scenario.OtherCosts.StorageUsdPerClip);
        c.Money("other_costs.egress_usd_per_clip", scenario.OtherCosts.EgressUsdPerClip);
        c.Money("other_costs.fixed_usd_per_day", scenario.OtherCosts.FixedUsdPerDay);
        c.Money("energy.electricity_usd_per_kwh", scenario.Energy.ElectricityUsdPerKwh);
        c.Between("energy.pue", scenario.Energy.Pue, 1, CostLimits.MaxPue, why: "PUE is facility power over IT power: 1 is a perfect data centre, 1.58 the 2023 industry average");
        if (scenario.ValueChain.GpuCapexUsd is { } capex)
        {
            c.Money("value_chain.gpu_capex_usd", capex, positive: true);
        }

        c.Between("value_chain.amortization_years", scenario.ValueChain.AmortizationYears, 0, 50, minExclusive: true);
        c.Between("value_chain.chip_vendor_gross_margin", scenario.ValueChain.ChipVendorGrossMargin, 0, 1);
        if (scenario.Simulation is { } sim)
        {
            Simulation(c, sim, scenario.Users);
        }

        return c.Problems;
    }

    private static void Product(Checker c, ProductSpec p)
    {
        if (string.IsNullOrWhiteSpace(p.Model))
        {
            c.Add("product.model", "is empty", "give a model id from the catalog's models");
        }

        if (string.IsNullOrWhiteSpace(p.Gpu))
        {
            c.Add("product.gpu", "is empty", "give a GPU id from the catalog's gpus");
        }

        if (c.Whole("product.gpus_per_clip", p.Plan.Gpus, 1, MaxGpusPerClip))
        {
            // The plan words its degrees by their keys under product.parallel; its GPU count is gpus_per_clip here.
            foreach (var problem in p.Plan.Problems())
            {
                c.Add(problem with { Path = "product.parallel", Message = problem.Message.Replace("gpus is", "gpus_per_clip is", StringComparison.Ordinal) });
            }
        }

        if (p.Stack is { } stack && string.IsNullOrWhiteSpace(stack))
        {
            c.Add("product.stack", "is empty", "give a stack id from the catalog's stacks, or leave stack out for the default");
        }

        c.Between("product.utilization", p.Utilization, 0, 1, minExclusive: true, why: "the share of paid GPU time spent generating");
        c.Between("product.attention_keep", p.AttentionKeep, 0, 1, minExclusive: true, why: "the share of attention scores a sparse method computes (1 is dense)");
        c.Between("product.computed_step_share", p.ComputedStepShare, 0, 1, minExclusive: true, why: "the share of steps a step cache computes (1 computes every step)");
        c.Whole("product.batch_size", p.BatchSize, 1, CostLimits.MaxBatchSize);
        if ((p.Upscaler is null) != (p.GenerateHeightPixels is null))
        {
            c.Add(Problem.BadInput(p.Upscaler is null ? "product.generate_height_px" : "product.upscaler",
                p.Upscaler is null ? "needs product.upscaler too: an upscaler and the height to generate at go together" : "needs product.generate_height_px too: an upscaler and the height to generate at go together",
                "give both product.upscaler (an upscalers.csv id) and product.generate_height_px, or neither"));
        }
        else if (p.GenerateHeightPixels is { } h)
        {
            c.Whole("product.generate_height_px", h, 64, MaxPixels);
        }
        if (p.ClipMix.IsDefaultOrEmpty)
        {
            c.Add("product.clip_mix", "is empty", "list at least one kind of clip");
            return;
        }

        if (p.ClipMix.Length > MaxClipKinds)
        {
            c.Limit("product.clip_mix", $"has {p.ClipMix.Length:N0} kinds of clip; the limit is {MaxClipKinds:N0}");
            return;
        }

        var sharesOk = true;
        for (var i = 0; i < p.ClipMix.Length; i++)
        {
            var m = p.ClipMix[i];
            var at = $"product.clip_mix[{i}]";
            sharesOk &= c.Between($"{at}.share", m.Share, 0, 1, minExclusive: true);
            c.Whole($"{at}.width_px", m.WidthPixels, 1, MaxPixels);
            c.Whole($"{at}.height_px", m.HeightPixels, 1, MaxPixels);
            c.Between($"{at}.seconds", m.Seconds, 0, MaxClipSeconds, minExclusive: true);
            c.Between($"{at}.fps", m.FramesPerSecond, 0, MaxFramesPerSecond, minExclusive: true);
            if (m.Steps is { } steps)
            {
                c.Whole($"{at}.steps", steps, 1, MaxSteps);
            }
        }

        var sum = p.ClipMix.Sum(x => x.Share);
        if (sharesOk && Math.Abs(sum - 1) > 1e-6)
        {
            c.Add("product.clip_mix", $"shares add up to {sum.ToString("0.####", CultureInfo.InvariantCulture)}", "make them add up to 1");
        }
    }

    private static void Capacity(Checker c, CapacitySpec k)
    {
        var ok = c.Between("capacity.mix.reserved", k.ReservedShare, 0, 1)
            & c.Between("capacity.mix.on_demand", k.OnDemandShare, 0, 1)
            & c.Between("capacity.mix.spot", k.SpotShare, 0, 1);
        if (ok && Math.Abs(k.ReservedShare + k.OnDemandShare + k.SpotShare - 1) > 1e-6)
        {
            c.Add("capacity.mix", $"reserved + on_demand + spot = {(k.ReservedShare + k.OnDemandShare + k.SpotShare).ToString("0.####", CultureInfo.InvariantCulture)}", "make them add up to 1");
        }

        foreach (var (key, price) in new[] { ("reserved", k.ReservedUsdPerGpuHour), ("on_demand", k.OnDemandUsdPerGpuHour), ("spot", k.SpotUsdPerGpuHour) })
        {
            if (price is { } v)
            {
                c.Between($"capacity.usd_per_gpu_hour.{key}", v, 0, CostLimits.MaxUsdPerGpuHour, minExclusive: true);
            }
        }

        if (k.Owned && (k.Provider is not null || k.ReservedUsdPerGpuHour is not null || k.OnDemandUsdPerGpuHour is not null || k.SpotUsdPerGpuHour is not null))
        {
            // An owned fleet is costed from its purchase price and energy: a provider or rental price would be dropped silently.
            c.Add("capacity.owned", "an owned fleet takes no provider or usd_per_gpu_hour (it is costed from the GPU purchase price and energy)",
                "drop provider and usd_per_gpu_hour, or drop owned: true to rent");
        }

        if (!k.Owned && k.Provider is null && k.ReservedUsdPerGpuHour is null && k.OnDemandUsdPerGpuHour is null && k.SpotUsdPerGpuHour is null)
        {
            c.Add("capacity", "says neither where GPU time is bought nor what it costs", "give provider (catalog prices), usd_per_gpu_hour (your prices) or owned: true");
        }
    }

    private static void Users(Checker c, Scenario s)
    {
        if (s.Users.Length > MaxUserTiers)
        {
            c.Limit("users", $"has {s.Users.Length:N0} tiers; the limit is {MaxUserTiers:N0}");
            return;
        }

        var plans = s.Plans.Select(p => p.Name).ToList();
        var tiers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Users.Length; i++)
        {
            var u = s.Users[i];
            var at = $"users[{i}]";
            if (!tiers.Add(u.Tier))
            {
                c.Add($"{at}.tier", $"'{u.Tier}' names another tier too", "tier names must be unique");
            }

            c.Between($"{at}.users", u.Users, 0, MaxUsers, why: "more users than people alive is a typo");
            c.Between($"{at}.clips_per_user_per_day", u.ClipsPerUserPerDay, 0, MaxClipsPerUserPerDay);
            if (!plans.Contains(u.Plan, StringComparer.Ordinal))
            {
                var near = NameMatcher.Nearest(u.Plan, plans, 1);
                c.Add($"{at}.plan", $"no plan named '{u.Plan}' under pricing", near.Count > 0 ? $"did you mean '{near[0]}'?" : "add it under pricing");
            }
        }
    }

    private static void Plans(Checker c, ImmutableArray<PricingPlan> plans)
    {
        if (plans.Length > MaxPlans)
        {
            c.Limit("pricing", $"has {plans.Length:N0} plans; the limit is {MaxPlans:N0}");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plans.Length; i++)
        {
            var p = plans[i];
            var at = $"pricing[{i}]";
            if (!names.Add(p.Name))
            {
                c.Add($"{at}.name", $"'{p.Name}' is used by another plan", "plan names must be unique");
            }

            foreach (var (key, value) in new[]
            {
                ("usd_per_clip", p.UsdPerClip), ("usd_per_video_second", p.UsdPerVideoSecond), ("usd_per_month", p.UsdPerMonth),
                ("included_clips_per_month", p.IncludedClipsPerMonth), ("overage_usd_per_clip", p.OverageUsdPerClip), ("minimum_usd_per_month", p.MinimumUsdPerMonth),
            })
            {
                if (value is { } v)
                {
                    if (key == "included_clips_per_month")
                    {
                        c.Between($"{at}.{key}", v, 0, MaxUsers * MaxClipsPerUserPerDay * 31);
                    }
                    else
                    {
                        c.Money($"{at}.{key}", v);
                    }
                }
            }

            var needs = p.Kind switch
            {
                PlanKind.PerClip or PlanKind.Enterprise => ("usd_per_clip", p.UsdPerClip),
                PlanKind.PerSecond => ("usd_per_video_second", p.UsdPerVideoSecond),
                PlanKind.Subscription => ("usd_per_month", p.UsdPerMonth),
                PlanKind.Free => ((string, double?)?)null,
                _ => throw new ArgumentOutOfRangeException(nameof(plans), p.Kind, "unknown plan kind"),
            };
            // A price of another kind would be ignored silently: refuse it, naming what this kind reads.
            var reads = p.Kind switch
            {
                PlanKind.Free => Array.Empty<string>(),
                PlanKind.PerClip => ["usd_per_clip"],
                PlanKind.PerSecond => ["usd_per_video_second"],
                PlanKind.Subscription => ["usd_per_month", "included_clips_per_month", "overage_usd_per_clip"],
                PlanKind.Enterprise => ["usd_per_clip", "minimum_usd_per_month"],
                _ => throw new ArgumentOutOfRangeException(nameof(plans), p.Kind, "unknown plan kind"),
            };
            foreach (var (key, value) in new[]
            {
                ("usd_per_clip", p.UsdPerClip), ("usd_per_video_second", p.UsdPerVideoSecond), ("usd_per_month", p.UsdPerMonth),
                ("included_clips_per_month", p.IncludedClipsPerMonth), ("overage_usd_per_clip", p.OverageUsdPerClip), ("minimum_usd_per_month", p.MinimumUsdPerMonth),
            })
            {
                if (value is not null && !reads.Contains(key))
                {
                    c.Add($"{at}.{key}", $"does not apply to kind {Words.PlanKind.Word(p.Kind)}, which reads {(reads.Length == 0 ? "no price" : string.Join(", ", reads))}",
                        "drop it, or change the kind");
                }
            }

            if (needs is { } n && n.Item2 is null)
            {
                c.Add($"{at}.{n.Item1}", $"is required for kind {Words.PlanKind.Word(p.Kind)}", $"give {n.Item1}");
            }
        }
    }

    private static void Simulation(Checker c, SimulationSettings s, ImmutableArray<UserTier> users)
    {
        const string at = "simulation";
        c.Positive($"{at}.duration_s", s.DurationSeconds);
        if (!s.HourlyWeights.IsDefaultOrEmpty)
        {
            if (s.HourlyWeights.Length != 24)
            {
                c.Add($"{at}.hourly_weights", $"has {s.HourlyWeights.Length} weights", "give 24, one per hour of the day");
            }

            var ok = true;
            for (var i = 0; i < s.HourlyWeights.Length; i++)
            {
                ok &= c.Between($"{at}.hourly_weights[{i}]", s.HourlyWeights[i], 0, MaxHourlyWeight, why: "weights are relative: only their ratios matter");
            }

            if (ok && s.HourlyWeights.Sum() <= 0)
            {
                c.Add($"{at}.hourly_weights", "are all zero", "give at least one positive weight");
            }
        }

        if (s.Bursts.Length > MaxBursts)
        {
            c.Limit($"{at}.bursts", $"has {s.Bursts.Length:N0} bursts; the limit is {MaxBursts:N0}");
        }
        else
        {
            for (var i = 0; i < s.Bursts.Length; i++)
            {
                var b = s.Bursts[i];
                c.NonNegative($"{at}.bursts[{i}].start_s", b.StartSeconds);
                c.Positive($"{at}.bursts[{i}].duration_s", b.DurationSeconds);
                c.NonNegative($"{at}.bursts[{i}].multiplier", b.Multiplier);
            }
        }

        c.Positive($"{at}.variability_cv", s.VariabilityCv);
        if (s.MaxQueueLength is { } q)
        {
            c.Whole($"{at}.max_queue_length", q, 0, int.MaxValue);
        }

        c.Positive($"{at}.sample_interval_s", s.SampleIntervalSeconds);
        c.NonNegative($"{at}.provisioning_delay_s", s.ProvisioningDelaySeconds);
        if (ModelLoading.CheckBandwidth($"{at}.load_gbps", s.LoadGbps) is { } load)
        {
            c.Add(load);
        }

        c.NonNegative($"{at}.spot_preemptions_per_hour", s.SpotPreemptionsPerHour);
        c.Whole($"{at}.reserved_replicas", s.ReservedReplicas, 0, int.MaxValue);
        c.Whole($"{at}.initial_replicas", s.InitialReplicas, 0, int.MaxValue);
        c.Whole($"{at}.batch_size", s.BatchSize, 1, int.MaxValue);
        if (s.Autoscaler is { } a)
        {
            const string ap = at + ".autoscaler";
            if (a.Policy == AutoscalePolicy.TargetUtilization)
            {
                c.Between($"{ap}.target", a.Target, 0, 1, minExclusive: true, why: "the target_utilization policy holds busy replicas ÷ all replicas near it");
            }
            else
            {
                c.Positive($"{ap}.target", a.Target);
            }
            c.Positive($"{ap}.interval_s", a.IntervalSeconds);
            c.Whole($"{ap}.min_replicas", a.MinReplicas, 0, int.MaxValue);
            c.Whole($"{ap}.max_replicas", a.MaxReplicas, 1, int.MaxValue);
            c.Between($"{ap}.spot_share", a.SpotShare, 0, 1);
            if (a.MaxReplicas < a.MinReplicas)
            {
                c.Add($"{ap}.max_replicas", $"{a.MaxReplicas} is below min_replicas {a.MinReplicas}", "make max_replicas at least min_replicas");
            }
        }

        var known = users.Select(u => u.Tier).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Tiers.Length; i++)
        {
            var t = s.Tiers[i];
            var tp = $"{at}.tiers[{i}]";
            if (!seen.Add(t.Tier))
            {
                c.Add($"{tp}.tier", $"'{t.Tier}' is listed twice", "keep one entry per tier");
            }

            if (!known.Contains(t.Tier, StringComparer.Ordinal))
            {
                var near = NameMatcher.Nearest(t.Tier, known, 1);
                c.Add($"{tp}.tier", $"no user tier named '{t.Tier}'", near.Count > 0 ? $"did you mean '{near[0]}'?" : "name a tier from users");
            }

            c.Whole($"{tp}.priority", t.Priority, 0, int.MaxValue);
            if (t.SloSeconds is { } slo)
            {
                c.Positive($"{tp}.slo_s", slo);
            }

            if (t.TimeoutSeconds is { } timeout)
            {
                c.Positive($"{tp}.timeout_s", timeout);
            }
        }
    }

    /// <summary>Collects problems; each check returns whether the value passed.</summary>
    private sealed class Checker
    {
        private readonly ImmutableArray<Problem>.Builder _problems = ImmutableArray.CreateBuilder<Problem>();

        public ImmutableArray<Problem> Problems => _problems.ToImmutable();

        public void Add(string path, string message, string? fix = null) => _problems.Add(Problem.BadInput(path, message, fix));

        public void Add(Problem problem) => _problems.Add(problem);

        public void Limit(string path, string message) => _problems.Add(Problem.LimitExceeded(path, message));

        /// <summary>A dollar figure: finite, not negative (or positive), at most <see cref="MaxUsd"/>.</summary>
        public bool Money(string path, double v, bool positive = false)
        {
            if (double.IsFinite(v) && v > MaxUsd)
            {
                Limit(path, $"${v.ToString("G6", CultureInfo.InvariantCulture)} is above the limit of ${MaxUsd:N0} for any dollar figure of a scenario");
                return false;
            }

            return positive ? Positive(path, v) : NonNegative(path, v);
        }

        public bool Positive(string path, double v) => Between(path, v, 0, double.MaxValue, minExclusive: true);

        public bool NonNegative(string path, double v) => Between(path, v, 0, double.MaxValue);

        public bool Between(string path, double v, double min, double max, bool minExclusive = false, string? why = null)
        {
            if (double.IsFinite(v) && (minExclusive ? v > min : v >= min) && v <= max)
            {
                return true;
            }

            var range = max == double.MaxValue
                ? $"{(minExclusive ? "above" : "at least")} {N(min)}"
                : $"{(minExclusive ? "above " + N(min) + " and at most" : "between " + N(min) + " and")} {N(max)}";
            Add(path, $"{N(v)} is out of range", $"it must be {range}" + (why is null ? string.Empty : $" ({why})"));
            return false;
        }

        public bool Whole(string path, long v, long min, long max)
        {
            if (v >= min && v <= max)
            {
                return true;
            }

            var limit = max < int.MaxValue && v > max;
            var message = $"{v.ToString("N0", CultureInfo.InvariantCulture)} is out of range";
            var fix = max == int.MaxValue ? $"it must be at least {min:N0}" : $"it must be a whole number from {min:N0} to {max:N0}";
            _problems.Add(limit ? Problem.LimitExceeded(path, message, fix) : Problem.BadInput(path, message, fix));
            return false;
        }

        private static string N(double v) => double.IsNaN(v) ? "NaN" : v.ToString("G6", CultureInfo.InvariantCulture);
    }
}
