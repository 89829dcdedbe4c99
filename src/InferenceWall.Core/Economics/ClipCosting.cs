using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Economics;

/// <summary>
/// The one mapping from a clip of a scenario's mix to a cost request, and the one cost-per-clip formula. Economics,
/// the simulator and the optimizer all call these, so a product setting (offload, PUE, precision) counts everywhere.
/// </summary>
public static class ClipCosting
{
    /// <summary>Batching must speed throughput up by at least this much to pay for the latency it adds.</summary>
    public const double BatchingThreshold = 1.05;

    /// <summary>
    /// The cost request for one clip of the mix on the scenario's deployment; <paramref name="plan"/>,
    /// <paramref name="steps"/> and <paramref name="gpu"/> replace the product's where an analysis varies them;
    /// <paramref name="stack"/> is the product's stack as <see cref="Stack"/> resolved it.
    /// </summary>
    public static CostRequest Request(Scenario scenario, ClipMixItem item, VideoModel model, Gpu gpu, StackProfile? stack, ParallelPlan? plan = null, int? steps = null,
        UpscalerChoice? upscaler = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(model);
        var product = scenario.Product;
        var (width, height) = (item.WidthPixels, item.HeightPixels);
        UpscaleRequest? upscale = null;
        if (upscaler is not null && product.GenerateHeightPixels is { } h && item.HeightPixels > h)
        {
            (width, height) = GeneratedSize(item.WidthPixels, item.HeightPixels, h);
            upscale = new UpscaleRequest(upscaler.Upscaler, upscaler.MeasuredGpuPeakFlopsPerSecond, item.WidthPixels, item.HeightPixels);
        }

        return new CostRequest
        {
            Model = model,
            Gpu = gpu,
            Upscale = upscale,
            Clip = new ClipSpec
            {
                WidthPixels = width,
                HeightPixels = height,
                Frames = item.Frames,
                Steps = steps ?? item.Steps ?? model.DefaultSteps,
                Cfg = item.Cfg,
            },
            Plan = plan ?? product.Plan,
            Precision = product.Precision,
            Offload = product.Offload,
            Stack = stack,
            Compiled = product.Compiled,
            TextEncoderOnCpu = product.TextEncoderOnCpu,
            AttentionKernel = product.AttentionKernel,
            AttentionKeep = product.AttentionKeep,
            ComputedStepShare = product.ComputedStepShare,
            BatchSize = product.BatchSize,
            Pue = scenario.Energy.Pue,
        };
    }

    /// <summary>
    /// The inference stack a run names, from the catalog: <paramref name="name"/> looked up (an unknown one is a
    /// not-found problem at <paramref name="path"/> with the nearest ids); no name takes the catalog's default stack
    /// (<see cref="VideoCatalog.DefaultStackId"/>), or none where the catalog does not list it.
    /// </summary>
    public static (StackProfile? Stack, Problem? Problem) Stack(VideoCatalog catalog, string? name, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (name is null)
        {
            return (catalog.FindStack(VideoCatalog.DefaultStackId).Value, null);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, Problem.BadInput(path, "is empty", $"give a stack the catalog lists (stacks.csv), or leave it out for the default ({VideoCatalog.DefaultStackId})"));
        }

        var found = catalog.FindStack(name);
        return found.Value is { } stack ? (stack, null) : (null, found.NotFound(path, "stack", name, "stacks.csv"));
    }

    /// <summary>
    /// The size a clip of <paramref name="width"/> × <paramref name="height"/> is generated at before upscaling to it:
    /// <paramref name="generateHeight"/> high, the width keeping the aspect ratio, rounded to a multiple of 16 px (the
    /// latent grid of the catalog's VAEs with their patches).
    /// </summary>
    public static (int Width, int Height) GeneratedSize(int width, int height, int generateHeight) =>
        (Math.Max(16, (int)Math.Round((double)width * generateHeight / height / 16, MidpointRounding.AwayFromZero) * 16), generateHeight);

    /// <summary>
    /// The scenario's upscaler from the catalog, with the peak of the GPU it was measured on; null with no problem when
    /// the scenario names none; a not-found problem at <c>product.upscaler</c> otherwise.
    /// </summary>
    public static (UpscalerChoice? Upscaler, Problem? Problem) Upscaler(VideoCatalog catalog, ProductSpec product)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(product);
        if (product.Upscaler is not { } name)
        {
            return (null, null);
        }

        var found = catalog.FindUpscaler(name);
        if (found.Value is not { } spec)
        {
            return (null, found.NotFound("product.upscaler", "upscaler", name, "upscalers.csv"));
        }

        return catalog.FindGpu(spec.Gpu).Value is { } measured
            ? (new UpscalerChoice(spec, measured.Bf16DenseFlopsPerSecond), null)
            : (null, Problem.NotFound("product.upscaler", $"upscaler '{spec.Id}' was measured on GPU '{spec.Gpu}', which is not in the catalog", "add the GPU to gpus.csv"));
    }

    /// <summary>Whether a run is compiled: as asked, else as its stack does by default (no stack: eager).</summary>
    public static bool IsCompiled(bool? compiled, StackProfile? stack) => compiled ?? stack?.Compiles ?? false;

    /// <summary>
    /// Dollars of compute for one clip: its GPU-seconds at the price, divided by the share of paid time that generates.
    /// </summary>
    public static double ComputeUsd(double gpuSeconds, double usdPerGpuHour, double utilization) =>
        gpuSeconds / Units.SecondsPerHour * usdPerGpuHour / utilization;
}

/// <summary>An upscaler chosen for a scenario, with the 16-bit peak of the GPU its run was measured on.</summary>
public sealed record UpscalerChoice(UpscalerSpec Upscaler, double MeasuredGpuPeakFlopsPerSecond);
