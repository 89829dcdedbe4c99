namespace InferenceWall.Core.Catalog;

/// <summary>One published price of a hosted video generation API or plan.</summary>
public sealed record VideoApiPrice
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public string Access { get; init; } = string.Empty;
    public string Mode { get; init; } = string.Empty;
    public string Resolution { get; init; } = string.Empty;
    public double? DurationSeconds { get; init; }
    public string Audio { get; init; } = string.Empty;
    public required double PriceUsd { get; init; }

    /// <summary>per_second, per_video, per_month, per_1M_total_tokens.</summary>
    public required string PriceUnit { get; init; }
    public double? UsdPerSecond { get; init; }
    public bool PerSecondIsDerived { get; init; }
    public string Notes { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }
}
