using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using InferenceWall.Core;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;
using InferenceWall.Core.Text;

namespace InferenceWall.Analysis.Studies;

/// <summary>
/// Reads and writes scenario fields by their path in the scenario file (<c>product.utilization</c>,
/// <c>users[1].clips_per_user_per_day</c>, <c>capacity.usd_per_gpu_hour.on_demand</c>), so that sweeps, sensitivity and
/// Monte Carlo can vary any of them. <c>efficiency</c> is a pseudo-field: a multiplier on the calibrated efficiencies.
/// </summary>
public static partial class ScenarioFields
{
    /// <summary>Field templates that hold text (sweeps take lists of these).</summary>
    public static readonly ImmutableArray<string> TextTemplates = ["product.model", "product.gpu", "capacity.provider", "product.precision", "product.stack"];

    /// <summary>Numeric field templates; [] stands for a list index.</summary>
    public static readonly ImmutableArray<string> NumericTemplates =
    [
        "efficiency", "horizon_days", "product.gpus_per_clip", "product.utilization", "product.attention_keep", "product.computed_step_share", "product.batch_size",
        "product.clip_mix[].share", "product.clip_mix[].width_px", "product.clip_mix[].height_px", "product.clip_mix[].seconds", "product.clip_mix[].fps", "product.clip_mix[].steps",
        "capacity.mix.reserved", "capacity.mix.on_demand", "capacity.mix.spot",
        "capacity.usd_per_gpu_hour.reserved", "capacity.usd_per_gpu_hour.on_demand", "capacity.usd_per_gpu_hour.spot",
        "users[].users", "users[].clips_per_user_per_day",
        "pricing[].usd_per_clip", "pricing[].usd_per_video_second", "pricing[].usd_per_month", "pricing[].included_clips_per_month", "pricing[].overage_usd_per_clip", "pricing[].minimum_usd_per_month",
        "other_costs.storage_usd_per_clip", "other_costs.egress_usd_per_clip", "other_costs.fixed_usd_per_day",
        "energy.electricity_usd_per_kwh", "energy.pue",
        "value_chain.gpu_capex_usd", "value_chain.amortization_years", "value_chain.chip_vendor_gross_margin",
    ];

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex IndexPattern();

    public static bool IsText(string path) => TextTemplates.Contains(Template(path));

    public static string Template(string path) => IndexPattern().Replace(path, "[]");

    private static int Index(string path) =>
        IndexPattern().Match(path) is { Success: true } m && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;

    private static string Show(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Whether the path names a field of this scenario; otherwise a problem at that path says why and suggests one.</summary>
    public static Problem? FieldProblem(Scenario scenario, string path)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(path);
        var template = Template(path);
        if (!NumericTemplates.Contains(template) && !TextTemplates.Contains(template))
        {
            var near = NameMatcher.Nearest(path, NumericTemplates.Concat(TextTemplates), 1);
            return Problem.NotFound(path, $"'{path}' is not a field that can be varied",
                (near.Count > 0 ? $"did you mean '{near[0]}'? " : string.Empty) + $"(fields: {string.Join(", ", NumericTemplates.Concat(TextTemplates))})");
        }

        var i = Index(path);
        var count = template.StartsWith("product.clip_mix", StringComparison.Ordinal) ? scenario.Product.ClipMix.Length
            : template.StartsWith("users", StringComparison.Ordinal) ? scenario.Users.Length
            : template.StartsWith("pricing", StringComparison.Ordinal) ? scenario.Plans.Length : -1;
        return count >= 0 && (i < 0 || i >= count)
            ? Problem.BadInput(path, $"'{path}': the index must be between 0 and {count - 1}", $"the scenario has {count} (the index counts from 0)")
            : null;
    }

    /// <summary>The current value of a numeric field (null where unset, such as a price the catalog supplies).</summary>
    public static double? Get(Scenario s, string path, double efficiency = 1)
    {
        ArgumentNullException.ThrowIfNull(s);
        var i = Index(path);
        return Template(path) switch
        {
            "efficiency" => efficiency,
            "horizon_days" => s.HorizonDays,
            "product.gpus_per_clip" => s.Product.Plan.Gpus,
            "product.utilization" => s.Product.Utilization,
            "product.attention_keep" => s.Product.AttentionKeep,
            "product.computed_step_share" => s.Product.ComputedStepShare,
            "product.batch_size" => s.Product.BatchSize,
            "product.clip_mix[].share" => s.Product.ClipMix[i].Share,
            "product.clip_mix[].width_px" => s.Product.ClipMix[i].WidthPixels,
            "product.clip_mix[].height_px" => s.Product.ClipMix[i].HeightPixels,
            "product.clip_mix[].seconds" => s.Product.ClipMix[i].Seconds,
            "product.clip_mix[].fps" => s.Product.ClipMix[i].FramesPerSecond,
            "product.clip_mix[].steps" => s.Product.ClipMix[i].Steps,
            "capacity.mix.reserved" => s.Capacity.ReservedShare,
            "capacity.mix.on_demand" => s.Capacity.OnDemandShare,
            "capacity.mix.spot" => s.Capacity.SpotShare,
            "capacity.usd_per_gpu_hour.reserved" => s.Capacity.ReservedUsdPerGpuHour,
            "capacity.usd_per_gpu_hour.on_demand" => s.Capacity.OnDemandUsdPerGpuHour,
            "capacity.usd_per_gpu_hour.spot" => s.Capacity.SpotUsdPerGpuHour,
            "users[].users" => s.Users[i].Users,
            "users[].clips_per_user_per_day" => s.Users[i].ClipsPerUserPerDay,
            "pricing[].usd_per_clip" => s.Plans[i].UsdPerClip,
            "pricing[].usd_per_video_second" => s.Plans[i].UsdPerVideoSecond,
            "pricing[].usd_per_month" => s.Plans[i].UsdPerMonth,
            "pricing[].included_clips_per_month" => s.Plans[i].IncludedClipsPerMonth,
            "pricing[].overage_usd_per_clip" => s.Plans[i].OverageUsdPerClip,
            "pricing[].minimum_usd_per_month" => s.Plans[i].MinimumUsdPerMonth,
            "other_costs.storage_usd_per_clip" => s.OtherCosts.StorageUsdPerClip,
            "other_costs.egress_usd_per_clip" => s.OtherCosts.EgressUsdPerClip,
            "other_costs.fixed_usd_per_day" => s.OtherCosts.FixedUsdPerDay,
            "energy.electricity_usd_per_kwh" => s.Energy.ElectricityUsdPerKwh,
            "energy.pue" => s.Energy.Pue,
            "value_chain.gpu_capex_usd" => s.ValueChain.GpuCapexUsd,
            "value_chain.amortization_years" => s.ValueChain.AmortizationYears,
            "value_chain.chip_vendor_gross_margin" => s.ValueChain.ChipVendorGrossMargin,
            _ => null,
        };
    }

    /// <summary>Numeric field templates that hold whole numbers (the scenario stores them as 32-bit integers).</summary>
    public static readonly ImmutableArray<string> WholeTemplates =
    [
        "horizon_days", "product.gpus_per_clip", "product.batch_size", "product.clip_mix[].width_px", "product.clip_mix[].height_px", "product.clip_mix[].steps",
    ];

    /// <summary>Whether the field holds whole numbers only.</summary>
    public static bool IsWhole(string path) => WholeTemplates.Contains(Template(path));

    /// <summary>
    /// Whether <paramref name="v"/> can be a value of the field's type at all: a finite number, and for whole-number
    /// fields a whole number within 32 bits. Ranges (is a utilization at most 1, is PUE at least 1) are
    /// <see cref="ScenarioRules"/>' and are checked on the changed scenario, not here.
    /// </summary>
    public static Problem? TypeProblem(string path, double v)
    {
        if (!double.IsFinite(v))
        {
            return Problem.BadInput(path, $"{Show(v)} is not a finite number", "give a finite number");
        }

        if (!IsWhole(path) || v == Math.Floor(v) && v is >= int.MinValue and <= int.MaxValue)
        {
            return null;
        }

        return v != Math.Floor(v)
            ? Problem.BadInput(path, $"{Show(v)} is not a whole number", "this field holds whole numbers")
            : Problem.LimitExceeded(path, $"{Show(v)} is beyond the largest whole number this field holds", $"it must be at most {int.MaxValue.ToString("N0", CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// The scenario with a numeric field set, or why the value cannot be that field's (see <see cref="TypeProblem"/>).
    /// The result is not checked against <see cref="ScenarioRules"/>: <see cref="Variant"/> does that for a whole change.
    /// <c>efficiency</c> is not a scenario field; see <see cref="Variant"/>.
    /// </summary>
    public static (Scenario? Scenario, Problem? Problem) Set(Scenario s, string path, double v)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(path);
        if (FieldProblem(s, path) is { } unknown)
        {
            return (null, unknown);
        }

        if (IsText(path) || Template(path) == "efficiency")
        {
            return (null, Problem.BadInput(path, "is not a numeric scenario field", IsText(path) ? "give it a text value" : "efficiency scales the calibration, not the scenario"));
        }

        if (TypeProblem(path, v) is { } bad)
        {
            return (null, bad);
        }

        var i = Index(path);
        var n = IsWhole(path) ? (int)v : 0;
        Scenario changed = Template(path) switch
        {
            "horizon_days" => s with { HorizonDays = n },
            "product.gpus_per_clip" => s with { Product = s.Product with { Plan = WithGpus(s.Product.Plan, n) } },
            "product.utilization" => s with { Product = s.Product with { Utilization = v } },
            "product.attention_keep" => s with { Product = s.Product with { AttentionKeep = v } },
            "product.computed_step_share" => s with { Product = s.Product with { ComputedStepShare = v } },
            "product.batch_size" => s with { Product = s.Product with { BatchSize = n } },
            "product.clip_mix[].share" => Mix(s, i, m => m with { Share = v }),
            "product.clip_mix[].width_px" => Mix(s, i, m => m with { WidthPixels = n }),
            "product.clip_mix[].height_px" => Mix(s, i, m => m with { HeightPixels = n }),
            "product.clip_mix[].seconds" => Mix(s, i, m => m with { Seconds = v }),
            "product.clip_mix[].fps" => Mix(s, i, m => m with { FramesPerSecond = v }),
            "product.clip_mix[].steps" => Mix(s, i, m => m with { Steps = n }),
            "capacity.mix.reserved" => s with { Capacity = s.Capacity with { ReservedShare = v } },
            "capacity.mix.on_demand" => s with { Capacity = s.Capacity with { OnDemandShare = v } },
            "capacity.mix.spot" => s with { Capacity = s.Capacity with { SpotShare = v } },
            "capacity.usd_per_gpu_hour.reserved" => s with { Capacity = s.Capacity with { ReservedUsdPerGpuHour = v } },
            "capacity.usd_per_gpu_hour.on_demand" => s with { Capacity = s.Capacity with { OnDemandUsdPerGpuHour = v } },
            "capacity.usd_per_gpu_hour.spot" => s with { Capacity = s.Capacity with { SpotUsdPerGpuHour = v } },
            "users[].users" => s with { Users = s.Users.SetItem(i, s.Users[i] with { Users = v }) },
            "users[].clips_per_user_per_day" => s with { Users = s.Users.SetItem(i, s.Users[i] with { ClipsPerUserPerDay = v }) },
            "pricing[].usd_per_clip" => Plan(s, i, p => p with { UsdPerClip = v }),
            "pricing[].usd_per_video_second" => Plan(s, i, p => p with { UsdPerVideoSecond = v }),
            "pricing[].usd_per_month" => Plan(s, i, p => p with { UsdPerMonth = v }),
            "pricing[].included_clips_per_month" => Plan(s, i, p => p with { IncludedClipsPerMonth = v }),
            "pricing[].overage_usd_per_clip" => Plan(s, i, p => p with { OverageUsdPerClip = v }),
            "pricing[].minimum_usd_per_month" => Plan(s, i, p => p with { MinimumUsdPerMonth = v }),
            "other_costs.storage_usd_per_clip" => s with { OtherCosts = s.OtherCosts with { StorageUsdPerClip = v } },
            "other_costs.egress_usd_per_clip" => s with { OtherCosts = s.OtherCosts with { EgressUsdPerClip = v } },
            "other_costs.fixed_usd_per_day" => s with { OtherCosts = s.OtherCosts with { FixedUsdPerDay = v } },
            "energy.electricity_usd_per_kwh" => s with { Energy = s.Energy with { ElectricityUsdPerKwh = v } },
            "energy.pue" => s with { Energy = s.Energy with { Pue = v } },
            "value_chain.gpu_capex_usd" => s with { ValueChain = s.ValueChain with { GpuCapexUsd = v } },
            "value_chain.amortization_years" => s with { ValueChain = s.ValueChain with { AmortizationYears = v } },
            "value_chain.chip_vendor_gross_margin" => s with { ValueChain = s.ValueChain with { ChipVendorGrossMargin = v } },
            _ => throw new InvalidOperationException($"numeric template '{Template(path)}' has no setter"),
        };
        return (changed, null);
    }

    /// <summary>The scenario with a text field set, or why the text cannot be that field's (a precision that is not one).</summary>
    public static (Scenario? Scenario, Problem? Problem) SetText(Scenario s, string path, string value)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(value);
        if (FieldProblem(s, path) is { } unknown)
        {
            return (null, unknown);
        }

        switch (path)
        {
            case "product.model":
                return (s with { Product = s.Product with { Model = value } }, null);
            case "product.gpu":
                return (s with { Product = s.Product with { Gpu = value } }, null);
            case "capacity.provider":
                return (s with { Capacity = s.Capacity with { Provider = value } }, null);
            case "product.stack":
                return (s with { Product = s.Product with { Stack = value } }, null);
            case "product.precision":
                var (precision, problem) = Words.Precision.Parse(path, value);
                return precision is { } p ? (s with { Product = s.Product with { Precision = p } }, null) : (null, problem);
            default:
                return (null, Problem.BadInput(path, "is not a text scenario field", "give it a number"));
        }
    }

    /// <summary>
    /// The plan on <paramref name="gpus"/> GPUs: ring, CFG-parallel and tensor-parallel degrees stay, and Ulysses takes the
    /// rest. Where they do not divide the count, Ulysses stays too, so that the scenario rules refuse the point ("the
    /// degrees must multiply to the GPU count") instead of a plan being changed silently.
    /// </summary>
    private static ParallelPlan WithGpus(ParallelPlan plan, int gpus)
    {
        var others = (long)plan.Ring * plan.CfgParallel * plan.TensorParallel;
        return plan with { Gpus = gpus, Ulysses = others > 0 && gpus % others == 0 ? (int)(gpus / others) : plan.Ulysses };
    }

    private static Scenario Mix(Scenario s, int i, Func<ClipMixItem, ClipMixItem> f) =>
        s with { Product = s.Product with { ClipMix = s.Product.ClipMix.SetItem(i, f(s.Product.ClipMix[i])) } };

    private static Scenario Plan(Scenario s, int i, Func<PricingPlan, PricingPlan> f) => s with { Plans = s.Plans.SetItem(i, f(s.Plans[i])) };

    /// <summary>
    /// The ONE way an analysis changes a scenario: applies the values (each checked against its field's type), then
    /// checks the changed scenario with <see cref="ScenarioRules"/>, the same validation the scenario file passed.
    /// <c>efficiency</c> values multiply into <see cref="ScenarioVariant.Efficiency"/> and must be above 0.
    /// A variant with problems has no scenario: no analysis computes with it.
    /// </summary>
    public static ScenarioVariant Variant(Scenario s, IReadOnlyList<FieldValue> values)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(values);
        var efficiency = 1.0;
        List<Problem>? problems = null;
        foreach (var v in values)
        {
            if (v.Path == "efficiency")
            {
                var factor = v.Number ?? double.NaN;
                if (!(double.IsFinite(factor) && factor > 0))
                {
                    (problems ??= []).Add(Problem.BadInput("efficiency", $"{Show(factor)} is out of range",
                        "it must be above 0: a multiplier on the calibrated efficiencies (1 is the calibration, 1.2 is 20% faster)"));
                    continue;
                }

                efficiency *= factor;
                continue;
            }

            var (changed, problem) = v.Text is { } t ? SetText(s, v.Path, t) : Set(s, v.Path, v.Number ?? double.NaN);
            if (changed is null)
            {
                (problems ??= []).Add(problem!);
                continue;
            }

            s = changed;
        }

        if (problems is not null)
        {
            return new ScenarioVariant(null, efficiency, [.. problems]);
        }

        var rules = ScenarioRules.Check(s);
        return rules.IsEmpty ? new ScenarioVariant(s, efficiency, []) : new ScenarioVariant(null, efficiency, rules);
    }

    /// <summary>
    /// A calibration whose efficiencies are all multiplied by <paramref name="factor"/> (inference that much faster): the
    /// fixed and per-block times shrink by it, and the ceiling at the GPU's peak rises with it (hypothetical hardware).
    /// </summary>
    public static CostCalibration Scaled(CostCalibration c, double factor)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (factor == 1)
        {
            return c;
        }

        EfficiencyPair Scale(EfficiencyPair p) => new() { Dense = p.Dense * factor, Attention = p.Attention * factor };
        return c with
        {
            Global = Scale(c.Global),
            Families = c.Families.ToImmutableSortedDictionary(kv => kv.Key, kv => Scale(kv.Value)),
            VaeDecodeFlopsPerPixel = c.VaeDecodeFlopsPerPixel / factor,
            FixedSecondsPerClip = c.FixedSecondsPerClip / factor,
            LayerOverheadSeconds = c.LayerOverheadSeconds / factor,
            ElementwisePasses = c.ElementwisePasses / factor,
            PeakScale = c.PeakScale * factor,
            CollectiveLatencySeconds = c.CollectiveLatencySeconds / factor,
            VaeEfficiency = c.VaeEfficiency * factor,
        };
    }
}

/// <summary>A value for a field: a number or, for text fields, a text.</summary>
public sealed record FieldValue(string Path, double? Number, string? Text = null)
{
    public override string ToString() => Text ?? Number?.ToString("G6", CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>A scenario changed by an analysis and checked: the scenario, or (with no scenario) every problem of the change.</summary>
public sealed record ScenarioVariant(Scenario? Scenario, double Efficiency, ImmutableArray<Problem> Problems);
