using System.Text.Json;
using InferenceWall.Application.Estimate;
using InferenceWall.Application.Json;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Tests.Estimate;

/// <summary>The estimate use case on its own.</summary>
public class EstimateUseCaseTests
{
    private static readonly EstimateRequest Example = new()
    {
        Model = "wan2.1-t2v-14b",
        Gpu = "h100-sxm",
        Gpus = 4,
        Ulysses = 4,
        Frames = 81,
        Steps = 50,
        Provider = "lambda",
    };

    [Fact]
    public void Run_IssueExample_PricesTheCheapestCurrentQuote()
    {
        var r = EstimateUseCase.Run(Example, EngineData.Shipped).Value!;
        Assert.Equal(75_600, r.LatentTokens);
        Assert.Equal(444.5869566688727, r.LatencyS, 9);
        Assert.Equal(3.99, r.UsdPerGpuHour);
        Assert.Equal(r.GpuSeconds / 3600 * 3.99, r.CostUsd!.Value, 12);
        Assert.Equal("8x NVIDIA H100 SXM", r.Price!.Sku);
    }

    [Fact]
    public void Run_UnknownModelAndBadSettings_EveryProblemAtOnce()
    {
        var outcome = EstimateUseCase.Run(Example with { Model = "wan9", Frames = 0, Utilization = 2, Steps = 5_000_000_000 }, EngineData.Shipped);
        Assert.False(outcome.IsOk);
        Assert.Equal(["model", "steps", "frames", "utilization"], outcome.Problems.Select(p => p.Path));
        Assert.Equal([ProblemKind.NotFound, ProblemKind.LimitExceeded, ProblemKind.BadInput, ProblemKind.BadInput], outcome.Problems.Select(p => p.Kind));
    }

    [Fact]
    public void Run_DegreesPastInt_LimitExceededAtThePlanPath()
    {
        var outcome = EstimateUseCase.Run(Example with { Gpus = 3_000_000_000, Ulysses = null }, EngineData.Shipped);
        Assert.Contains(outcome.Problems, p => p.Path == "plan.gpus" && p.Kind == ProblemKind.LimitExceeded);
        Assert.Contains(outcome.Problems, p => p.Path == "plan.ulysses" && p.Kind == ProblemKind.LimitExceeded);
    }

    [Fact]
    public void Run_ProviderAndPriceBoth_BadInput()
    {
        var problem = Assert.Single(EstimateUseCase.Run(Example with { UsdPerGpuHour = 2 }, EngineData.Shipped).Problems);
        Assert.Equal(("usd_per_gpu_hour", ProblemKind.BadInput), (problem.Path, problem.Kind));
    }

    [Fact]
    public void Run_NoQuoteForTheClass_NotFoundListingWhatThereIs()
    {
        var problem = Assert.Single(EstimateUseCase.Run(Example with { Capacity = Core.Catalog.CapacityClass.Spot }, EngineData.Shipped).Problems);
        Assert.Equal(("provider", ProblemKind.NotFound), (problem.Path, problem.Kind));
        Assert.Contains("H100-SXM on_demand", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PlanThatDoesNotFit_IsInfeasibleOnly()
    {
        var outcome = EstimateUseCase.Run(new EstimateRequest { Model = "wan2.1-t2v-14b", Gpu = "rtx-4090" }, EngineData.Shipped);
        Assert.True(outcome.IsInfeasible);
        Assert.StartsWith("wan2.1-t2v-14b on 1 × RTX-4090: does not fit", outcome.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Problems_NameNoCliFlagOrCommand()
    {
        var outcome = EstimateUseCase.Run(new EstimateRequest
        {
            Model = "consisid-preview",
            Gpu = "a100-sxm-80gb",
            Gpus = 2,
            CfgParallel = 2,
            Cfg = false,
            Precision = Core.Precision.Fp8,
            Offload = Core.Cost.OffloadMode.Sequential,
            Provider = "nowhere",
            UsdPerGpuHour = -1,
            Pue = 0,
        }, EngineData.Shipped);
        Assert.True(outcome.Problems.Length >= 6);
        Assert.All(outcome.Problems, p => Assert.DoesNotContain("--", p.Text, StringComparison.Ordinal));
        Assert.All(outcome.Problems, p => Assert.DoesNotContain("iwall ", p.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Response_Json_SnakeCaseWithCapacityWord()
    {
        var json = ContractJson.Serialize(EstimateUseCase.Run(Example, EngineData.Shipped).Value!);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("on_demand", root.GetProperty("price").GetProperty("capacity_class").GetString());
        Assert.Equal("bf16", root.GetProperty("clip").GetProperty("precision").GetString());
        Assert.Equal("denoise", root.GetProperty("phases")[1].GetProperty("name").GetString());
        Assert.True(root.GetProperty("phases")[1].GetProperty("compute_s").GetDouble() > 0);
        Assert.Equal(4, root.GetProperty("parallel").GetProperty("ulysses").GetInt32());
    }

    [Fact]
    public void BackOfEnvelope_GuideExample_Is2Dollars56()
    {
        var r = EstimateUseCase.BackOfEnvelope(new BackOfEnvelopeRequest { GpuMinutes = 8, Gpus = 4, UsdPerGpuMinute = 0.08 }).Value!;
        Assert.Equal(2.56, r.CostUsd, 12);
        Assert.Equal(1920, r.GpuSeconds);
    }

    [Fact]
    public void BackOfEnvelope_MissingAndOutOfRange_EveryProblem()
    {
        var outcome = EstimateUseCase.BackOfEnvelope(new BackOfEnvelopeRequest { GpuMinutes = -1, Gpus = 2_000 });
        Assert.Equal(["gpu_minutes", "usd_per_gpu_minute", "gpus"], outcome.Problems.Select(p => p.Path));
        Assert.Equal(ProblemKind.LimitExceeded, outcome.Problems[2].Kind);
    }

    [Fact]
    public void Run_SeededExtremeRequests_NeverThrowAndAnswersSerialize()
    {
        long[] counts = [long.MinValue, -1, 0, 1, 2, 3, 4, 8, 12, 81, 1023, 1024, 1025, 10_000, 10_001, 16_384, 16_385, 100_000, int.MaxValue, 1L + int.MaxValue, long.MaxValue];
        double[] numbers = [double.NaN, double.NegativeInfinity, -1, 0, 1e-300, 0.0005, 0.001, 0.5, 1, 1.58, 4.29, 5, 5.01, 10_000, 1e300, double.PositiveInfinity];
        string?[] models = [null, "wan2.1-t2v-1.3b", "wan2.1-t2v-14b", "wan2.1-t2v-14b", "hunyuanvideo", "consisid-preview", "cogvideox-2b", "nope"];
        string?[] gpus = [null, "h100-sxm", "h100-sxm", "rtx-4090", "l4", "a100-sxm-80gb", "h20", "mi355x", "nope"];
        string?[] providers = [null, "lambda", "azure", "nope"];
        var random = new Random(8);
        T Pick<T>(T[] values) => values[random.Next(values.Length)];
        T Seldom<T>(T usual, Func<T> odd) => random.Next(5) == 0 ? odd() : usual;
        var (ok, infeasible) = (0, 0);
        for (var i = 0; i < 3000; i++)
        {
            var request = new EstimateRequest
            {
                Model = Pick(models),
                Gpu = Pick(gpus),
                Gpus = Seldom(Pick<long>([1, 2, 4, 8]), () => Pick(counts)),
                Ulysses = Seldom<long?>(null, () => Pick(counts)),
                Ring = Seldom<long?>(null, () => Pick(counts)),
                CfgParallel = Seldom<long?>(null, () => Pick(counts)),
                TensorParallel = Seldom<long?>(null, () => Pick(counts)),
                ShardWeights = random.Next(2) == 0,
                Width = Seldom(Pick<long>([832, 1280, 1920]), () => Pick(counts)),
                Height = Seldom(Pick<long>([480, 720, 1080]), () => Pick(counts)),
                Frames = Seldom(Pick<long>([49, 81, 129]), () => Pick(counts)),
                Steps = Seldom<long?>(null, () => Pick(counts)),
                Cfg = random.Next(3) switch { 0 => null, 1 => true, _ => false },
                Precision = Seldom(Core.Precision.Bf16, () => Pick(Enum.GetValues<Core.Precision>())),
                Offload = Seldom(Core.Cost.OffloadMode.None, () => Pick(Enum.GetValues<Core.Cost.OffloadMode>())),
                AttentionKernel = Pick(Enum.GetValues<Core.Cost.AttentionKernel>()),
                Stack = random.Next(20) == 0 ? Pick<string?>(["", " ", "diffusers", "nope"]) : null,
                Compiled = random.Next(3) switch { 0 => null, 1 => true, _ => false },
                LoadGbps = random.Next(20) == 0 ? Pick(numbers) : 1.28,
                Provider = Seldom<string?>(null, () => Pick(providers)),
                Capacity = Seldom(Core.Catalog.CapacityClass.OnDemand, () => Pick(Enum.GetValues<Core.Catalog.CapacityClass>())),
                UsdPerGpuHour = Seldom<double?>(null, () => Pick(numbers)),
                Utilization = Seldom(1.0, () => Pick(numbers)),
                Pue = Seldom(1.58, () => Pick(numbers)),
            };
            var outcome = EstimateUseCase.Run(request, EngineData.Shipped);
            Assert.True(outcome.IsOk || !outcome.Problems.IsEmpty);
            ok += outcome.IsOk ? 1 : 0;
            infeasible += outcome.IsInfeasible ? 1 : 0;

            // The contract serializer throws on NaN or infinity, so an answer that serializes has none.
            _ = outcome.Value is { } value ? ContractJson.Serialize(value) : ContractJson.Serialize(outcome.Problems);
        }

        Assert.True(ok > 100 && infeasible > 20, $"{ok} answers, {infeasible} infeasible of 3000");
    }

    private static readonly Core.Catalog.Provenance StackSource = new("test", "2026-12", "stacks.csv");

    /// <summary>The shipped data with a stacks list built here (the shipped catalog may list none).</summary>
    private static EngineData WithStacks(params Core.Catalog.StackProfile[] stacks) =>
        EngineData.Shipped with { Catalog = EngineData.Shipped.Catalog with { Stacks = [.. stacks] } };

    private static readonly Core.Catalog.StackProfile Xdit = new() { Id = "xdit", Compiles = true, ParallelVae = true, Provenance = StackSource };
    private static readonly Core.Catalog.StackProfile Diffusers = new() { Id = "diffusers", Provenance = StackSource };

    [Fact]
    public void Run_NamedStack_ReportedWithWhetherCompiled()
    {
        var data = WithStacks(Xdit, Diffusers);

        var asStack = EstimateUseCase.Run(Example with { Stack = "XDiT" }, data).Value!;
        Assert.Equal(("xdit", true), (asStack.Stack, asStack.Compiled));

        var eager = EstimateUseCase.Run(Example with { Stack = "xdit", Compiled = false }, data).Value!;
        Assert.Equal(("xdit", false), (eager.Stack, eager.Compiled));

        var json = ContractJson.Serialize(asStack);
        Assert.Contains("\"stack\": \"xdit\"", json, StringComparison.Ordinal);
        Assert.Contains("\"compiled\": true", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoStack_TakesTheCatalogsDefaultElseNone()
    {
        var listed = EstimateUseCase.Run(Example, WithStacks(Xdit, Diffusers)).Value!;
        Assert.Equal(("diffusers", false), (listed.Stack, listed.Compiled));

        var unlisted = EstimateUseCase.Run(Example, WithStacks(Xdit)).Value!;
        Assert.Null(unlisted.Stack);
        Assert.False(unlisted.Compiled);
        Assert.True(EstimateUseCase.Run(Example with { Compiled = true }, WithStacks(Xdit)).Value!.Compiled);
    }

    [Fact]
    public void Run_UnknownStack_NotFoundAtStackWithTheNearest()
    {
        var problem = Assert.Single(EstimateUseCase.Run(Example with { Stack = "xdti" }, WithStacks(Xdit, Diffusers)).Problems);

        Assert.Equal(("stack", ProblemKind.NotFound), (problem.Path, problem.Kind));
        Assert.Contains("did you mean 'xdit'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ColdStart_TheModelsBytesPerGpuOverTheBandwidth()
    {
        // Wan2.1-T2V-14B in bf16: 14e9 × 2 bytes on each of the 4 Ulysses GPUs; 28e9 B ÷ 4e9 B/s = 7 s. Tensor parallel 2
        // halves the transformer's share.
        var ulysses = EstimateUseCase.Run(Example with { LoadGbps = 4 }, EngineData.Shipped).Value!.ColdStart;
        var tp = EstimateUseCase.Run(Example with { LoadGbps = 4, Ulysses = 2, TensorParallel = 2 }, EngineData.Shipped).Value!.ColdStart;

        Assert.Equal(28e9, ulysses.TransformerBytes, 0);
        Assert.Equal(4, ulysses.LoadGbps);
        Assert.Equal(ulysses.Bytes / 4e9, ulysses.Seconds, 12);
        Assert.Equal(ulysses.TransformerBytes + ulysses.TextEncoderBytes + ulysses.VaeBytes, ulysses.Bytes);
        Assert.Equal(14e9, tp.TransformerBytes, 0);
        Assert.Equal(EstimateUseCase.Run(Example, EngineData.Shipped).Value!.LatencyS, EstimateUseCase.Run(Example with { LoadGbps = 0.5 }, EngineData.Shipped).Value!.LatencyS);
    }

    [Theory]
    [InlineData(0.0, ProblemKind.BadInput)]
    [InlineData(-2.0, ProblemKind.BadInput)]
    [InlineData(2_000.0, ProblemKind.LimitExceeded)]
    public void Run_LoadBandwidthOutOfRange_ProblemAtLoadGbps(double gbps, ProblemKind kind)
    {
        var problem = Assert.Single(EstimateUseCase.Run(Example with { LoadGbps = gbps }, EngineData.Shipped).Problems);
        Assert.Equal(("load_gbps", kind), (problem.Path, problem.Kind));
        Assert.Contains("GB/s", problem.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ColdStart_CountsTheTextEncoderAndVaeTheCatalogSizesElseSaysSo()
    {
        var shipped = EngineData.Shipped;
        var wan = shipped.Catalog.FindModel("wan2.1-t2v-14b").Value! with { TextEncoderParameters = 5e9, VaeId = "test-vae" };
        var vae = new Core.Catalog.VaeSpec { Id = "test-vae", DecoderParameters = 0.1e9, Provenance = StackSource };
        var sized = shipped with
        {
            Catalog = shipped.Catalog with { Models = [wan, .. shipped.Catalog.Models.Where(m => m.Id != wan.Id)], Vaes = [vae] },
        };

        var r = EstimateUseCase.Run(Example with { LoadGbps = 2 }, sized).Value!;
        // 28e9 transformer + 5e9 × 2 text encoder + 0.1e9 × 2 VAE decoder = 38.2e9 bytes per GPU; ÷ 2e9 B/s = 19.1 s.
        Assert.Equal((10e9, 0.2e9, 38.2e9), (r.ColdStart.TextEncoderBytes, r.ColdStart.VaeBytes, r.ColdStart.Bytes));
        Assert.Equal(19.1, r.ColdStart.Seconds, 9);
        Assert.DoesNotContain(r.Notes, n => n.StartsWith("cold start:", StringComparison.Ordinal));

        var unsized = shipped with { Catalog = sized.Catalog with { Vaes = [] } };
        Assert.Contains(EstimateUseCase.Run(Example, unsized).Value!.Notes, n => n.StartsWith("cold start:", StringComparison.Ordinal) && n.Contains("VAE decoder", StringComparison.Ordinal));
    }
}

