namespace InferenceWall.Core.Catalog;

/// <summary>
/// A video upscaler (super-resolution model) from the catalog's <c>upscalers.csv</c>: one measured run of it, from which
/// the cost model prices an upscale phase by output pixels and GPU peak.
/// </summary>
public sealed record UpscalerSpec
{
    public required string Id { get; init; }
    public string Name { get; init; } = string.Empty;

    /// <summary>Parameters, for the weights it holds in GPU memory.</summary>
    public required double Parameters { get; init; }

    /// <summary>Denoising steps it runs (1 for one-step restoration models).</summary>
    public required int Steps { get; init; }

    /// <summary>The precision its weights are held in (memory); its compute is priced at the GPU's 16-bit peak.</summary>
    public required Precision Precision { get; init; }

    /// <summary>The GPU of the measured run (gpus.csv id).</summary>
    public required string Gpu { get; init; }

    /// <summary>Output width of the measured run, pixels.</summary>
    public required int OutputWidthPixels { get; init; }

    /// <summary>Output height of the measured run, pixels.</summary>
    public required int OutputHeightPixels { get; init; }

    /// <summary>Frames of the measured run.</summary>
    public required int Frames { get; init; }

    /// <summary>Seconds the measured run took, whole (encode, restore, decode).</summary>
    public required double Seconds { get; init; }

    /// <summary>What the quality cost is, in words (the published figure, or "not published").</summary>
    public string QualityNote { get; init; } = string.Empty;

    public string Notes { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }

    /// <summary>Output pixel-frames of the measured run.</summary>
    public double PixelFrames => (double)OutputWidthPixels * OutputHeightPixels * Frames;
}
