using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Tests.Cost;

/// <summary>Each term of the peak-memory model against a hand calculation on a model with round numbers.</summary>
public class PeakMemoryTests
{
    // 1 B parameters, 10 layers, width 1000 (10 heads of 100), FFN 4000, 100 text tokens, a 2 B text encoder.
    private static readonly VideoModel Round = new()
    {
        Id = "round-test",
        TransformerParameters = 1e9,
        Layers = 10,
        HiddenDim = 1000,
        Heads = 10,
        HeadDim = 100,
        FfnDim = 4000,
        AttentionKind = AttentionKind.Cross,
        TextTokens = 100,
        TextEncoderParameters = 2e9,
        VaeTemporalCompression = 4,
        VaeSpatialCompression = 8,
        LatentChannels = 16,
        PatchT = 1,
        PatchH = 2,
        PatchW = 2,
        DefaultSteps = 1,
        UsesCfg = false,
        Provenance = new Provenance("test", "test", "test"),
    };

    // 256×128×5: latent 2 × 16 × 32, tokens 2 × 8 × 16 = 256.
    private static CostRequest Request(OffloadMode offload = OffloadMode.None, ParallelPlan? plan = null, bool cfg = false) => new()
    {
        Model = Round,
        Gpu = Fixtures.Gpu("h100-sxm"),
        Clip = new ClipSpec { WidthPixels = 256, HeightPixels = 128, Frames = 5, Steps = 1, Cfg = cfg },
        Plan = plan ?? ParallelPlan.Single,
        Offload = offload,
    };

    private const double Weights = 1e9 * 2;
    private const double Text = 2e9 * 2;
    private const double Block = 256 * ((2 * 1000) + 4000) * 2.0;
    private const double Workspace = 256 * 10 * 4.0; // flash attention's log-sum-exp: a float per query row and head
    private const double Latents = 3.0 * 2 * 16 * 32 * 16 * 4;
    private const double Conditioning = 100 * 1000 * 2.0;
    private const double VaeWeights = 0.127e9 * 2;

    // The largest decode call: the second latent frame, 4 frames of 256×128, 15 maps of 96 channels in 16-bit.
    private const double VaeActivations = 4.0 * 256 * 128 * 15 * 96 * 2;

    private static MemoryNeed Need(CostRequest request, MemoryHolding? holding = null) =>
        ClipCost.PeakMemory(request, holding ?? MemoryHolding.Default, out _) ?? throw new InvalidOperationException("refused");

    [Fact]
    public void PeakMemory_EveryPhaseOnAHandCalculation()
    {
        var need = Need(Request());

        Assert.Equal(Weights, need.Weights, 1e-3);
        Assert.Equal(Block + Workspace + Latents + Conditioning, need.Activations, 1e-3);
        Assert.Equal(Text, need.TextEncoder, 1e-3);
        Assert.Equal(Text + Weights, need.EncodePeak, 1e-3);
        Assert.Equal(Weights + Text + VaeWeights + VaeActivations, need.DecodePeak, 1e-3);
        Assert.Equal("vae_decode", need.PeakPhase);
        Assert.Equal(need.DecodePeak, need.Allocated, 1e-3);
        Assert.Equal(need.DecodePeak + ClipCost.CudaRuntimeBytes, need.Total, 1e-3);
    }

    [Fact]
    public void PeakMemory_CfgBatchesTwoBranchesOnOneGpu_CfgParallelOrBranchByBranchDoesNot()
    {
        var batched = Need(Request(cfg: true));
        var split = Need(Request(cfg: true, plan: new ParallelPlan { Gpus = 2, CfgParallel = 2 }));

        var sequential = Need(Request(cfg: true), new MemoryHolding { CfgBatched = false });

        Assert.Equal((2 * (Block + Workspace + Conditioning)) + Latents, batched.Activations, 1e-3);
        Assert.Equal(Block + Workspace + Conditioning + Latents, split.Activations, 1e-3);
        Assert.Equal(Block + Workspace + Conditioning + Latents, sequential.Activations, 1e-3);
    }

    [Fact]
    public void PeakMemory_ModelOffload_KeepsEachComponentOnlyForItsPhase()
    {
        var need = Need(Request(OffloadMode.Model));

        Assert.Equal(0, need.TextEncoder);
        Assert.Equal(Text, need.EncodePeak, 1e-3);
        Assert.Equal(VaeWeights + VaeActivations, need.DecodePeak, 1e-3);
        Assert.Equal("text_encode", need.PeakPhase);

        // The official Wan pipelines hold the DiT from construction, so it is resident while the encoder runs.
        Assert.Equal(Text + Weights, Need(Request(OffloadMode.Model), new MemoryHolding { TransformerResidentWhileEncoding = true }).EncodePeak, 1e-3);
    }

    [Fact]
    public void PeakMemory_StreamedOffload_HoldsTwoBlocks()
    {
        var need = Need(Request(OffloadMode.Block));

        Assert.Equal(2 * Weights / 10, need.Weights, 1e-3);
        Assert.Equal(0, need.TextEncoder);
    }

    [Fact]
    public void PeakMemory_Fsdp_ShardsWeightsAndTextEncoder_UlyssesSplitsTokens()
    {
        var need = Need(Request(plan: new ParallelPlan { Gpus = 4, Ulysses = 2, Ring = 2, ShardWeights = true }));

        Assert.Equal((Weights / 4) + (Weights / 10), need.Weights, 1e-3);
        Assert.Equal(Text / 4, need.TextEncoder, 1e-3);
        Assert.Equal((Block / 4) + (Workspace / 4) + Latents + Conditioning, need.Activations, 1e-3);
    }

    [Fact]
    public void PeakMemory_TensorParallel_SplitsWeightsAndTheWideTemporaries()
    {
        var need = Need(Request(plan: new ParallelPlan { Gpus = 2, TensorParallel = 2 }));

        Assert.Equal(Weights / 2, need.Weights, 1e-3);
        Assert.Equal((256 * ((2 * 1000) + 2000) * 2.0) + (Workspace / 2) + Latents + Conditioning, need.Activations, 1e-3);
    }

    [Fact]
    public void PeakMemory_Holding_Fp32WeightsTextEncoderOnCpuAndFp32Vae()
    {
        var holding = new MemoryHolding { TransformerBytesPerWeight = 4, VaeBytesPerActivation = 4 };
        var need = Need(Request() with { TextEncoderOnCpu = true }, holding);

        Assert.Equal(4e9, need.Weights, 1e-3);
        Assert.Equal(0, need.TextEncoder);
        Assert.Equal(4e9, need.EncodePeak, 1e-3);
        Assert.Equal(4e9 + (VaeWeights * 2) + (VaeActivations * 2), need.DecodePeak, 1e-3);
    }

    [Theory]
    [InlineData(21, 1, 4, 4)] // Wan: one latent frame per call; the first decodes to one frame, the rest to four
    [InlineData(13, 2, 4, 9)] // diffusers CogVideoX: 13 latent frames, the first call takes 3 (9 frames), then 2 (8)
    [InlineData(1, 1, 4, 1)] // a single image
    [InlineData(2, 2, 4, 5)] // one call for the whole clip
    public void FramesPerDecodeCall_TheLargestCall(int latentFrames, int perCall, int compression, double frames) =>
        Assert.Equal(frames, ClipCost.FramesPerDecodeCall(latentFrames, perCall, compression));

    [Fact]
    public void Catalog_SizesTheT5FamilyEncoders()
    {
        // umT5-XXL and T5-v1.1-XXL: 24 × (4·4096² + 3·4096·10240) + vocabulary × 4096 (docs/research/per-token-work.md).
        Assert.Equal(5.68e9, Fixtures.Model("wan2.1-t2v-14b").TextEncoderParameters!.Value, 1e6);
        Assert.Equal(4.76e9, Fixtures.Model("cogvideox-5b").TextEncoderParameters!.Value, 1e6);
    }

    [Fact]
    public void PeakMemory_WholeFrameDecodeThatDoesNotFit_IsTiledWithANote()
    {
        // CogVideoX1.5 at 1360×768×81 decodes two latent frames of whole 1360×768 frames per call untiled; xDiT's
        // run script passes --enable_tiling. On a 48 GB L40 the estimate tiles and says so.
        var request = new CostRequest
        {
            Model = Fixtures.Model("cogvideox1.5-5b"),
            Gpu = Fixtures.Gpu("L40"),
            Clip = new ClipSpec { WidthPixels = 1360, HeightPixels = 768, Frames = 81, Steps = 50 },
        };
        var estimate = ClipCost.Estimate(request, Fixtures.Calibration).Estimate!;

        Assert.Contains(estimate.Notes, n => n.Contains("tiles", StringComparison.Ordinal));
        Assert.True(estimate.PeakMemoryBytes <= 48e9);
    }

    [Fact]
    public void PeakMemory_TiledVae_DecodesOneTileAtATime()
    {
        // HunyuanVideo at 1280×720×129: 33 latent frames, the first call takes 5 (17 frames) of a 256×256 tile,
        // 128 channels, 15 maps, 16-bit.
        var request = Fixtures.Request("hunyuanvideo", "h100-sxm", 1280, 720, 129, 50);
        var need = Need(request);
        var weights = need.Weights;
        var text = need.TextEncoder;

        // The decoder weights are vaes.csv's: 0.1461 B for the HunyuanVideo VAE, in 16-bit.
        Assert.Equal(weights + text + (0.1461e9 * 2) + (17.0 * 256 * 256 * 15 * 128 * 2), need.DecodePeak, 1e-3);
    }

    [Fact]
    public void PeakMemory_OffloadOnAGpuWithoutAHostLinkFigure_StillPredicted()
    {
        // The H800's host link is not in the catalog: the transfer time cannot be costed, the memory can.
        var request = Fixtures.Request("wan2.1-t2v-14b", "h800", 1280, 720, 81, 50) with { Offload = OffloadMode.Model };

        Assert.False(ClipCost.Estimate(request, Fixtures.Calibration).IsFeasible);
        Assert.NotNull(ClipCost.PeakMemory(request, MemoryHolding.Default, out var problems));
        Assert.Empty(problems);
        Assert.Null(ClipCost.PeakMemory(request with { Clip = request.Clip with { Frames = 0 } }, MemoryHolding.Default, out problems));
        Assert.NotEmpty(problems);
    }

    [Fact]
    public void Estimate_ChecksTheSameTotal()
    {
        var request = Fixtures.Request("wan2.1-t2v-14b", "h100-sxm", 1280, 720, 81, 50);
        var e = ClipCost.Estimate(request, Fixtures.Calibration).Estimate!;

        Assert.Equal(Need(request).Total, e.PeakMemoryBytes, 1e-3);
    }
}
