using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Tests;

internal static class Fixtures
{
    public static VideoCatalog Catalog { get; } = EmbeddedData.Catalog();

    public static CostCalibration Calibration { get; } = CostCalibration.Shipped();

    public static VideoModel Model(string id) => Catalog.FindModel(id).Value ?? throw new InvalidOperationException(id);

    public static Gpu Gpu(string id) => Catalog.FindGpu(id).Value ?? throw new InvalidOperationException(id);

    /// <summary>A calibration with round numbers, for hand calculations.</summary>
    public static CostCalibration Simple { get; } = new()
    {
        Global = new EfficiencyPair { Dense = 0.5, Attention = 0.25 },
        VaeDecodeFlopsPerPixel = 0,
        FixedSecondsPerClip = 0,
    };

    public static CostRequest Request(string model, string gpu, int width, int height, int frames, int steps, ParallelPlan? plan = null) => new()
    {
        Model = Model(model),
        Gpu = Gpu(gpu),
        Clip = new ClipSpec { WidthPixels = width, HeightPixels = height, Frames = frames, Steps = steps },
        Plan = plan ?? ParallelPlan.Single,
    };
}
