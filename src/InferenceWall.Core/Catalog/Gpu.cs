using System.Collections.Immutable;

namespace InferenceWall.Core.Catalog;

/// <summary>One accelerator model. Peaks are dense (no structured sparsity).</summary>
public sealed record Gpu
{
    public required string Id { get; init; }
    public ImmutableArray<string> Aliases { get; init; } = [];
    public required string Name { get; init; }
    public required string Vendor { get; init; }

    /// <summary>Architecture family (ampere, hopper, ada, blackwell, cdna3, cdna4): calibration falls back to it.</summary>
    public required string Family { get; init; }

    public required double Bf16DenseFlopsPerSecond { get; init; }
    public required double Fp16DenseFlopsPerSecond { get; init; }
    /// <summary>Dense FP4 tensor FLOP/s (NVFP4, without sparsity); null where the GPU has none or it is not published dense.</summary>
    public double? Fp4DenseFlopsPerSecond { get; init; }

    public double? Fp8DenseFlopsPerSecond { get; init; }
    public required double MemoryBytes { get; init; }
    public required double MemoryBandwidthBytesPerSecond { get; init; }
    public string GpuLink { get; init; } = string.Empty;

    /// <summary>GPU-to-GPU bandwidth as published: the bidirectional aggregate per GPU.</summary>
    public double? GpuLinkBandwidthBytesPerSecond { get; init; }

    /// <summary>Host (CPU) link bandwidth, bidirectional aggregate, used for offloading.</summary>
    public double? HostLinkBandwidthBytesPerSecond { get; init; }
    public required double BoardPowerWatts { get; init; }
    public string Confidence { get; init; } = string.Empty;
    public string Notes { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }

    /// <summary>The dense peak for a precision, or null where the catalog has none (FP8 on Ampere). Int8 weight-only runs at the BF16 rate.</summary>
    public double? PeakFlopsPerSecond(Precision precision) => precision switch
    {
        Precision.Fp8 => Fp8DenseFlopsPerSecond,
        Precision.Fp4 => Fp4DenseFlopsPerSecond,
        Precision.Fp16 => Fp16DenseFlopsPerSecond,
        _ => Bf16DenseFlopsPerSecond,
    };
}
