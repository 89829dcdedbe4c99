namespace InferenceWall.Core.Cost;

/// <summary>The attention implementation a stack runs; the calibration holds a speed factor per kernel it has measured.</summary>
public enum AttentionKernel
{
    /// <summary>The framework's default (PyTorch scaled-dot-product attention).</summary>
    Default,
    FlashAttention2,
    FlashAttention3,
    SageAttention2,
    CuDnn,
}
