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

    /// <summary>Channels of the decoder's full-resolution stage (its peak activations); null where not counted.</summary>
    public double? DecoderChannels { get; init; }

    /// <summary>Latent frames one decode call takes (causal VAEs decode in chunks); null where not stated.</summary>
    public int? LatentFramesPerCall { get; init; }

    /// <summary>The spatial tile (pixels per side) the decoder works on when tiling; null where it has no tiling.</summary>
    public int? TilePixels { get; init; }

    /// <summary>The reference pipeline decodes in tiles by default.</summary>
    public bool TiledByDefault { get; init; }

    public string Notes { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }
}
