namespace InferenceWall.Core.Cost;

/// <summary>The phases of one clip's generation, in order.</summary>
public enum Phase
{
    TextEncode,
    Denoise,
    VaeDecode,
    OffloadTransfer,
    Overhead,
}
