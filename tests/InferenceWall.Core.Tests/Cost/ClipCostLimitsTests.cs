using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Tests.Cost;

/// <summary>Limits, overflow and plan checks of the cost model: every refusal typed, in domain words, with no CLI flag.</summary>
public class ClipCostLimitsTests
{
    [Fact]
    public void Estimate_Steps1073741824_RefusedAtTheStepLimitNotOverflowed()
    {
        // Before: steps × 2 branches overflowed int and the estimate came back with negative FLOPs and exit 0.
        var outcome = ClipCost.Estimate(Fixtures.Request("wan2.1-t2v-14b", "h100-sxm", 1280, 720, 81, 1_073_741_824), Fixtures.Calibration);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal((ProblemKind.LimitExceeded, "steps"), (problem.Kind, problem.Path));
        Assert.Contains("10,000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_1280By2147483647Clip_RefusedAtThePixelLimitNotPassingMemory()
    {
        // Before: the latent grid wrapped around to a small count, so the clip "fitted" in memory.
        var outcome = ClipCost.Estimate(Fixtures.Request("wan2.1-t2v-1.3b", "h100-sxm", 1280, int.MaxValue, 81, 50), Fixtures.Calibration);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal((ProblemKind.LimitExceeded, "height"), (problem.Kind, problem.Path));
        Assert.Contains("16,384", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LatentGeometry_IntMaxSizes_DoNotWrapAround()
    {
        var clip = new ClipSpec { WidthPixels = int.MaxValue, HeightPixels = int.MaxValue, Frames = int.MaxValue, Steps = 1 };
        var g = LatentGeometry.Of(Fixtures.Model("wan2.1-t2v-1.3b"), clip);
        Assert.True(g.LatentFrames > 0 && g.TokensH > 0 && g.TokensW > 0);
        Assert.True(g.Tokens > int.MaxValue);
    }

    [Fact]
    public void Estimate_AtTheLimits_FlopsPositiveAndFinite()
    {
        var request = Fixtures.Request("wan2.1-t2v-1.3b", "h100-sxm", 832, 480, 81, CostLimits.MaxSteps);
        var e = ClipCost.Estimate(request, Fixtures.Calibration).Estimate!;
        var one = ClipCost.Estimate(request with { Clip = request.Clip with { Steps = 1 } }, Fixtures.Calibration).Estimate!;
        var denoise = e.Phases.Single(p => p.Phase == Phase.Denoise).Flops;
        Assert.True(double.IsFinite(denoise) && denoise > 0);
        Assert.Equal(CostLimits.MaxSteps * one.Phases.Single(p => p.Phase == Phase.Denoise).Flops, denoise, denoise * 1e-12);
    }

    [Theory]
    [InlineData(16_385, 720, 81, 50, "width")]
    [InlineData(1280, 720, 100_001, 50, "frames")]
    [InlineData(1280, 720, 81, 10_001, "steps")]
    public void Estimate_PastALimit_LimitExceededAtTheField(int width, int height, int frames, int steps, string path)
    {
        var problem = Assert.Single(ClipCost.Estimate(Fixtures.Request("wan2.1-t2v-1.3b", "h100-sxm", width, height, frames, steps), Fixtures.Calibration).Problems);
        Assert.Equal((ProblemKind.LimitExceeded, path), (problem.Kind, problem.Path));
    }

    [Fact]
    public void Estimate_UlyssesNotDividingTheHeads_RefusedWithTheDegreesThatDo()
    {
        // Wan2.1 1.3B has 12 attention heads: Ulysses 8 cannot give each GPU whole heads (its launcher asserts it).
        var plan = new ParallelPlan { Gpus = 8, Ulysses = 8 };
        var problem = Assert.Single(ClipCost.Estimate(Fixtures.Request("wan2.1-t2v-1.3b", "h100-sxm", 832, 480, 81, 50, plan), Fixtures.Calibration).Problems);

        Assert.Equal((ProblemKind.BadInput, "plan.ulysses"), (problem.Kind, problem.Path));
        Assert.Contains("12 attention heads", problem.Message, StringComparison.Ordinal);
        Assert.Contains("1, 2, 3, 4, 6, 12", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_UlyssesTimesTensorParallelNotDividingTheHeads_Refused()
    {
        var plan = new ParallelPlan { Gpus = 8, Ulysses = 2, TensorParallel = 4 };
        var problems = ClipCost.Estimate(Fixtures.Request("hunyuanvideo", "h100-sxm", 848, 480, 61, 50, plan), Fixtures.Calibration).Problems;
        Assert.DoesNotContain(problems, p => p.Path == "plan.ulysses");

        var bad = new ParallelPlan { Gpus = 16, Ulysses = 4, TensorParallel = 4 };
        Assert.Contains(ClipCost.Estimate(Fixtures.Request("hunyuanvideo", "h100-sxm", 848, 480, 61, 50, bad), Fixtures.Calibration).Problems,
            p => p.Path == "plan.ulysses" && p.Message.Contains("= 16", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("wan2.1-t2v-1.3b", 4)]
    [InlineData("wan2.1-t2v-1.3b", 6)]
    [InlineData("wan2.1-t2v-14b", 8)]
    public void Estimate_UlyssesDividingTheHeads_Accepted(string model, int ulysses)
    {
        var plan = new ParallelPlan { Gpus = ulysses, Ulysses = ulysses };
        Assert.True(ClipCost.Estimate(Fixtures.Request(model, "h100-sxm", 832, 480, 81, 50, plan), Fixtures.Calibration).IsFeasible);
    }

    [Fact]
    public void Check_EveryProblem_NamesFieldsNotCliFlags()
    {
        var request = Fixtures.Request("wan2.1-t2v-1.3b", "a100-sxm-80gb", 0, 720, 0, 0, new ParallelPlan { Gpus = 4, Ulysses = 2, CfgParallel = 3 }) with
        {
            Precision = Precision.Fp8,
            Utilization = 2,
            Pue = 0.5,
            UsdPerGpuHour = -1,
        };

        var problems = ClipCost.Check(request);

        Assert.Equal(["width", "frames", "steps", "plan.cfg_parallel", "plan.gpus", "utilization", "pue", "usd_per_gpu_hour", "precision"],
            problems.Select(p => p.Path));
        Assert.All(problems, p => Assert.DoesNotContain("--", p.Text, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.NotEqual(ProblemKind.Infeasible, p.Kind));
    }

    [Theory]
    [InlineData(0.0005, 1.58, 2.0, "utilization")]
    [InlineData(1.0, 6.0, 2.0, "pue")]
    [InlineData(1.0, 1.58, 1e300, "usd_per_gpu_hour")]
    public void CheckSettings_PastANumericLimit_LimitExceeded(double utilization, double pue, double price, string path)
    {
        var problem = Assert.Single(ClipCost.CheckSettings(new ClipSpec { WidthPixels = 1280, HeightPixels = 720, Frames = 81, Steps = 50 },
            ParallelPlan.Single, utilization, pue, price));
        Assert.Equal((ProblemKind.LimitExceeded, path), (problem.Kind, problem.Path));
    }

    [Fact]
    public void Estimate_MemoryRefusal_IsTheOnlyInfeasibleKindAndItsFixesAreDomainWords()
    {
        var request = Fixtures.Request("wan2.1-t2v-14b", "h100-sxm", 1280, 720, 81, 50, new ParallelPlan { Gpus = 2, Ulysses = 2 }) with
        {
            Gpu = Fixtures.Gpu("l4"),
        };
        var problem = Assert.Single(ClipCost.Estimate(request, Fixtures.Calibration).Problems);

        Assert.Equal(ProblemKind.Infeasible, problem.Kind);
        foreach (var fix in new[] { "offload: sequential", "precision: fp8", "shard weights", "more GPUs", "a GPU with more memory" })
        {
            Assert.Contains(fix, problem.Fix, StringComparison.Ordinal);
        }
    }
}
