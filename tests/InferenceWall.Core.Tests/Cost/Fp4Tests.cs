using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Tests.Cost;

/// <summary>FP4 (NVFP4): the linear layers at the GPU's FP4 peak, attention at its FP8 peak, only where the GPU has one (issue 11).</summary>
public sealed class Fp4Tests
{
    [Fact]
    public void Estimate_Fp4OnB200_LinearLayersAtTheFp4PeakAttentionAtFp8()
    {
        var request = Fixtures.Request("wan2.1-t2v-14b", "b200", 1280, 720, 81, 1);
        var fp8 = ClipCost.Estimate(request with { Precision = Precision.Fp8 }, Fixtures.Simple).Estimate!;
        var fp4 = ClipCost.Estimate(request with { Precision = Precision.Fp4 }, Fixtures.Simple).Estimate!;

        Assert.Equal(9000e12, request.Gpu.Fp4DenseFlopsPerSecond);
        // Only the dense share gets faster, so the step is faster but by less than the 2× of the peaks.
        Assert.InRange(fp4.StepSeconds / fp8.StepSeconds, 0.5, 0.999);
        Assert.Contains(fp4.Notes, n => n.Contains("attention at the FP8 peak", StringComparison.Ordinal));
        // Half-byte weights: 14 B parameters hold 7 GB.
        Assert.True(fp4.PeakMemoryBytes < fp8.PeakMemoryBytes);
        Assert.Equal(0.5, Units.BytesPer(Precision.Fp4));
    }

    [Fact]
    public void Check_Fp4OnAGpuWithoutAnFp4Peak_SaysSo()
    {
        var request = Fixtures.Request("wan2.1-t2v-14b", "h100-sxm", 1280, 720, 81, 1) with { Precision = Precision.Fp4 };

        var p = Assert.Single(ClipCost.Check(request), x => x.Path == "precision");
        Assert.Contains("H100-SXM has no fp4 peak", p.Message, StringComparison.Ordinal);
    }
}
