using System.Collections.Immutable;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Cost;

public static partial class ClipCost
{
    /// <summary>
    /// Every reason the request cannot be costed as asked, before any arithmetic: paths are the request's fields in
    /// the domain's words (<c>frames</c>, <c>plan.ulysses</c>, <c>precision</c>, <c>model</c>, <c>gpu</c>). Empty when it can be costed.
    /// Whether the plan fits in memory is not checked here: that is the estimate's infeasibility.
    /// </summary>
    public static ImmutableArray<Problem> Check(CostRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var problems = ImmutableArray.CreateBuilder<Problem>();
        var missing = r.Model.MissingArchitecture();
        if (missing.Count > 0)
        {
            problems.Add(Problem.BadInput("model", $"{r.Model.Id}: the catalog lacks {string.Join(", ", missing)} for this model (not found in its sources)",
                "add them to the catalog's models.csv"));
        }

        problems.AddRange(CheckSettings(r.Clip, r.Plan, r.Utilization, r.Pue, r.UsdPerGpuHour));
        if (!(r.AttentionKeep is > 0 and <= 1))
        {
            problems.Add(Problem.BadInput("attention_keep", $"attention_keep is {Show(r.AttentionKeep)}; it must be in (0, 1]", "give the share of attention scores a sparse method computes, for example 0.3 (1 is dense)"));
        }

        if (!(r.ComputedStepShare is > 0 and <= 1))
        {
            problems.Add(Problem.BadInput("computed_step_share", $"computed_step_share is {Show(r.ComputedStepShare)}; it must be in (0, 1]", "give the share of steps a step cache computes, for example 0.5 (1 computes every step)"));
        }
        if (r.BatchSize is < 1 or > CostLimits.MaxBatchSize)
        {
            problems.Add(Problem.BadInput("batch_size", $"batch_size is {r.BatchSize}; it must be a whole number from 1 to {CostLimits.MaxBatchSize}", "give how many clips one forward pass denoises together, for example 4 (1 is one clip at a time)"));
        }

        if (r.Upscale is { } up && (up.OutputWidthPixels < r.Clip.WidthPixels || up.OutputHeightPixels < r.Clip.HeightPixels
            || up.OutputWidthPixels > CostLimits.MaxPixels || up.OutputHeightPixels > CostLimits.MaxPixels))
        {
            problems.Add(Problem.BadInput("upscale", $"the upscaler's output {up.OutputWidthPixels}x{up.OutputHeightPixels} must be at least the generated {r.Clip.WidthPixels}x{r.Clip.HeightPixels} and at most {CostLimits.MaxPixels} px a side",
                "generate at or below the delivered size"));
        }

        var cfg = r.Clip.Cfg ?? r.Model.UsesCfg;
        if (r.Plan.CfgParallel == 2 && !cfg)
        {
            problems.Add(Problem.BadInput("plan.cfg_parallel", "cfg_parallel 2 needs classifier-free guidance, but it is off for this clip (a guidance-distilled model, or cfg false)",
                "use cfg_parallel 1, or turn cfg on"));
        }

        if (r.Model.Heads is { } heads)
        {
            problems.AddRange(HeadProblems(r.Model.Id, heads, r.Plan));
        }

        if (r.Gpu.PeakFlopsPerSecond(r.Precision) is null)
        {
            var word = Words.Precision.Word(r.Precision);
            problems.Add(Problem.BadInput("precision", $"{r.Gpu.Id} has no {word} peak in the catalog (no hardware support, or not published)", "use bf16"));
        }

        if (r.Plan.Gpus > 1 && r.Gpu.GpuLinkBandwidthBytesPerSecond is null)
        {
            problems.Add(Problem.BadInput("gpu", $"{r.Gpu.Id}: GPU-to-GPU bandwidth is not in the catalog, so multi-GPU communication cannot be costed",
                "add gpu_link_bandwidth_gbps to the catalog's gpus.csv, or use one GPU"));
        }

        if (r.Offload != OffloadMode.None && r.Gpu.HostLinkBandwidthBytesPerSecond is null)
        {
            problems.Add(Problem.BadInput("offload", $"{r.Gpu.Id}: host link bandwidth is not in the catalog, so offload transfers cannot be costed",
                "add host_link_bandwidth_gbps to the catalog's gpus.csv, or use offload none"));
        }

        return problems.ToImmutable();
    }

    /// <summary>
    /// The checks that need no catalog entry: the clip's limits, the plan's consistency, utilization, PUE and price.
    /// A front end that could not find the model or GPU still reports these, so every problem shows at once.
    /// </summary>
    public static ImmutableArray<Problem> CheckSettings(ClipSpec clip, ParallelPlan plan, double utilization, double pue, double? usdPerGpuHour)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(plan);
        var problems = ImmutableArray.CreateBuilder<Problem>();
        problems.AddRange(CostLimits.Clip(clip.WidthPixels, clip.HeightPixels, clip.Frames, clip.Steps));
        problems.AddRange(plan.Problems().Select(p => p.Under("plan")));
        if (!double.IsFinite(utilization) || utilization <= 0 || utilization > 1)
        {
            problems.Add(Problem.BadInput("utilization", $"utilization is {Show(utilization)}; it must be in (0, 1]", "give the share of paid GPU time that generates, for example 0.6"));
        }
        else if (utilization < CostLimits.MinUtilization)
        {
            problems.Add(Problem.LimitExceeded("utilization", $"utilization is {Show(utilization)}; the limit is {Show(CostLimits.MinUtilization)} (0.1% of paid GPU time)", "give the share of paid GPU time that generates, for example 0.6"));
        }

        if (!double.IsFinite(pue) || pue < 1)
        {
            problems.Add(Problem.BadInput("pue", $"pue is {Show(pue)}; it must be a number of at least 1", "1.58 is the Uptime Institute 2023 average"));
        }
        else if (pue > CostLimits.MaxPue)
        {
            problems.Add(Problem.LimitExceeded("pue", $"pue is {Show(pue)}; the limit is {Show(CostLimits.MaxPue)}", "1.58 is the Uptime Institute 2023 average"));
        }

        if (usdPerGpuHour is { } p)
        {
            if (!double.IsFinite(p) || p < 0)
            {
                problems.Add(Problem.BadInput("usd_per_gpu_hour", $"usd_per_gpu_hour is {Show(p)}; it must be a non-negative $/GPU-hour"));
            }
            else if (p > CostLimits.MaxUsdPerGpuHour)
            {
                problems.Add(Problem.LimitExceeded("usd_per_gpu_hour", $"usd_per_gpu_hour is {Show(p)}; the limit is {Show(CostLimits.MaxUsdPerGpuHour)} $/GPU-hour"));
            }
        }

        return problems.ToImmutable();
    }

    /// <summary>
    /// Ulysses (and tensor parallelism) split the attention heads across GPUs, so the model's heads must divide evenly:
    /// Wan2.1's and xDiT's launchers refuse a degree that does not divide the head count.
    /// </summary>
    private static IEnumerable<Problem> HeadProblems(string modelId, int heads, ParallelPlan plan)
    {
        var split = (long)plan.Ulysses * plan.TensorParallel;
        if (split <= 1 || split > CostLimits.MaxGpus || heads % split == 0)
        {
            yield break;
        }

        var divisors = string.Join(", ", Enumerable.Range(1, heads).Where(d => heads % d == 0));
        var (path, what) = plan.TensorParallel > 1
            ? (plan.Ulysses > 1 ? "plan.ulysses" : "plan.tensor_parallel", $"ulysses {plan.Ulysses} × tensor_parallel {plan.TensorParallel} = {split}")
            : ("plan.ulysses", $"ulysses {plan.Ulysses}");
        yield return Problem.BadInput(path,
            $"{modelId} has {heads} attention heads, which {what} does not divide (each GPU must hold whole heads)",
            $"use a degree that divides {heads} ({divisors}), and ring attention for the rest of the GPUs");
    }

    private static string Show(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
