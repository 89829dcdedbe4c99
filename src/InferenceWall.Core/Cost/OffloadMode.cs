namespace InferenceWall.Core.Cost;

/// <summary>Whether and how weights live in host memory during a generation.</summary>
public enum OffloadMode
{
    /// <summary>Every component stays in GPU memory.</summary>
    None,

    /// <summary>Components move to the GPU only for their phase (text encoder, then transformer, then VAE).</summary>
    Model,

    /// <summary>Transformer weights stream from host memory block by block on every forward pass, one block at a time.</summary>
    Sequential,

    /// <summary>Transformer weights stream block by block, the next block prefetched while the current one computes.</summary>
    Block,
}
