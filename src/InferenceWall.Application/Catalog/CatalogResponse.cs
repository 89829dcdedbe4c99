using System.Collections.Immutable;
using System.Text.Json.Serialization;
using InferenceWall.Core.Catalog;

namespace InferenceWall.Application.Catalog;

/// <summary>The entries of the kind asked for (the other lists are empty), each with its date and full source.</summary>
public sealed record CatalogResponse
{
    public ImmutableArray<GpuEntry> Gpus { get; init; } = [];
    public ImmutableArray<PriceEntry> Prices { get; init; } = [];
    public ImmutableArray<ModelEntry> Models { get; init; } = [];
    public ImmutableArray<ApiEntry> Apis { get; init; } = [];
    public ImmutableArray<HardwareEntry> Hardware { get; init; } = [];
    public ImmutableArray<StackEntry> Stacks { get; init; } = [];
    public ImmutableArray<VaeEntry> Vaes { get; init; } = [];
    public ImmutableArray<LeverEntry> Levers { get; init; } = [];
    public ImmutableArray<UpscalerEntry> Upscalers { get; init; } = [];
}

/// <summary>A GPU's published figures (TFLOP/s dense, GB, TB/s, GB/s, W).</summary>
public sealed record GpuEntry(
    string Id, string Family, double Bf16DenseTflops, double? Fp8DenseTflops, double? Fp4DenseTflops, double MemoryGb, double MemoryBandwidthTbps, double? GpuLinkGbps,
    double BoardPowerW, string Confidence, string AsOf, string Source);

/// <summary>A video model's architecture facts; <c>width</c> is the attention width (heads × head dimension).</summary>
public sealed record ModelEntry(
    string Id, double? ParamsB, double? TokenParamsB, double? TextTokenParamsB, int? Layers, int? Width, int? Heads, string Attention, int? TextTokens,
    double? TextEncoderParamsB, string Vae,
    [property: JsonPropertyName("vae_t_s")] string VaeTS, string Patch, int Steps, bool Cfg, string AsOf, string Source);

/// <summary>One $/GPU-hour quote; <c>class</c> is its capacity class.</summary>
public sealed record PriceEntry(
    string Provider, string Sku, string Gpu, int? GpusPerInstance, CapacityClass Class, string PricingModel, double UsdPerGpuHour, string Region,
    string Notes, string AsOf, string Source);

/// <summary>One video API price.</summary>
public sealed record ApiEntry(
    string Provider, string Model, string Resolution, double? DurationS, double PriceUsd, string Unit, double? UsdPerSecond, string AsOf, string Source);

/// <summary>A video VAE decoder: its parameters (billions) and its work per output pixel (GFLOP).</summary>
/// <summary>An efficiency lever (levers.csv), its value as written, its rules and its quality cost.</summary>
public sealed record LeverEntry(
    string Id, string Name, string Kind, string Value, bool RemovesCfg, ImmutableArray<string> Models, int? MinSteps, ImmutableArray<string> Excludes,
    string QualityMetric, double? QualityDelta, string QualityNote, string Notes, string AsOf, string Source);

/// <summary>A video upscaler (upscalers.csv) and its measured run, from which the upscale phase is priced.</summary>
public sealed record UpscalerEntry(
    string Id, string Name, double ParamsB, int Steps, string Precision, string Gpu, int OutputWidthPx, int OutputHeightPx, int Frames, double Seconds,
    string QualityNote, string Notes, string AsOf, string Source);

public sealed record VaeEntry(string Id, string Name, double? DecoderParamsB, double? DecodeGflopsPerPixel, string Notes, string AsOf, string Source);

/// <summary>One GPU purchase-price range.</summary>
public sealed record HardwareEntry(string Gpu, double UsdPerGpuLow, double UsdPerGpuHigh, string Basis, string AsOf, string Source);

/// <summary>One inference stack: whether it compiles by default, can split the VAE across GPUs, and its default attention kernel.</summary>
public sealed record StackEntry(string Id, string Name, bool Compiles, bool ParallelVae, string AttentionKernel, string Notes, string AsOf, string Source);
