using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Tests.Cost;

/// <summary>Model loading (the cold start) and the stack a run names.</summary>
public class ModelLoadingTests
{
    private static readonly Provenance Source = new("test", "2026-12", "test.csv");

    /// <summary>Round figures for a hand calculation: 10e9 transformer, 5e9 text-encoder and 0.1e9 VAE-decoder parameters.</summary>
    private static VideoModel Model => Fixtures.Model("wan2.1-t2v-14b") with { TransformerParameters = 10e9, TextEncoderParameters = 5e9, VaeId = "test-vae" };

    private static readonly VaeSpec Vae = new() { Id = "test-vae", DecoderParameters = 0.1e9, Provenance = Source };

    [Fact]
    public void PerGpu_TensorParallelFp8_HandCalculation()
    {
        // fp8: 10e9 × 1 byte ÷ TP 2 = 5e9; text encoder 5e9 × 2 = 10e9; VAE 0.1e9 × 2 = 0.2e9; 15.2e9 bytes ÷ 2e9 B/s = 7.6 s.
        var plan = new ParallelPlan { Gpus = 2, TensorParallel = 2 };
        var load = ModelLoading.PerGpu(Model, Precision.Fp8, plan, Vae, 2.0);

        Assert.Equal(5e9, load.TransformerBytes);
        Assert.Equal(10e9, load.TextEncoderBytes);
        Assert.Equal(0.2e9, load.VaeBytes);
        Assert.Equal(15.2e9, load.Bytes);
        Assert.Equal(7.6, load.Seconds, 12);
        Assert.Equal(2.0, load.Gbps);
    }

    [Theory]
    [InlineData(4, 1, false, 20e9)] // Ulysses 4: every GPU holds the whole bf16 transformer, 10e9 × 2
    [InlineData(4, 1, true, 5e9)] // FSDP over 4 GPUs: a quarter each
    [InlineData(4, 2, false, 10e9)] // tensor parallel 2 (× Ulysses 2): half each
    public void PerGpu_TransformerShareFollowsThePlan(int gpus, int tensorParallel, bool shard, double expected)
    {
        var plan = new ParallelPlan { Gpus = gpus, Ulysses = gpus / tensorParallel, TensorParallel = tensorParallel, ShardWeights = shard };
        var load = ModelLoading.PerGpu(Model, Precision.Bf16, plan, vae: null, 1.0);

        Assert.Equal(expected, load.TransformerBytes);
        Assert.Equal(0, load.VaeBytes);
        Assert.Equal((expected + 10e9) / 1e9, load.Seconds, 12);
    }

    [Fact]
    public void PerGpu_WeightOnlyFp8_LoadsOneByteWeights()
    {
        var bf16 = ModelLoading.PerGpu(Model, Precision.Bf16, ParallelPlan.Single, Vae, 1.0);
        var fp8Weight = ModelLoading.PerGpu(Model, Precision.Fp8Weight, ParallelPlan.Single, Vae, 1.0);

        Assert.Equal(bf16.TransformerBytes / 2, fp8Weight.TransformerBytes);
        Assert.Equal(bf16.TextEncoderBytes, fp8Weight.TextEncoderBytes);
    }

    [Fact]
    public void Vae_FoundByTheModelsVaeId_NullWithoutOne()
    {
        var catalog = Fixtures.Catalog with { Vaes = [Vae] };

        Assert.Same(Vae, ModelLoading.Vae(catalog, Model));
        Assert.Null(ModelLoading.Vae(catalog, Model with { VaeId = string.Empty }));
        Assert.Null(ModelLoading.Vae(catalog with { Vaes = [] }, Model));
    }

    [Theory]
    [InlineData(0.0, ProblemKind.BadInput)]
    [InlineData(-1.0, ProblemKind.BadInput)]
    [InlineData(double.NaN, ProblemKind.BadInput)]
    [InlineData(double.PositiveInfinity, ProblemKind.BadInput)]
    [InlineData(1_000.5, ProblemKind.LimitExceeded)]
    public void CheckBandwidth_OutOfRange_ProblemAtThePathWithTheUnit(double gbps, ProblemKind kind)
    {
        var problem = ModelLoading.CheckBandwidth("simulation.load_gbps", gbps);

        Assert.NotNull(problem);
        Assert.Equal(("simulation.load_gbps", kind), (problem.Path, problem.Kind));
        Assert.Contains("GB/s", problem.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(ModelLoading.DefaultLoadGbps)]
    [InlineData(ModelLoading.MaxLoadGbps)]
    public void CheckBandwidth_InRange_NoProblem(double gbps) => Assert.Null(ModelLoading.CheckBandwidth("load_gbps", gbps));

    private static StackProfile Stack(string id, bool compiles) => new() { Id = id, Compiles = compiles, Provenance = Source };

    [Fact]
    public void Stack_NoName_TakesTheDefaultWhereListedElseNone()
    {
        var withDefault = Fixtures.Catalog with { Stacks = [Stack("xdit", true), Stack(VideoCatalog.DefaultStackId, false)] };

        Assert.Equal((VideoCatalog.DefaultStackId, (Problem?)null), (ClipCosting.Stack(withDefault, null, "stack").Stack?.Id, ClipCosting.Stack(withDefault, null, "stack").Problem));
        Assert.Equal((null, null), ClipCosting.Stack(Fixtures.Catalog with { Stacks = [Stack("xdit", true)] }, null, "stack"));
    }

    [Fact]
    public void Stack_Named_FoundOrNotFoundWithTheNearest()
    {
        var catalog = Fixtures.Catalog with { Stacks = [Stack("xdit", true), Stack("diffusers", false)] };

        Assert.Equal("xdit", ClipCosting.Stack(catalog, "XDiT", "product.stack").Stack!.Id);
        var (stack, problem) = ClipCosting.Stack(catalog, "xdti", "product.stack");
        Assert.Null(stack);
        Assert.Equal(("product.stack", ProblemKind.NotFound), (problem!.Path, problem.Kind));
        Assert.Contains("did you mean 'xdit'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("stacks.csv", problem.Text, StringComparison.Ordinal);
        Assert.Equal(("stack", ProblemKind.BadInput), (ClipCosting.Stack(catalog, " ", "stack").Problem!.Path, ClipCosting.Stack(catalog, " ", "stack").Problem!.Kind));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, true)]
    [InlineData(true, null, true)]
    public void IsCompiled_AsAskedElseAsTheStackDoes(bool? asked, bool? stackCompiles, bool expected) =>
        Assert.Equal(expected, ClipCosting.IsCompiled(asked, stackCompiles is { } c ? Stack("s", c) : null));

    [Fact]
    public void Request_CarriesTheStackAndCompiledOfTheProduct()
    {
        var stack = Stack("xdit", true);
        var item = new ClipMixItem { Share = 1, WidthPixels = 832, HeightPixels = 480, Seconds = 5, FramesPerSecond = 16 };
        var scenario = new Scenario
        {
            Name = "s",
            Product = new ProductSpec { Model = "wan2.1-t2v-14b", Gpu = "H100-SXM", Stack = "xdit", Compiled = false, ClipMix = [item] },
            Capacity = new CapacitySpec { OnDemandUsdPerGpuHour = 2 },
        };

        var request = ClipCosting.Request(scenario, item, Fixtures.Model("wan2.1-t2v-14b"), Fixtures.Gpu("h100-sxm"), stack);

        Assert.Same(stack, request.Stack);
        Assert.False(request.Compiled);
    }
}
