using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Cost;

/// <summary>The latent token grid of a clip.</summary>
/// <remarks>
/// Causal video VAEs keep the first frame and compress the rest by c_t: latent frames = 1 + ⌈(F−1)/c_t⌉;
/// space is compressed by c_s; the transformer then patchifies by (p_t, p_h, p_w).
/// Checks: Wan2.1 at 1280×720×81 gives 21 × 45 × 80 = 75,600 tokens; Mochi at 848×480×163 gives
/// 28 × 30 × 53 = 44,520 (the visual token count its README states).
/// </remarks>
public readonly record struct LatentGeometry(int LatentFrames, int TokensT, int TokensH, int TokensW)
{
    public long Tokens => (long)TokensT * TokensH * TokensW;

    public static LatentGeometry Of(VideoModel model, ClipSpec clip)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clip);
        var latentFrames = 1 + CeilDiv((long)clip.Frames - 1, model.VaeTemporalCompression);
        return new LatentGeometry(
            latentFrames,
            CeilDiv(latentFrames, model.PatchT),
            CeilDiv(clip.HeightPixels, model.VaeSpatialCompression * model.PatchH),
            CeilDiv(clip.WidthPixels, model.VaeSpatialCompression * model.PatchW));
    }

    /// <summary>⌈a / b⌉ computed in 64 bits, so a huge size cannot wrap around to a small or negative count.</summary>
    private static int CeilDiv(long a, long b) => (int)Math.Min(int.MaxValue, Math.Max(0, (a + b - 1) / b));
}
