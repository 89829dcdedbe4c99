using System.Collections.Immutable;

namespace InferenceWall.Core.Catalog;

/// <summary>
/// An inference stack (the official repositories, diffusers, xDiT, LightX2V, FastVideo, SGLang): what it does to a
/// generation. The same model, GPU and clip differ up to 1.9× on one GPU between stacks; the fitted factor per stack
/// lives in the calibration, the facts here.
/// </summary>
public sealed record StackProfile
{
    public required string Id { get; init; }
    /// <summary>Other names the stack is known by (stacks.csv <c>aliases</c>, <c>;</c>-separated).</summary>
    public ImmutableArray<string> Aliases { get; init; } = [];
    public string Name { get; init; } = string.Empty;

    /// <summary>The stack compiles the transformer (torch.compile or its own graph compiler) by default.</summary>
    public bool Compiles { get; init; }

    /// <summary>
    /// The stack splits VAE decode across the GPUs of a multi-GPU plan by default (LightX2V, FastVideo); where it is an
    /// opt-in flag (xDiT's <c>--use_parallel_vae</c>, ParaAttention's adapter) this is false and <see cref="Notes"/> names the flag.
    /// </summary>
    public bool ParallelVae { get; init; }

    /// <summary>The stack's default attention kernel word (default, fa2, fa3, sage2, cudnn).</summary>
    public string AttentionKernel { get; init; } = "default";

    public string Notes { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }
}
