using InferenceWall.Core;

namespace InferenceWall.Analysis.Calibration;

/// <summary>What a measured latency covers.</summary>
public enum MeasurementScope
{
    EndToEnd,
    Denoise,
    PerStep,
    MemoryOnly,

    /// <summary>The VAE decode alone (latents to pixels), as VAE papers and stage timers report it.</summary>
    VaeDecode,
}

/// <summary>What a measurement says was offloaded to host memory.</summary>
public enum MeasuredOffload
{
    /// <summary>Nothing offloaded (<c>false</c>).</summary>
    None,

    /// <summary>Something offloaded, granularity not stated (<c>true</c>): whole components, or streamed weights where whole components do not fit.</summary>
    Unstated,

    /// <summary>Whole components moved to the GPU for their phase (<c>model</c>: diffusers enable_model_cpu_offload, Wan --offload_model).</summary>
    Model,

    /// <summary>Transformer blocks streamed with the next one prefetched (<c>block</c>: LightX2V offload_granularity block).</summary>
    Block,

    /// <summary>Weights streamed submodule by submodule without prefetch (<c>sequential</c>: diffusers enable_sequential_cpu_offload).</summary>
    Sequential,
}

/// <summary>The one spelling of the measurement vocabularies, in the file format and in every output.</summary>
public static class MeasurementWords
{
    public static Vocabulary<MeasurementScope> Scope { get; } = new("measurement scope",
        (MeasurementScope.EndToEnd, "end_to_end"), (MeasurementScope.Denoise, "denoise"), (MeasurementScope.PerStep, "per_step"), (MeasurementScope.MemoryOnly, "memory_only"),
        (MeasurementScope.VaeDecode, "vae_decode"));

    public static Vocabulary<MeasuredOffload> Offload { get; } = new("measured offload",
        (MeasuredOffload.None, "false"), (MeasuredOffload.Unstated, "true"), (MeasuredOffload.Model, "model"), (MeasuredOffload.Block, "block"),
        (MeasuredOffload.Sequential, "sequential"));
}

/// <summary>One published (or logged) inference measurement, in the format of the calibration set.</summary>
public sealed record Measurement
{
    public required int Line { get; init; }
    public required string Id { get; init; }
    public required string Model { get; init; }
    public required string Task { get; init; }
    public required string Gpu { get; init; }
    public string GpuAsPublished { get; init; } = string.Empty;
    public required int NumGpus { get; init; }
    public required int Ulysses { get; init; }
    public required int Ring { get; init; }
    public required int CfgParallel { get; init; }
    public required int TensorParallel { get; init; }
    public required bool ParallelKnown { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required int Frames { get; init; }
    public int? Steps { get; init; }

    /// <summary>true, false or null (unknown).</summary>
    public bool? Cfg { get; init; }

    /// <summary>bf16, fp16, fp8, fp8_weight (FP8 weights, bf16 math), int8 or unknown.</summary>
    public required string Precision { get; init; }
    public required MeasuredOffload Offload { get; init; }
    public required string StepCache { get; init; }
    public required string AttentionKernel { get; init; }
    public required bool Compiled { get; init; }

    /// <summary>The inference stack the row ran on, as written (an id or alias of the catalog's stacks.csv).</summary>
    public required string Stack { get; init; }
    public required MeasurementScope Scope { get; init; }
    public double? LatencySeconds { get; init; }
    public required bool Approximate { get; init; }
    public double? PeakMemoryGb { get; init; }
    public string Source { get; init; } = string.Empty;
    public string Notes { get; init; } = string.Empty;

    /// <summary>Whether the GPU is known and the parallel degrees were stated: the rows the error bars are measured on.</summary>
    public bool Scored => ParallelKnown && Gpu != "UNKNOWN";
}
