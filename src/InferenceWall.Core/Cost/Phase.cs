namespace InferenceWall.Core.Cost;

/// <summary>The phases of one clip's generation, in order.</summary>
public enum Phase
{
    TextEncode,
    Denoise,
    VaeDecode,
    OffloadTransfer,
    Overhead,

    /// <summary>An upscaler brings the generated clip to the delivered size (generate lower, then upscale).</summary>
    Upscale,
}
