using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Cost;

/// <summary>
/// An upscale phase: <see cref="Upscaler"/> takes the generated clip to <see cref="OutputWidthPixels"/> ×
/// <see cref="OutputHeightPixels"/>. Priced from the upscaler's measured run: its seconds per output pixel-frame, scaled
/// by the 16-bit peak of the measured GPU over this GPU's.
/// </summary>
/// <param name="Upscaler">The upscaler (upscalers.csv).</param>
/// <param name="MeasuredGpuPeakFlopsPerSecond">The dense 16-bit peak of the GPU its run was measured on.</param>
/// <param name="OutputWidthPixels">Delivered width.</param>
/// <param name="OutputHeightPixels">Delivered height.</param>
public sealed record UpscaleRequest(UpscalerSpec Upscaler, double MeasuredGpuPeakFlopsPerSecond, int OutputWidthPixels, int OutputHeightPixels);
