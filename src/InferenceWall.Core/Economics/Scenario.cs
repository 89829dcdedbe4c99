using System.Collections.Immutable;
using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Economics;

/// <summary>A product to cost: what it generates, on what, for whom, at what price. Validated and immutable.</summary>
public sealed record Scenario
{
    public required string Name { get; init; }
    public string Description { get; init; } = string.Empty;
    public int HorizonDays { get; init; } = 365;
    public required ProductSpec Product { get; init; }
    public required CapacitySpec Capacity { get; init; }
    public ImmutableArray<UserTier> Users { get; init; } = [];
    public ImmutableArray<PricingPlan> Plans { get; init; } = [];
    public OtherCosts OtherCosts { get; init; } = new();
    public EnergySpec Energy { get; init; } = new();
    public ValueChainSpec ValueChain { get; init; } = new();

    /// <summary>How to simulate a day of this scenario; null when the file has no simulation section.</summary>
    public SimulationSettings? Simulation { get; init; }
}

/// <summary>The model, hardware and clip mix of the product.</summary>
public sealed record ProductSpec
{
    public required string Model { get; init; }
    public required string Gpu { get; init; }
    public ParallelPlan Plan { get; init; } = ParallelPlan.Single;
    public Precision Precision { get; init; } = Precision.Bf16;
    public OffloadMode Offload { get; init; } = OffloadMode.None;

    /// <summary>The inference stack (an id in the catalog's stacks.csv); null takes the catalog's default stack.</summary>
    public string? Stack { get; init; }

    /// <summary>The transformer runs compiled (torch.compile); null: as the stack does by default.</summary>
    public bool? Compiled { get; init; }

    /// <summary>The text encoder runs on the host CPU (the Wan repositories' <c>--t5_cpu</c>), off the GPU.</summary>
    public bool TextEncoderOnCpu { get; init; }

    /// <summary>The attention kernel; default: the stack's.</summary>
    public AttentionKernel AttentionKernel { get; init; } = AttentionKernel.Default;

    /// <summary>Share of the attention scores computed (a sparse-attention method keeps this much), in (0, 1]; 1 is dense.</summary>
    public double AttentionKeep { get; init; } = 1.0;

    /// <summary>Share of the denoising steps whose transformer forward is computed (a step cache reuses the rest), in (0, 1].</summary>
    public double ComputedStepShare { get; init; } = 1.0;

    /// <summary>Clips denoised together in one forward pass on a replica (the cost model prices the batch), in [1, 64]; 1 is one at a time.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>An upscaler (upscalers.csv id) that brings clips generated at <see cref="GenerateHeightPixels"/> to their size; null: none.</summary>
    public string? Upscaler { get; init; }

    /// <summary>The height clips taller than this are generated at before the upscaler (the width keeps the aspect ratio); null: as delivered.</summary>
    public int? GenerateHeightPixels { get; init; }
    public required ImmutableArray<ClipMixItem> ClipMix { get; init; }

    /// <summary>Share of paid GPU time spent generating (idle, queueing and failed work are the rest).</summary>
    public double Utilization { get; init; } = 1.0;
}

/// <summary>One kind of clip in the mix and its share of all clips.</summary>
public sealed record ClipMixItem
{
    public required double Share { get; init; }
    public required int WidthPixels { get; init; }
    public required int HeightPixels { get; init; }
    public required double Seconds { get; init; }
    public required double FramesPerSecond { get; init; }

    /// <summary>Denoising steps; null takes the model's default.</summary>
    public int? Steps { get; init; }
    public bool? Cfg { get; init; }

    /// <summary>Frames generated: seconds × fps + 1 (causal video VAEs take 4k + 1 frames; Wan's 81 = 5 s × 16 fps + 1).</summary>
    public int Frames => (int)Math.Round(Seconds * FramesPerSecond) + 1;
}

/// <summary>How GPU time is bought: a provider's catalog prices or explicit ones, split by capacity class.</summary>
public sealed record CapacitySpec
{
    public string? Provider { get; init; }
    public double ReservedShare { get; init; }
    public double OnDemandShare { get; init; } = 1.0;
    public double SpotShare { get; init; }

    /// <summary>Explicit $/GPU-hour per class; where given they replace the catalog price.</summary>
    public double? ReservedUsdPerGpuHour { get; init; }
    public double? OnDemandUsdPerGpuHour { get; init; }
    public double? SpotUsdPerGpuHour { get; init; }

    /// <summary>True when the fleet is owned: compute cost is capex amortisation plus energy, not a cloud price.</summary>
    public bool Owned { get; init; }
}

/// <summary>A group of users: how many, how much they generate, and the plan they pay on.</summary>
public sealed record UserTier
{
    public required string Tier { get; init; }
    public required double Users { get; init; }
    public required double ClipsPerUserPerDay { get; init; }
    public required string Plan { get; init; }
}

public enum PlanKind
{
    Free,
    PerClip,
    PerSecond,
    Subscription,
    Enterprise,
}

/// <summary>A way of charging. Fields that do not apply to the kind are null.</summary>
public sealed record PricingPlan
{
    public required string Name { get; init; }
    public required PlanKind Kind { get; init; }
    public double? UsdPerClip { get; init; }
    public double? UsdPerVideoSecond { get; init; }
    public double? UsdPerMonth { get; init; }
    public double? IncludedClipsPerMonth { get; init; }
    public double? OverageUsdPerClip { get; init; }

    /// <summary>Enterprise contracts: the monthly minimum billed whatever the usage.</summary>
    public double? MinimumUsdPerMonth { get; init; }
}

public sealed record OtherCosts
{
    public double StorageUsdPerClip { get; init; }
    public double EgressUsdPerClip { get; init; }
    public double FixedUsdPerDay { get; init; }
}

/// <summary>Electricity for owned hardware and for the value-chain split.</summary>
public sealed record EnergySpec
{
    /// <summary>EIA Electric Power Monthly Table 5.6.A, April 2025, East North Central industrial: 8.72 ¢/kWh.</summary>
    public const double DefaultUsdPerKwh = 0.0872;

    public double ElectricityUsdPerKwh { get; init; } = DefaultUsdPerKwh;
    public double Pue { get; init; } = CostRequest.DefaultPue;
}

/// <summary>Assumptions for where a dollar of compute goes.</summary>
public sealed record ValueChainSpec
{
    /// <summary>Purchase price per GPU; null takes the catalog's hardware cost for the GPU.</summary>
    public double? GpuCapexUsd { get; init; }

    /// <summary>Years over which the GPU is paid back (the 3-year payback used in public TCO analyses).</summary>
    public double AmortizationYears { get; init; } = 3;

    /// <summary>Chip vendor gross margin: NVIDIA fiscal 2026 GAAP, 71.1% (Q4 FY26 press release, 2026-02-25).</summary>
    public double ChipVendorGrossMargin { get; init; } = 0.711;
}
