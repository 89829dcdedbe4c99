using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Application.Estimate;

/// <summary>
/// What one clip costs, from the model's physics: the model, the GPU and how the clip is spread over GPUs, the
/// clip's size and sampler, and the price (a provider's catalog quote or a given $/GPU-hour). Counts are 64-bit so a
/// huge value is refused against its limit rather than wrapping around.
/// </summary>
public sealed record EstimateRequest
{
    /// <summary>Model id or alias from the catalog's models.csv.</summary>
    public string? Model { get; init; }

    /// <summary>GPU id or alias from the catalog's gpus.csv.</summary>
    public string? Gpu { get; init; }

    /// <summary>GPUs per clip.</summary>
    public long Gpus { get; init; } = 1;

    /// <summary>Ulysses degree; null takes <see cref="Gpus"/> when no other degree is given, else 1.</summary>
    public long? Ulysses { get; init; }
    public long? Ring { get; init; }
    public long? CfgParallel { get; init; }
    public long? TensorParallel { get; init; }
    public bool ShardWeights { get; init; }

    public long Width { get; init; } = 1280;
    public long Height { get; init; } = 720;
    public long Frames { get; init; } = 81;

    /// <summary>Denoising steps; null takes the model's default.</summary>
    public long? Steps { get; init; }

    /// <summary>Classifier-free guidance; null takes the model's default.</summary>
    public bool? Cfg { get; init; }
    public Precision Precision { get; init; } = Precision.Bf16;
    public OffloadMode Offload { get; init; } = OffloadMode.None;
    public AttentionKernel AttentionKernel { get; init; } = AttentionKernel.Default;

    /// <summary>Inference stack id from the catalog's stacks.csv; null takes the catalog's default stack (none where it lists no default).</summary>
    public string? Stack { get; init; }

    /// <summary>The transformer runs compiled (torch.compile); null: as the stack does by default.</summary>
    public bool? Compiled { get; init; }

    /// <summary>The text encoder runs on the host CPU (the Wan repositories' <c>--t5_cpu</c>), off the GPU.</summary>
    public bool TextEncoderOnCpu { get; init; }

    /// <summary>Load bandwidth from storage to each GPU for the cold start, GB/s.</summary>
    public double LoadGbps { get; init; } = ModelLoading.DefaultLoadGbps;

    /// <summary>Price the GPU time at this provider's catalog quote (with <see cref="Capacity"/>); excludes <see cref="UsdPerGpuHour"/>.</summary>
    public string? Provider { get; init; }
    public CapacityClass Capacity { get; init; } = CapacityClass.OnDemand;

    /// <summary>A given $/GPU-hour; excludes <see cref="Provider"/>. Neither gives no dollar figure.</summary>
    public double? UsdPerGpuHour { get; init; }

    /// <summary>Share of paid GPU time that generates, in (0, 1].</summary>
    public double Utilization { get; init; } = 1.0;
    public double Pue { get; init; } = CostRequest.DefaultPue;
}

/// <summary>The analysts' back-of-envelope: $/GPU-minute × GPUs per clip × GPU-minutes per clip.</summary>
public sealed record BackOfEnvelopeRequest
{
    public double? GpuMinutes { get; init; }
    public long Gpus { get; init; } = 1;
    public double? UsdPerGpuMinute { get; init; }
}
