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

    /// <summary>The share of a tile that overlaps its neighbour when tiling (each overlap is decoded twice); null where not stated.</summary>
    public double? TileOverlap { get; init; }

    /// <summary>The temporal tile (output frames per tile) when tiling in time too; null where the decoder tiles only in space.</summary>
    public int? TileFrames { get; init; }

    /// <summary>
    /// Achieved FLOP/s of this decoder over the Wan2.1 VAE's on the same clip and GPU, measured (decode time ratio against
    /// counted work ratio); null where not measured, and the Wan2.1 VAE's efficiency applies.
    /// </summary>
    public double? EfficiencyVsWan21 { get; init; }

    /// <summary>The reference pipeline decodes in tiles by default.</summary>
    public bool TiledByDefault { get; init; }

    public string Notes { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }
}
