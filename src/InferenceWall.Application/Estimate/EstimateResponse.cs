using System.Collections.Immutable;
using InferenceWall.Core;
using InferenceWall.Core.Cost;

namespace InferenceWall.Application.Estimate;

/// <summary>What one clip costs on one allocation of GPUs, phase by phase, with the price used and its source.</summary>
public sealed record EstimateResponse
{
    public required string Model { get; init; }
    public required string Gpu { get; init; }
    public required int Gpus { get; init; }
    public required EstimatePlan Parallel { get; init; }
    public required EstimateClip Clip { get; init; }

    /// <summary>The inference stack assumed (an id in stacks.csv); null when none (the catalog lists no default stack).</summary>
    public string? Stack { get; init; }

    /// <summary>Whether the run is costed as compiled: as asked, else as the stack does by default.</summary>
    public required bool Compiled { get; init; }

    /// <summary>The text encoder runs on the host CPU (the Wan repositories' <c>--t5_cpu</c>), off the GPU.</summary>
    public bool TextEncoderOnCpu { get; init; }
    public required long LatentTokens { get; init; }
    public required long SequenceTokens { get; init; }
    public required double StepSeconds { get; init; }
    public required double LatencyS { get; init; }
    public required double GpuSeconds { get; init; }
    public required double PeakMemoryBytes { get; init; }
    public required double MemoryCapacityBytes { get; init; }
    public required double EnergyKwh { get; init; }
    public required double Pue { get; init; }
    public required double TotalFlops { get; init; }

    /// <summary>The price of GPU time; null when neither a provider nor a price was given.</summary>
    public double? UsdPerGpuHour { get; init; }
    public required double Utilization { get; init; }

    /// <summary>Dollars for the clip; null when there is no price, with <see cref="CostReason"/>.</summary>
    public double? CostUsd { get; init; }

    /// <summary>Why <see cref="CostUsd"/> is null; null when there is a cost.</summary>
    public string? CostReason { get; init; }

    /// <summary>The catalog quote the price came from; null when the price was given or absent.</summary>
    public EstimatePrice? Price { get; init; }
    public required ImmutableArray<EstimatePhase> Phases { get; init; }

    /// <summary>The model's load at a replica's start (paid once per start, not per clip; not in the latency).</summary>
    public required EstimateColdStart ColdStart { get; init; }

    /// <summary>What the calibration was fitted on.</summary>
    public required string Calibration { get; init; }

    /// <summary>Rows the calibration was fitted on.</summary>
    public required int CalibrationRows { get; init; }
    public required ImmutableArray<string> Notes { get; init; }
}

public sealed record EstimatePlan(int Ulysses, int Ring, int CfgParallel, int TensorParallel, bool ShardWeights);

public sealed record EstimateClip(int Width, int Height, int Frames, int Steps, bool Cfg, Precision Precision);

/// <summary>The catalog quote used: the SKU chosen, its date (or that it is undated), source, and the rule that chose it.</summary>
public sealed record EstimatePrice
{
    public required string Provider { get; init; }
    public required string ProviderName { get; init; }
    public required string Sku { get; init; }
    public int? GpusPerInstance { get; init; }
    public required string PricingModel { get; init; }
    public required Core.Catalog.CapacityClass CapacityClass { get; init; }
    public required string AsOf { get; init; }

    /// <summary>True when the quote carries no date (chosen only because no quote for this GPU and class is dated).</summary>
    public required bool Undated { get; init; }
    public required string Source { get; init; }
    public required int OtherQuotes { get; init; }

    /// <summary>Why this quote ("lowest $/GPU-hour of 2 current quotes ...").</summary>
    public required string ChosenBy { get; init; }
}

/// <summary>
/// The cold start: <c>bytes</c> one GPU loads (its transformer share at the run's precision, the text encoder and VAE
/// decoder in 16-bit) at <c>load_gbps</c>, in <c>seconds</c>. Paid once per replica start, not per clip.
/// </summary>
public sealed record EstimateColdStart(double Seconds, double Bytes, double TransformerBytes, double TextEncoderBytes, double VaeBytes, double LoadGbps);

public sealed record EstimatePhase(Phase Name, double Flops, double ComputeS, double MemoryS, double CommunicationS, double Seconds, int GpusBusy);

/// <summary>The back-of-envelope's answer.</summary>
public sealed record BackOfEnvelopeResponse
{
    public string Method { get; init; } = "back_of_envelope";
    public string Formula { get; init; } = "usd_per_gpu_minute × gpus × gpu_minutes";
    public required double GpuMinutes { get; init; }
    public required long Gpus { get; init; }
    public required double UsdPerGpuMinute { get; init; }
    public required double GpuSeconds { get; init; }
    public required double CostUsd { get; init; }
}

/// <summary>The JSON written when the clip cannot be generated as asked (a plan that does not fit): no estimate, the problems.</summary>
public sealed record EstimateRefusal
{
    public bool Feasible { get; init; }
    public required ImmutableArray<string> Reasons { get; init; }
    public required ImmutableArray<Core.Problems.Problem> Problems { get; init; }
}
