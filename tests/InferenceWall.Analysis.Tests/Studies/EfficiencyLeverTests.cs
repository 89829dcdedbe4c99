using InferenceWall.Analysis.Studies;
using InferenceWall.Core;
using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Tests.Studies;

/// <summary>The efficiency lever (sweeps, sensitivity, Monte Carlo): inference that many times faster, past today's peak.</summary>
public sealed class EfficiencyLeverTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void Scaled_Calibration_MakesTheMathThatManyTimesFaster(double factor)
    {
        // "10× better hardware efficiency" is hypothetical hardware: the ceiling at today's peak must scale with it, or
        // the lever would stop working at the first combination that reaches 100% of the catalog peak.
        var catalog = EmbeddedData.Catalog();
        var request = new CostRequest
        {
            Model = catalog.FindModel("wan2.1-t2v-14b").Value!,
            Gpu = catalog.FindGpu("H100-SXM").Value!,
            Clip = new ClipSpec { WidthPixels = 1280, HeightPixels = 720, Frames = 81, Steps = 50 },
        };
        var calibration = CostCalibration.Shipped();

        var today = ClipCost.Estimate(request, calibration).Estimate!;
        var faster = ClipCost.Estimate(request, ScenarioFields.Scaled(calibration, factor)).Estimate!;

        Assert.Equal(today.Phases.Single(p => p.Phase == Phase.Denoise).ComputeSeconds / factor,
            faster.Phases.Single(p => p.Phase == Phase.Denoise).ComputeSeconds, 1e-9 * today.LatencySeconds);
        Assert.Equal(today.Seconds(Phase.VaeDecode) / factor, faster.Seconds(Phase.VaeDecode), 1e-9 * today.LatencySeconds);
        Assert.DoesNotContain(faster.Notes, n => n.Contains("held at the peak", StringComparison.Ordinal));
    }
}
