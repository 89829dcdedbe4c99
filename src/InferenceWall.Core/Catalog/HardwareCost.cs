namespace InferenceWall.Core.Catalog;

/// <summary>What one GPU costs to buy, as a published range.</summary>
public sealed record HardwareCost
{
    public required string GpuId { get; init; }
    public required double UsdPerGpuLow { get; init; }
    public required double UsdPerGpuHigh { get; init; }
    public string Basis { get; init; } = string.Empty;
    public string Notes { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }

    /// <summary>Midpoint of the published range (DERIVED when the range has width).</summary>
    public double UsdPerGpuMid => (UsdPerGpuLow + UsdPerGpuHigh) / 2;
}
