using InferenceWall.Analysis.Studies;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Scenarios;

namespace InferenceWall.Analysis.Tests.Studies;

public sealed class GpusPerClipTests
{
    private static Scenario Startup() =>
        ScenarioYaml.Parse("s.yaml", File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"))).Scenario!;

    [Fact]
    public void Set_GpusPerClip_KeepsTheOtherDegreesAndScalesUlysses()
    {
        // Before: the parallel plan was replaced by Ulysses over all GPUs, silently dropping CFG-parallel.
        var s = Startup() with { Product = Startup().Product with { Plan = new ParallelPlan { Gpus = 4, Ulysses = 2, CfgParallel = 2 } } };
        var (changed, problem) = ScenarioFields.Set(s, "product.gpus_per_clip", 8);
        Assert.Null(problem);
        Assert.Equal(new ParallelPlan { Gpus = 8, Ulysses = 4, CfgParallel = 2 }, changed!.Product.Plan);
    }

    [Fact]
    public void Variant_GpusPerClipTheOtherDegreesDoNotDivide_RefusedByTheRules()
    {
        var s = Startup() with { Product = Startup().Product with { Plan = new ParallelPlan { Gpus = 4, Ulysses = 2, CfgParallel = 2 } } };
        var variant = ScenarioFields.Variant(s, [new FieldValue("product.gpus_per_clip", 3)]);
        Assert.Null(variant.Scenario);
        Assert.Contains(variant.Problems, p => p.Path == "product.parallel");
    }
}
