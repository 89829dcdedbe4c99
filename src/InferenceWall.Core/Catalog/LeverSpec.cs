using System.Collections.Immutable;

namespace InferenceWall.Core.Catalog;

/// <summary>What a lever changes: each kind is one typed change to a scenario, priced through the cost model.</summary>
public enum LeverKind
{
    /// <summary>Another GPU (<see cref="LeverSpec.Gpu"/>), at the cheapest catalog provider's on-demand price.</summary>
    Gpu,

    /// <summary>The scenario's GPU at the cheapest catalog provider's on-demand price.</summary>
    Provider,

    /// <summary>All capacity in one class (<see cref="LeverSpec.Capacity"/>: spot or reserved).</summary>
    Capacity,

    /// <summary>The fleet kept busier: <c>product.utilization</c> set to <see cref="LeverSpec.Share"/> (what a simulated fleet achieves).</summary>
    Utilization,

    /// <summary>
    /// Another parallel plan: <see cref="LeverSpec.Gpus"/> GPUs per clip, Ulysses taking the change (the other degrees
    /// kept), as <c>product.gpus_per_clip</c> does. Fewer GPUs pay less communication and fewer idle GPUs in the
    /// one-GPU phases, and take longer.
    /// </summary>
    Plan,

    /// <summary>Another compute precision (<see cref="LeverSpec.Precision"/>).</summary>
    Precision,

    /// <summary>A step-distilled variant: <see cref="LeverSpec.Steps"/> steps, guidance removed where it is.</summary>
    Distill,

    /// <summary>Guidance distillation: one branch instead of two, steps unchanged.</summary>
    CfgOff,

    /// <summary>Another attention kernel (<see cref="LeverSpec.AttentionKernel"/>).</summary>
    AttentionKernel,

    /// <summary>Sparse attention computing <see cref="LeverSpec.Share"/> of the attention scores.</summary>
    SparseAttention,

    /// <summary>A step cache computing the transformer on <see cref="LeverSpec.Share"/> of the steps.</summary>
    StepCache,

    /// <summary>The transformer compiled (torch.compile).</summary>
    Compile,

    /// <summary>
    /// Generate lower, then upscale: every clip taller than <see cref="LeverSpec.GenerateHeightPixels"/> is generated at
    /// that height (the width keeps the aspect ratio) and brought to its size by <see cref="LeverSpec.Upscaler"/>, a
    /// priced phase.
    /// </summary>
    Resolution,

    /// <summary>
    /// <see cref="LeverSpec.Batch"/> clips denoised together in one forward pass: the cost model prices the batch
    /// (weights read and per-block launches paid once, fuller matmuls); every clip waits for the whole batch.
    /// </summary>
    Batching,
}

/// <summary>
/// One efficiency lever from the catalog's <c>levers.csv</c>: a typed change to a scenario, with its source, the quality
/// cost its source publishes, and the rules for combining it with others.
/// </summary>
public sealed record LeverSpec
{
    public required string Id { get; init; }
    public string Name { get; init; } = string.Empty;
    public required LeverKind Kind { get; init; }

    /// <summary>The GPU of a <see cref="LeverKind.Gpu"/> lever.</summary>
    public string? Gpu { get; init; }

    /// <summary>The class of a <see cref="LeverKind.Capacity"/> lever.</summary>
    public CapacityClass? Capacity { get; init; }

    /// <summary>The precision of a <see cref="LeverKind.Precision"/> lever.</summary>
    public Precision? Precision { get; init; }

    /// <summary>The steps of a <see cref="LeverKind.Distill"/> lever.</summary>
    public int? Steps { get; init; }

    /// <summary>The GPUs per clip of a <see cref="LeverKind.Plan"/> lever.</summary>
    public int? Gpus { get; init; }

    /// <summary>The height a <see cref="LeverKind.Resolution"/> lever generates at, pixels.</summary>
    public int? GenerateHeightPixels { get; init; }

    /// <summary>The upscaler of a <see cref="LeverKind.Resolution"/> lever (upscalers.csv id).</summary>
    public string? Upscaler { get; init; }

    /// <summary>The clips per forward pass of a <see cref="LeverKind.Batching"/> lever.</summary>
    public int? Batch { get; init; }

    /// <summary>A distilled variant also removes classifier-free guidance (CFG distilled with the steps).</summary>
    public bool RemovesCfg { get; init; }

    /// <summary>The kernel of a <see cref="LeverKind.AttentionKernel"/> lever.</summary>
    public Cost.AttentionKernel? AttentionKernel { get; init; }

    /// <summary>The kept share of a sparse-attention lever, the computed share of a step cache, or a utilization lever's utilization, in (0, 1].</summary>
    public double? Share { get; init; }

    /// <summary>The models the lever exists for (a distilled checkpoint is one model's); empty: any model.</summary>
    public ImmutableArray<string> Models { get; init; } = [];

    /// <summary>The fewest steps the lever's source measured it on; fewer steps refuse it (little is left to skip).</summary>
    public int? MinSteps { get; init; }

    /// <summary>How the measurement format writes this step cache's setting (<c>teacache:0.15</c>), so that rows measured with it can be priced; empty when none.</summary>
    public string MeasuredAs { get; init; } = string.Empty;

    /// <summary>Levers this one cannot be combined with, by id (its source's rule).</summary>
    public ImmutableArray<string> Excludes { get; init; } = [];

    /// <summary>The quality metric the source publishes (VBench total, LPIPS); empty when none.</summary>
    public string QualityMetric { get; init; } = string.Empty;

    /// <summary>The published change in that metric, in its unit (negative: worse for VBench); null: not published.</summary>
    public double? QualityDelta { get; init; }

    /// <summary>What the quality cost is, in words (always given: "none: the same output", or the published delta).</summary>
    public string QualityNote { get; init; } = string.Empty;

    public string Notes { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }
}
