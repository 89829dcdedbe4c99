using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Cost;

/// <summary>Everything one clip-cost estimate depends on.</summary>
public sealed record CostRequest
{
    public required VideoModel Model { get; init; }
    public required Gpu Gpu { get; init; }
    public required ClipSpec Clip { get; init; }
    public ParallelPlan Plan { get; init; } = ParallelPlan.Single;
    public Precision Precision { get; init; } = Precision.Bf16;
    public OffloadMode Offload { get; init; } = OffloadMode.None;

    public AttentionKernel AttentionKernel { get; init; } = AttentionKernel.Default;

    /// <summary>The inference stack that runs the clip; null: no stack factor (the calibration's default stack applies).</summary>
    public Catalog.StackProfile? Stack { get; init; }

    /// <summary>
    /// The attention kernel that runs: the one asked for, or where none is (<c>default</c>) the stack's default kernel.
    /// FlashAttention-3 runs on Hopper only (its README: H100/H800), so a stack whose default is FA3 falls back to FA2
    /// elsewhere, as the stacks' own dispatch does.
    /// </summary>
    public AttentionKernel EffectiveAttentionKernel
    {
        get
        {
            var kernel = AttentionKernel != AttentionKernel.Default || Stack is null || !Words.AttentionKernel.TryParse(Stack.AttentionKernel, out var stackKernel)
                ? AttentionKernel
                : stackKernel;
            return kernel == AttentionKernel.FlashAttention3 && Gpu.Family != "hopper" ? AttentionKernel.FlashAttention2 : kernel;
        }
    }

    /// <summary>The transformer runs compiled (torch.compile); null: as the stack does by default.</summary>
    public bool? Compiled { get; init; }

    /// <summary>Whether the run is compiled: as asked, else as its stack does by default (no stack: eager).</summary>
    public bool RunsCompiled => Economics.ClipCosting.IsCompiled(Compiled, Stack);

    /// <summary>
    /// The text encoder runs on the host CPU (the Wan repositories' <c>--t5_cpu</c>): its work runs at the host's
    /// fitted rate, not the GPU's, and its weights never occupy the GPU.
    /// </summary>
    public bool TextEncoderOnCpu { get; init; }

    /// <summary>
    /// Share of the attention score work computed, in (0, 1]: a sparse-attention method (sliding tiles, radial, Sparse
    /// VideoGen) skips the rest. 1 is dense attention.
    /// </summary>
    public double AttentionKeep { get; init; } = 1.0;

    /// <summary>
    /// Share of the denoising steps whose transformer forward is computed, in (0, 1]: a step cache (TeaCache, MagCache,
    /// first-block cache) reuses the previous output for the rest. 1 computes every step.
    /// </summary>
    public double ComputedStepShare { get; init; } = 1.0;

    /// <summary>
    /// Clips denoised together in one forward pass on the allocation, in [1, <see cref="CostLimits.MaxBatchSize"/>]. A
    /// batch reads the weights and pays the per-block launch time once for all its clips, and its matmuls fill the GPU
    /// better; it computes every clip's math, encodes and decodes them one after another, and holds every clip's
    /// activations. 1 is one clip at a time.
    /// </summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>
    /// After decoding, an upscaler brings the clip (generated at <see cref="Clip"/>'s size) to the delivered size; null:
    /// the clip is delivered as generated.
    /// </summary>
    public UpscaleRequest? Upscale { get; init; }

    /// <summary>$/GPU-hour; null gives no dollar figure.</summary>
    public double? UsdPerGpuHour { get; init; }

    /// <summary>Share of paid GPU time that does useful work (1 = every paid second generates).</summary>
    public double Utilization { get; init; } = 1.0;

    /// <summary>Data-centre power usage effectiveness applied to GPU board power.</summary>
    public double Pue { get; init; } = DefaultPue;

    /// <summary>Uptime Institute industry-average PUE for 2023 (see data sources in docs/cost-model.md).</summary>
    public const double DefaultPue = 1.58;
}
