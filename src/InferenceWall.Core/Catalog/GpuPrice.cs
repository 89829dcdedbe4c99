namespace InferenceWall.Core.Catalog;

/// <summary>How capacity is bought.</summary>
public enum CapacityClass
{
    OnDemand,
    Reserved,
    Spot,
}

/// <summary>One published price for GPU time.</summary>
public sealed record GpuPrice
{
    /// <summary>Short provider id used on the command line (aws, lambda, runpod).</summary>
    public required string Provider { get; init; }
    public required string ProviderName { get; init; }
    public string Service { get; init; } = string.Empty;
    public required string Sku { get; init; }
    public required string GpuId { get; init; }
    public int? GpusPerInstance { get; init; }
    public string Region { get; init; } = string.Empty;
    public required CapacityClass CapacityClass { get; init; }

    /// <summary>The price's own term as published (on_demand, as_low_as, committed_1y, ...).</summary>
    public required string PricingModel { get; init; }
    public required double UsdPerGpuHour { get; init; }
    public double? UsdPerInstanceHour { get; init; }
    public bool PerGpuIsDerived { get; init; }
    public string Notes { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }
}
