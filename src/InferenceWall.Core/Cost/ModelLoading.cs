using System.Globalization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Cost;

/// <summary>
/// What one GPU of a plan loads at a cold start, part by part, and how long that takes at the load bandwidth. Paid
/// once per replica start (weights from disk or network into GPU memory), not per clip.
/// </summary>
public sealed record ModelLoad
{
    /// <summary>Transformer weights at the run's precision, this GPU's share (sharded by tensor parallel or FSDP, else whole).</summary>
    public required double TransformerBytes { get; init; }

    /// <summary>Text encoder weights in 16-bit (every GPU of the plan holds its own copy).</summary>
    public required double TextEncoderBytes { get; init; }

    /// <summary>VAE decoder weights in 16-bit; 0 where the catalog does not give the decoder's size.</summary>
    public required double VaeBytes { get; init; }

    /// <summary>Load bandwidth each GPU sees, bytes per second.</summary>
    public required double BytesPerSecond { get; init; }

    /// <summary>Bytes one GPU loads: its GPUs load in parallel, each its own share.</summary>
    public double Bytes => TransformerBytes + TextEncoderBytes + VaeBytes;

    /// <summary>Seconds from weights on disk (or network) to weights in GPU memory.</summary>
    public double Seconds => Bytes / BytesPerSecond;

    /// <summary>The load bandwidth in GB/s (decimal gigabytes), as the input gives it.</summary>
    public double Gbps => BytesPerSecond / Units.Giga;
}

/// <summary>Model loading (cold start): bytes per GPU for a plan, and seconds at a stated bandwidth.</summary>
public static class ModelLoading
{
    /// <summary>
    /// Default load bandwidth per GPU, GB/s: the stock safetensors loader (memory-mapped, as diffusers and vLLM use by
    /// default) read a 1.4 GB file into one GPU at 1.28 GB/s (foundation-model-stack/fastsafetensors docs/amd-perf.md,
    /// commit 304df5db394c64bec9a1539b1a4b8ef8d44f6431, "GPT-2 Medium (1.4GB) - Single GPU Tests", test 10, mmap, on
    /// MI300X with ROCm 7.0.1). It stands for local storage read by the default loader; an optimised parallel loader
    /// reached 6.02 GB/s on the same file (test 9), and a network or object store is often slower than either.
    /// </summary>
    public const double DefaultLoadGbps = 1.28;

    /// <summary>
    /// The most load bandwidth taken, GB/s: above any path from storage to one GPU (a PCIe 5.0 x16 link moves 64 GB/s
    /// each way); a larger figure is a unit mistake (MB/s or Gbit/s given as GB/s).
    /// </summary>
    public const double MaxLoadGbps = 1_000;

    /// <summary>Bytes per weight of the text encoder and VAE (they ship and run in 16-bit).</summary>
    public const double SixteenBitBytes = 2.0;

    /// <summary>What one GPU of <paramref name="plan"/> loads for <paramref name="model"/> at <paramref name="precision"/>, at <paramref name="loadGbps"/> GB/s.</summary>
    public static ModelLoad PerGpu(VideoModel model, Precision precision, ParallelPlan plan, VaeSpec? vae, double loadGbps)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plan);
        var weights = (model.TransformerParameters ?? 0) * Units.BytesPer(precision);
        var share = plan.ShardWeights ? plan.Gpus : plan.TensorParallel;
        return new ModelLoad
        {
            TransformerBytes = weights / Math.Max(1, share),
            TextEncoderBytes = (model.TextEncoderParameters ?? 0) * SixteenBitBytes,
            VaeBytes = (vae?.DecoderParameters ?? 0) * SixteenBitBytes,
            BytesPerSecond = loadGbps * Units.Giga,
        };
    }

    /// <summary>The model's VAE in the catalog, or null where the model names none or the catalog lacks it.</summary>
    public static VaeSpec? Vae(VideoCatalog catalog, VideoModel model)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        return string.IsNullOrWhiteSpace(model.VaeId) ? null : catalog.FindVae(model.VaeId).Value;
    }

    /// <summary>A load bandwidth that is not a positive GB/s figure up to <see cref="MaxLoadGbps"/>; null when it is one.</summary>
    public static Problem? CheckBandwidth(string path, double gbps)
    {
        if (double.IsFinite(gbps) && gbps > 0 && gbps <= MaxLoadGbps)
        {
            return null;
        }

        var value = double.IsNaN(gbps) ? "NaN" : gbps.ToString("G6", CultureInfo.InvariantCulture);
        var fix = $"give the bandwidth from storage to one GPU in GB/s, above 0 and at most {MaxLoadGbps.ToString("N0", CultureInfo.InvariantCulture)} " +
            $"(default {DefaultLoadGbps.ToString("0.##", CultureInfo.InvariantCulture)} GB/s, the stock safetensors loader)";
        return double.IsFinite(gbps) && gbps > MaxLoadGbps
            ? Problem.LimitExceeded(path, $"{value} GB/s is above the limit of {MaxLoadGbps.ToString("N0", CultureInfo.InvariantCulture)} GB/s", fix)
            : Problem.BadInput(path, $"{value} GB/s is out of range", fix);
    }
}
