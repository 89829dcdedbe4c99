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
    public static CostRequest Request(Scenario scenario, ClipMixItem item, VideoModel model, Gpu gpu, StackProfile? stack, ParallelPlan? plan = null, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(model);
        var product = scenario.Product;
        return new CostRequest
        {
            Model = model,
            Gpu = gpu,
            Clip = new ClipSpec
            {
                WidthPixels = item.WidthPixels,
                HeightPixels = item.HeightPixels,
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

    /// <summary>Whether a run is compiled: as asked, else as its stack does by default (no stack: eager).</summary>
    public static bool IsCompiled(bool? compiled, StackProfile? stack) => compiled ?? stack?.Compiles ?? false;

    /// <summary>
    /// Dollars of compute for one clip: its GPU-seconds at the price, divided by the share of paid time that generates.
    /// </summary>
    public static double ComputeUsd(double gpuSeconds, double usdPerGpuHour, double utilization) =>
        gpuSeconds / Units.SecondsPerHour * usdPerGpuHour / utilization;
}
