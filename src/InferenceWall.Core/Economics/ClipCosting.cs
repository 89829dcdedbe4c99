using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Economics;

/// <summary>
/// The one mapping from a clip of a scenario's mix to a cost request, and the one cost-per-clip formula. Economics,
/// the simulator and the optimizer all call these, so a product setting (offload, PUE, precision) counts everywhere.
/// </summary>
public static class ClipCosting
{
    /// <summary>
    /// The cost request for one clip of the mix on the scenario's deployment; <paramref name="plan"/>,
    /// <paramref name="steps"/> and <paramref name="gpu"/> replace the product's where an analysis varies them.
    /// </summary>
    public static CostRequest Request(Scenario scenario, ClipMixItem item, VideoModel model, Gpu gpu, ParallelPlan? plan = null, int? steps = null)
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
            Pue = scenario.Energy.Pue,
        };
    }

    /// <summary>
    /// Dollars of compute for one clip: its GPU-seconds at the price, divided by the share of paid time that generates.
    /// </summary>
    public static double ComputeUsd(double gpuSeconds, double usdPerGpuHour, double utilization) =>
        gpuSeconds / Units.SecondsPerHour * usdPerGpuHour / utilization;
}
