namespace InferenceWall.Core.Catalog;

/// <summary>A video VAE's decoder, as the cost model needs it.</summary>
public sealed record VaeSpec
{
    public required string Id { get; init; }
    public string Name { get; init; } = string.Empty;

    /// <summary>Decoder parameters, for memory and loading.</summary>
    public double? DecoderParameters { get; init; }

    /// <summary>Decoder work per output pixel (FLOPs), counted from its architecture; null where not counted.</summary>
    public double? DecodeFlopsPerPixel { get; init; }

    public string Notes { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }
}
