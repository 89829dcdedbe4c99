using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Tests.Cost;

/// <summary>The VAE decode's per-decoder efficiency and tile overlap, and text encoding on the host CPU.</summary>
public sealed class VaeAndTextEncoderPhaseTests
{
    private static readonly CostCalibration Round = Fixtures.Simple with { VaeEfficiency = 0.1, HostFlopsPerSecond = 2e12 };

    private static PhaseCost Phase(CostRequest request, Phase phase, CostCalibration? calibration = null) =>
        ClipCost.Estimate(request, calibration ?? Round).Estimate!.Phases.Single(p => p.Phase == phase);

    /// <summary>HunyuanVideo with its VAE tiling as the official decoder does it: 256 px tiles, 25% overlap, 64-frame tiles.</summary>
    private static VideoModel HunyuanTiled(double overlap = 0.25, int? tileFrames = 64)
    {
        var model = Fixtures.Model("hunyuanvideo");
        return model with { Vae = model.Vae! with { TileOverlap = overlap, TileFrames = tileFrames, TiledByDefault = true, TilePixels = 256 } };
    }

    [Fact]
    public void TiledDecodeWork_HunyuanAt720p129Frames_CountsEveryOverlappingTile()
    {
        // Latent 160 × 90 × 33 (8× spatial, 4× temporal). Tiles of 32 latent px every 24: along 160, starts 0…144 cover
        // 6 × 32 + 16 = 208; along 90, starts 0, 24, 48, 72 cover 3 × 32 + 18 = 114. In time, tiles of 16 + 1 latent
        // frames every 12: starts 0, 12, 24 cover 17 + 17 + 9 = 43 of 33.
        var clip = new ClipSpec { WidthPixels = 1280, HeightPixels = 720, Frames = 129, Steps = 1 };

        var factor = ClipCost.TiledDecodeWork(HunyuanTiled(), clip, tiledToFit: false);

        Assert.Equal(208.0 / 160 * (114.0 / 90) * (43.0 / 33), factor, 12);
    }

    [Fact]
    public void TiledDecodeWork_NoOverlapStatedOrNotTiled_IsOne()
    {
        var clip = new ClipSpec { WidthPixels = 1280, HeightPixels = 720, Frames = 129, Steps = 1 };
        var untiled = HunyuanTiled() with { Vae = HunyuanTiled().Vae! with { TiledByDefault = false } };

        Assert.Equal(1.0, ClipCost.TiledDecodeWork(Fixtures.Model("hunyuanvideo"), clip, tiledToFit: false));
        Assert.Equal(1.0, ClipCost.TiledDecodeWork(untiled, clip, tiledToFit: false));
        // Tiling only to fit in memory tiles the same way.
        Assert.True(ClipCost.TiledDecodeWork(untiled, clip, tiledToFit: true) > 2);
    }

    [Fact]
    public void TiledDecodeWork_ClipWithinOneTile_IsOneAndSpaceOnlyTilesIgnoreTime()
    {
        var small = new ClipSpec { WidthPixels = 256, HeightPixels = 256, Frames = 61, Steps = 1 };
        Assert.Equal(1.0, ClipCost.TiledDecodeWork(HunyuanTiled(), small, tiledToFit: false));

        var wide = new ClipSpec { WidthPixels = 1280, HeightPixels = 720, Frames = 129, Steps = 1 };
        Assert.Equal(208.0 / 160 * (114.0 / 90), ClipCost.TiledDecodeWork(HunyuanTiled(tileFrames: null), wide, tiledToFit: false), 12);
    }

    [Fact]
    public void Estimate_TiledVae_ChargesTheOverlapToTheDecode()
    {
        var request = Fixtures.Request("hunyuanvideo", "h100-sxm", 1280, 720, 129, 1);
        var whole = Phase(request, Core.Cost.Phase.VaeDecode);
        var tiled = Phase(request with { Model = HunyuanTiled() }, Core.Cost.Phase.VaeDecode);

        Assert.Equal(whole.Flops * ClipCost.TiledDecodeWork(HunyuanTiled(), request.Clip, false), tiled.Flops, 1e-9 * tiled.Flops);
        Assert.Equal(whole.ComputeSeconds * tiled.Flops / whole.Flops, tiled.ComputeSeconds, 1e-9 * tiled.ComputeSeconds);
    }

    [Fact]
    public void Estimate_DecoderFasterThanTheWan21Vae_DecodesInProportionallyLessTime()
    {
        // 1280×704×121 with the Wan2.2 VAE (18.394 MFLOP per pixel) on an H100 at 10% of its 989 TFLOP/s, 1.95 times
        // faster per FLOP than the Wan2.1 VAE (its catalog row).
        var request = Fixtures.Request("wan2.2-ti2v-5b", "h100-sxm", 1280, 704, 121, 1);
        var flops = 18.394e6 * 1280 * 704 * 121;

        var decode = Phase(request, Core.Cost.Phase.VaeDecode);

        Assert.Equal(1.95, request.Model.Vae!.EfficiencyVsWan21);
        Assert.Equal(flops, decode.Flops, 1e-6 * flops);
        Assert.Equal(flops / (989e12 * 0.1 * 1.95), decode.ComputeSeconds, 1e-6 * decode.ComputeSeconds);
    }

    [Fact]
    public void Estimate_TextEncoderOnCpu_RunsAtTheHostRateAndLeavesTheGpu()
    {
        // Wan2.1 1.3B: umT5-XXL (5.68 B) over 512 text tokens, twice (CFG): 2 × 5.68e9 × 512 × 2 FLOPs at 2 TFLOP/s.
        var request = Fixtures.Request("wan2.1-t2v-1.3b", "rtx-4090", 832, 480, 81, 1);
        var onCpu = request with { TextEncoderOnCpu = true };
        var flops = 2 * request.Model.TextEncoderParameters!.Value * 512 * 2;

        var gpu = ClipCost.Estimate(request, Round).Estimate!;
        var cpu = ClipCost.Estimate(onCpu, Round).Estimate!;

        var text = cpu.Phases.Single(p => p.Phase == Core.Cost.Phase.TextEncode);
        Assert.Equal(flops, text.Flops, 1e-9 * flops);
        Assert.Equal(flops / 2e12, text.ComputeSeconds, 1e-9 * text.ComputeSeconds);
        Assert.Contains(cpu.Notes, n => n.Contains("text encoder on the host CPU at the fitted 2 TFLOP/s", StringComparison.Ordinal));
        Assert.DoesNotContain(gpu.Notes, n => n.Contains("host CPU", StringComparison.Ordinal));
        // The encoder's 16-bit weights no longer sit on the GPU.
        var need = ClipCost.PeakMemory(onCpu, MemoryHolding.Default, out _)!.Value;
        Assert.Equal(0, need.TextEncoder);
        Assert.True(ClipCost.PeakMemory(request, MemoryHolding.Default, out _)!.Value.TextEncoder > 11e9);
    }

    [Fact]
    public void FromJson_HostRateNotPositive_RefusedAndAFileWithoutItTakesTheStart()
    {
        var shipped = EmbeddedData.Read("calibration.json");
        var zero = System.Text.RegularExpressions.Regex.Replace(shipped, "(\"host_flops_per_second\": )[0-9.eE+]+", "${1}0");
        Assert.NotEqual(shipped, zero);
        Assert.Null(CostCalibration.FromJson(zero, out var error));
        Assert.Contains("host_flops_per_second must be a positive rate", error, StringComparison.Ordinal);

        var without = System.Text.RegularExpressions.Regex.Replace(shipped, "\\s*\"host_flops_per_second\": [0-9.eE+]+,", string.Empty);
        Assert.NotEqual(shipped, without);
        Assert.Equal(CostCalibration.DefaultHostFlopsPerSecond, CostCalibration.FromJson(without, out _)!.HostFlopsPerSecond);
    }
}
