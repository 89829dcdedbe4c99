using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Tests.Cost;

public class LatentGeometryTests
{
    [Theory]
    // Mochi 1 README: 44,520 visual tokens for 848×480×163 (video_models.csv quote).
    [InlineData("mochi-1-preview", 848, 480, 163, 44_520)]
    // Wan2.1: vae_stride (4,8,8), patch (1,2,2): 21 latent frames × 45 × 80 at 1280×720×81.
    [InlineData("wan2.1-t2v-14b", 1280, 720, 81, 75_600)]
    // CogVideoX: latent 60×90×13 for 480×720×49 (ConsisID/CogVideoX VAE quote), patch 2 → 13 × 30 × 45.
    [InlineData("cogvideox-5b", 720, 480, 49, 17_550)]
    // HunyuanVideo: 4×8×8 VAE, patch (1,2,2): 33 × 45 × 80 at 1280×720×129.
    [InlineData("hunyuanvideo", 1280, 720, 129, 118_800)]
    public void Tokens_StatedConfigurations_MatchPapers(string model, int width, int height, int frames, long expected)
    {
        var clip = new ClipSpec { WidthPixels = width, HeightPixels = height, Frames = frames, Steps = 1 };
        Assert.Equal(expected, LatentGeometry.Of(Fixtures.Model(model), clip).Tokens);
    }

    [Fact]
    public void Tokens_TemporalPatch_RoundsLatentFramesUp()
    {
        // CogVideoX1.5 patches time by 2: 81 frames → 21 latent frames → 11 token frames.
        var clip = new ClipSpec { WidthPixels = 1360, HeightPixels = 768, Frames = 81, Steps = 1 };
        var g = LatentGeometry.Of(Fixtures.Model("cogvideox1.5-5b"), clip);
        Assert.Equal(21, g.LatentFrames);
        Assert.Equal(11, g.TokensT);
    }
}
