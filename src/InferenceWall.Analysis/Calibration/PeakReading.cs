using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Calibration;

/// <summary>
/// How a published peak was produced, read from its row's source and notes: how the stack held the parts (what the
/// memory model must predict) and what the figure counts (allocated tensors only, or the whole process), in which unit.
/// </summary>
/// <param name="Holding">How the run's stack held the generation's parts in GPU memory.</param>
/// <param name="AllocatedOnly">The figure is <c>torch.cuda.max_memory_allocated</c>: tensors only, no CUDA context.</param>
/// <param name="BytesPerUnit">Bytes per published unit: 10⁹ for GB, 2³⁰ where the source divides by 1024³.</param>
/// <param name="Notes">What was read, for the row's report; empty when nothing.</param>
public sealed record PeakReading(MemoryHolding Holding, bool AllocatedOnly, double BytesPerUnit, string Notes)
{
    private const double Gib = 1024.0 * 1024.0 * 1024.0;

    public static PeakReading Of(Measurement m, CostRequest request)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(request);
        var notes = new List<string>();
        var holding = MemoryHolding.Default;
        bool Says(string text) => m.Notes.Contains(text, StringComparison.OrdinalIgnoreCase);

        if (m.Source.Contains("github.com/Wan-Video/", StringComparison.OrdinalIgnoreCase))
        {
            // The official Wan repositories: the DiT loads without a dtype (fp32) unless --convert_model_dtype, the VAE
            // decodes in fp32, the DiT is on the GPU from construction, and CFG runs branch by branch (--t5_cpu, which
            // keeps the encoder off the GPU, is on the request).
            var converted = Says("convert_model_dtype");
            holding = holding with
            {
                TransformerBytesPerWeight = converted ? null : 4.0,
                VaeBytesPerActivation = 4.0,
                TransformerResidentWhileEncoding = true,
                CfgBatched = false,
            };
            notes.Add(converted ? "official Wan stack (weights converted to 16-bit)" : "official Wan stack: DiT held in fp32");
        }

        if (Says("on TE+DiT") && request.Precision is Core.Precision.Int8 or Core.Precision.Fp8 or Core.Precision.Fp8Weight)
        {
            holding = holding with { TextEncoderBytesPerWeight = 1.0 };
            notes.Add("text encoder quantised to 1 byte with the DiT");
        }

        var allocated = Says("max_memory_allocated");
        if (allocated)
        {
            notes.Add("peak is max_memory_allocated: CUDA context not counted");
        }

        // diffusers-torchao's benchmark_video.py reports max_memory_allocated() / 1024**3.
        var gib = m.Source.Contains("diffusers-torchao", StringComparison.OrdinalIgnoreCase);
        if (gib)
        {
            notes.Add("published in GiB");
        }

        return new PeakReading(holding, allocated, gib ? Gib : Core.Units.Giga, string.Join("; ", notes));
    }
}
