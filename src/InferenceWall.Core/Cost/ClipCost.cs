using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Cost;

/// <summary>
/// The front door of the cost model: one clip on one allocation of GPUs → seconds, GPU-seconds, memory,
/// energy and dollars, phase by phase. Pure: no I/O, no clock, no randomness. Formulas and sources are in
/// docs/cost-model.md.
/// </summary>
public static partial class ClipCost
{
    /// <summary>Bytes per activation element (transformers run activations in 16-bit even with FP8 weights).</summary>
    private const double ActivationBytes = 2.0;

    public static CostOutcome Estimate(CostRequest request, CostCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(calibration);
        var problems = Check(request);
        if (!problems.IsEmpty)
        {
            return CostOutcome.No(problems);
        }

        var model = request.Model;
        var gpu = request.Gpu;
        var clip = request.Clip;
        var plan = request.Plan;
        List<string>? notes = null;
        void Note(string text) => (notes ??= []).Add(text);

        var geometry = LatentGeometry.Of(model, clip);
        long videoTokens = geometry.Tokens;
        long textTokens = model.TextTokens ?? 0;
        if (model.TextTokens is null)
        {
            Note($"{model.Id}: text token count not in the catalog; text attention not costed");
        }

        var joint = model.AttentionKind == Catalog.AttentionKind.Joint;
        double sequence = joint ? videoTokens + textTokens : videoTokens;
        double parameters = model.TransformerParameters!.Value;
        double layers = model.Layers!.Value;
        double width = model.AttentionWidth!.Value;
        double heads = model.Heads!.Value;
        double hidden = model.HiddenDim!.Value;
        if (model.TokenParameters is null)
        {
            Note($"{model.Id}: per-token weights not counted in the catalog; every parameter is charged to every token");
        }

        // One forward pass of one branch, whole model. Linear layers: 2 FLOPs per weight per token it acts on — the
        // per-token weights on every token of the sequence, the text-only weights (text stream, cross-attention K/V) on
        // the text tokens; per-sample weights (adaLN modulation from the timestep) act once and are not counted.
        // Attention: QKᵀ and AV are 4·S²·D per layer, plus the softmax's non-matmul work per score and head.
        var tokenParameters = model.TokenParameters ?? parameters;
        var denseFlops = 2.0 * ((tokenParameters * sequence) + ((model.TokenParameters is null ? 0.0 : model.TextTokenParameters ?? 0.0) * textTokens));
        var attentionMatmulFlops = 4.0 * layers * sequence * sequence * width
            + (joint ? 0.0 : 4.0 * layers * videoTokens * textTokens * width);
        var scores = layers * heads * ((sequence * sequence) + (joint ? 0.0 : videoTokens * textTokens));
        // Sparse attention computes only its kept share of the scores (and their products with V).
        attentionMatmulFlops *= request.AttentionKeep;
        scores *= request.AttentionKeep;
        var attentionWork = attentionMatmulFlops + (calibration.SoftmaxFlopsPerScore * scores);

        var cfg = clip.Cfg ?? model.UsesCfg;
        var branches = cfg ? 2 : 1;
        var branchesPerGpu = (double)branches / plan.CfgParallel;
        double shards = plan.SequenceParallel * plan.TensorParallel;
        var peak = gpu.PeakFlopsPerSecond(request.Precision)!.Value;

        // FP4 (NVFP4) quantises the linear layers; attention runs in FP8 at most (FA3/cuDNN FP8 kernels), and the FP8
        // rows' fitted factor stands in for FP4, which no calibration row measures.
        var attentionPeak = request.Precision == Precision.Fp4 ? gpu.Fp8DenseFlopsPerSecond ?? gpu.Bf16DenseFlopsPerSecond : peak;
        if (request.Precision == Precision.Fp4)
        {
            Note("fp4: linear layers at the FP4 peak with the FP8 rows' fitted factor (no FP4 measurement in the calibration set); attention at the FP8 peak");
        }

        // Small matmuls do not fill the GPU: dense efficiency rises with the tokens each GPU holds, n / (n + n½). Attention
        // is not filled this way: under Ulysses each GPU attends over the whole sequence for its share of the heads.
        // A batch of b clips is one forward pass over b samples: its matmuls see b times the tokens.
        double batch = request.BatchSize;
        var tokensPerGpu = sequence / plan.SequenceParallel;
        var fill = batch * tokensPerGpu / ((batch * tokensPerGpu) + calibration.HalfEfficiencyTokens);
        var kernel = request.EffectiveAttentionKernel;
        if (request.AttentionKernel == AttentionKernel.FlashAttention3 && kernel != AttentionKernel.FlashAttention3)
        {
            Note($"fa3 runs on Hopper GPUs only (the FlashAttention-3 README); {gpu.Id} is costed with fa2");
        }

        if (!calibration.HasFamily(gpu))
        {
            Note($"no calibration measurements for the {gpu.Family} family; the all-GPU efficiencies apply to {gpu.Id}");
        }

        if (request.Stack is { } stack && !calibration.StackScale.ContainsKey(stack.Id))
        {
            Note($"stack {stack.Id} has no calibration measurements; no stack factor applies (1)");
        }

        // The achieved share of peak, every factor applied (compiling speeds the same work up), is held at the GPU's
        // peak: a combination no measurement had (a fast stack, compiled, on a GPU with a high factor) cannot run faster
        // than the hardware. SageAttention computes QKᵀ in 8 bits, at up to twice the 16-bit rate.
        var compileFactor = calibration.CompileFactor(request);
        var (denseShare, attentionShare) = calibration.AchievedShares(request);
        var denseCeiling = calibration.PeakScale;
        var attentionCeiling = (kernel == AttentionKernel.SageAttention2 ? 2.0 : 1.0) * calibration.PeakScale;
        if (denseShare > denseCeiling || attentionShare > attentionCeiling)
        {
            Note($"the fitted factors for this combination would pass {gpu.Id}'s peak (dense {denseShare:P0}, attention {attentionShare:P0}); held at the peak");
        }

        var denseSeconds = batch * branchesPerGpu * denseFlops / shards / (peak * Math.Min(denseCeiling, denseShare) * fill);
        var attentionSeconds = batch * branchesPerGpu * attentionWork / shards / (attentionPeak * Math.Min(attentionCeiling, attentionShare));
        var elementwiseBytes = calibration.ElementwisePasses * tokensPerGpu * hidden / plan.TensorParallel * ActivationBytes;
        // The per-block launch time is paid once per forward pass, whatever the batch; the weights are read once.
        var layerSeconds = branchesPerGpu * layers * (calibration.LayerOverheadSeconds + (batch * elementwiseBytes / gpu.MemoryBandwidthBytesPerSecond)) * compileFactor;
        var weightBytes = parameters * Units.BytesPer(request.Precision);
        var memorySeconds = branchesPerGpu * weightBytes / plan.TensorParallel / gpu.MemoryBandwidthBytesPerSecond;
        var stepCompute = Math.Max(denseSeconds + attentionSeconds, memorySeconds) + layerSeconds;

        var stepComm = plan.Gpus > 1
            ? CommunicationSeconds(request, calibration, sequence, layers, width, hidden, branchesPerGpu, weightBytes, attentionSeconds, stepCompute, batch)
            : 0.0;

        var hostOneWay = gpu.HostLinkBandwidthBytesPerSecond / 2.0;
        var streamSeconds = request.Offload is OffloadMode.Sequential or OffloadMode.Block ? branchesPerGpu * weightBytes / plan.TensorParallel / hostOneWay!.Value : 0.0;

        // Sequential streaming waits for each block; block prefetch overlaps the next block's transfer with this one's compute.
        var stepOffload = request.Offload == OffloadMode.Block ? Math.Max(0.0, streamSeconds - stepCompute) : streamSeconds;
        var stepSeconds = stepCompute + stepComm + stepOffload;
        // A step cache computes the transformer on its share of the steps and reuses the output on the rest.
        var computedSteps = clip.Steps * request.ComputedStepShare;
        var denoiseSeconds = computedSteps * stepSeconds;
        var denoiseFlops = batch * computedSteps * branches * (denseFlops + attentionMatmulFlops);
        if (request.ComputedStepShare < 1)
        {
            Note($"step cache: the transformer runs on {(request.ComputedStepShare * 100).ToString("0.#", CultureInfo.InvariantCulture)}% of the {clip.Steps} steps");
        }

        if (request.AttentionKeep < 1)
        {
            Note($"sparse attention: {(request.AttentionKeep * 100).ToString("0.#", CultureInfo.InvariantCulture)}% of the attention scores computed");
        }

        var bf16Peak = gpu.Bf16DenseFlopsPerSecond;
        var etaDenseBf16 = calibration.DenseEfficiency(gpu, Precision.Bf16);
        double textSeconds = 0, textFlops = 0;
        if (model.TextEncoderParameters is { } textParameters && model.TextTokens is { } t)
        {
            textFlops = batch * 2.0 * textParameters * t * branches;
            textSeconds = request.TextEncoderOnCpu
                ? textFlops / calibration.HostFlopsPerSecond
                : textFlops / (bf16Peak * etaDenseBf16);
            if (request.TextEncoderOnCpu)
            {
                Note($"text encoder on the host CPU at the fitted {(calibration.HostFlopsPerSecond / 1e12).ToString("0.##", CultureInfo.InvariantCulture)} TFLOP/s; its weights stay off the GPU");
            }
        }
        else
        {
            Note($"{model.Id}: text encoder size not in the catalog; text encoding not costed (well under a second for T5-class encoders)");
        }

        // Memory first: a decode that must tile to fit is costed tiled.
        var memory = MemoryOf(request, out var tiledToFit);
        var peakMemory = memory.Total;
        if (peakMemory > gpu.MemoryBytes)
        {
            return CostOutcome.No(MemoryRefusal(request, memory));
        }

        // VAE decode: the work per output pixel of this model's VAE where the catalog counts it (at the VAE efficiency),
        // else the fitted all-VAE figure. The reference pipelines decode on one GPU; stacks with a parallel VAE split it.
        // A batch decodes its clips one after another.
        var pixels = batch * clip.WidthPixels * clip.HeightPixels * clip.Frames;
        var vaeGpus = request.Stack?.ParallelVae == true ? plan.Gpus : 1;
        double vaeFlops, vaeSeconds;
        if (model.VaeDecodeFlopsPerPixel is { } counted)
        {
            vaeFlops = counted * pixels * TiledDecodeWork(model, clip, tiledToFit);
            var relative = model.Vae?.EfficiencyVsWan21 ?? 1.0;
            vaeSeconds = vaeFlops / vaeGpus / (bf16Peak * Math.Min(calibration.PeakScale, calibration.VaeEfficiency * relative * (calibration.GpuScale.TryGetValue(gpu.Id, out var g) ? g : 1.0)));
        }
        else
        {
            vaeFlops = calibration.VaeDecodeFlopsPerPixel * pixels;
            vaeSeconds = vaeFlops / vaeGpus / (bf16Peak * etaDenseBf16);
            Note(calibration.VaeDecodeFlopsPerPixel > 0
                ? $"{model.Id}: VAE decoder work not counted in the catalog; the fitted all-VAE work per pixel applies"
                : $"{model.Id}: VAE decode not costed: vaes.csv does not count its decoder's work and the calibration has no all-VAE figure (every VAE it was fitted on is counted)");
        }

        var offloadSeconds = request.Offload == OffloadMode.Model ? 2.0 * weightBytes / plan.TensorParallel / hostOneWay!.Value : 0.0;

        // Upscale: the upscaler's measured seconds per output pixel-frame, at this GPU's 16-bit peak against the measured
        // GPU's (its work scales with the output's pixels: it restores at the output size). It runs on one GPU, as measured.
        double upscaleSeconds = 0;
        if (request.Upscale is { } up)
        {
            var outputPixelFrames = batch * up.OutputWidthPixels * up.OutputHeightPixels * clip.Frames;
            upscaleSeconds = up.Upscaler.Seconds * outputPixelFrames / up.Upscaler.PixelFrames * up.MeasuredGpuPeakFlopsPerSecond / bf16Peak;
            Note(string.Create(CultureInfo.InvariantCulture,
                $"generated at {clip.WidthPixels}x{clip.HeightPixels}, upscaled to {up.OutputWidthPixels}x{up.OutputHeightPixels} by {up.Upscaler.Id}: {upscaleSeconds:0.#} s on one GPU, from its measured run ({up.Upscaler.Seconds:0.##} s for {up.Upscaler.Frames} frames at {up.Upscaler.OutputWidthPixels}x{up.Upscaler.OutputHeightPixels} on {up.Upscaler.Gpu}) scaled by output pixels and 16-bit peak; its weights counted in memory, its activations not"));
        }

        var phases = ImmutableArray.Create(
            new PhaseCost(Phase.TextEncode, textFlops, textSeconds, 0, 0, textSeconds, 1),
            new PhaseCost(Phase.Denoise, denoiseFlops, computedSteps * (denseSeconds + attentionSeconds + layerSeconds), computedSteps * memorySeconds,
                computedSteps * (stepComm + stepOffload), denoiseSeconds, plan.Gpus),
            new PhaseCost(Phase.VaeDecode, vaeFlops, vaeSeconds, 0, 0, vaeSeconds, vaeGpus),
            new PhaseCost(Phase.OffloadTransfer, 0, 0, 0, offloadSeconds, offloadSeconds, plan.Gpus),
            new PhaseCost(Phase.Overhead, 0, 0, 0, 0, batch * calibration.FixedSecondsPerClip, plan.Gpus));
        if (request.Upscale is not null)
        {
            phases = phases.Add(new PhaseCost(Phase.Upscale, 0, upscaleSeconds, 0, 0, upscaleSeconds, 1));
        }

        var latency = textSeconds + denoiseSeconds + vaeSeconds + offloadSeconds + (batch * calibration.FixedSecondsPerClip) + upscaleSeconds;
        if (request.BatchSize > 1)
        {
            Note(string.Create(CultureInfo.InvariantCulture,
                $"batch of {request.BatchSize} clips: latency and phase times are the whole batch's (every clip in it finishes at its end); GPU-seconds, energy, FLOPs and dollars are per clip"));
        }

        if (plan.CfgParallel > 1 && model.LatentChannels is null)
        {
            Note($"{model.Id}: latent channels not in the catalog; the CFG-parallel exchange is costed at 16 channels");
        }

        if (model.TextEncoderParameters is null)
        {
            Note("text encoder weights not in the catalog; peak memory counts the transformer only");
        }

        if (tiledToFit)
        {
            Note($"VAE decode costed in {model.Vae!.TilePixels} px tiles: decoding whole frames would not fit in {gpu.Id}'s memory (enable VAE tiling)");
        }

        if (VaeMemoryAssumed(model))
        {
            Note($"{model.Id}: the VAE decoder's channel width and frames per call are not in vaes.csv; the Wan2.1 VAE's are taken for decode memory");
        }

        var gpuSeconds = latency * plan.Gpus / batch;
        var energyKwh = plan.Gpus * gpu.BoardPowerWatts * latency / batch * request.Pue / Units.JoulesPerKilowattHour;
        double? costUsd = request.UsdPerGpuHour is { } price ? gpuSeconds / Units.SecondsPerHour * price / request.Utilization : null;

        return CostOutcome.Of(new CostEstimate
        {
            Phases = phases,
            LatentTokens = videoTokens,
            SequenceTokens = (long)sequence,
            StepSeconds = stepSeconds,
            LatencySeconds = latency,
            GpuSeconds = gpuSeconds,
            PeakMemoryBytes = peakMemory,
            MemoryCapacityBytes = gpu.MemoryBytes,
            EnergyKwh = energyKwh,
            TotalFlops = (textFlops + denoiseFlops + vaeFlops) / batch,
            BatchSize = request.BatchSize,
            CostUsd = costUsd,
            UsdPerGpuHour = request.UsdPerGpuHour,
            Notes = notes is null ? [] : [.. notes],
        });
    }

    /// <summary>
    /// Communication per denoising step that compute does not hide, costed per plan on the GPU's link: each collective
    /// moves its bytes at the achieved share of the one-way link bandwidth (published GPU-link figures are bidirectional
    /// aggregates) and pays a fixed latency.
    /// </summary>
    private static double CommunicationSeconds(CostRequest request, CostCalibration calibration, double sequence, double layers, double width,
        double hidden, double branchesPerGpu, double weightBytes, double attentionSeconds, double stepCompute, double batch)
    {
        var plan = request.Plan;
        var link = request.Gpu.GpuLinkBandwidthBytesPerSecond!.Value / 2.0 * calibration.LinkShare(request.Gpu);
        var latency = calibration.CollectiveLatencySeconds;
        // A batch moves every clip's activations; each collective's latency is paid once.
        var localActivationBytes = batch * sequence / plan.SequenceParallel * width * ActivationBytes;
        var seconds = 0.0;
        if (plan.Ulysses > 1)
        {
            // DeepSpeed-Ulysses: four all-to-alls per layer (q, k, v, output); each GPU sends (u−1)/u of its shard.
            seconds += branchesPerGpu * 4.0 * layers * ((localActivationBytes * (plan.Ulysses - 1) / plan.Ulysses / link) + latency);
        }

        if (plan.Ring > 1)
        {
            // Ring attention passes k and v around the ring (r−1 hops per layer), overlapped with attention compute;
            // each hop pays its latency.
            var ringSeconds = branchesPerGpu * 2.0 * layers * localActivationBytes * (plan.Ring - 1) / link;
            seconds += Math.Max(0.0, ringSeconds - attentionSeconds) + (branchesPerGpu * layers * (plan.Ring - 1) * latency);
        }

        if (plan.TensorParallel > 1)
        {
            // Megatron tensor parallelism: two ring all-reduces of the hidden state per layer.
            var hiddenBytes = batch * sequence / plan.SequenceParallel * hidden * ActivationBytes;
            seconds += branchesPerGpu * 2.0 * layers * ((2.0 * (plan.TensorParallel - 1) / plan.TensorParallel * hiddenBytes / link) + latency);
        }

        if (plan.CfgParallel > 1)
        {
            // CFG-parallel runs each branch on its own GPUs with no per-layer traffic; the two noise predictions meet once
            // per step (an all-gather of the latent-sized output).
            var videoTokens = LatentGeometry.Of(request.Model, request.Clip).Tokens;
            var latentBytes = batch * videoTokens * (request.Model.LatentChannels ?? 16) * request.Model.PatchT * request.Model.PatchH * request.Model.PatchW * ActivationBytes;
            seconds += (latentBytes / link) + latency;
        }

        if (plan.ShardWeights)
        {
            // FSDP gathers every layer's weights on every forward pass, overlapped with compute.
            var gatherSeconds = branchesPerGpu * weightBytes * (plan.Gpus - 1) / plan.Gpus / link;
            seconds += Math.Max(0.0, gatherSeconds - stepCompute) + (branchesPerGpu * layers * latency);
        }

        return seconds;
    }

    /// <summary>The plan does not fit in the GPU's memory: valid input with no answer, and the ways to make it fit.</summary>
    private static Problem MemoryRefusal(CostRequest r, MemoryNeed need)
    {
        static string Gb(double bytes) => (bytes / Units.Giga).ToString("0.0", CultureInfo.InvariantCulture) + " GB";
        var fixes = new List<string>();
        if (r.Offload is not (OffloadMode.Sequential or OffloadMode.Block))
        {
            fixes.Add("offload: sequential or offload: block (streams weights from host memory; costs transfer time, which block prefetch overlaps with compute)");
        }

        if (r.Precision != Precision.Fp8 && r.Gpu.Fp8DenseFlopsPerSecond is not null)
        {
            fixes.Add("precision: fp8 (halves weight memory)");
        }

        if (!r.Plan.ShardWeights && r.Plan.Gpus > 1)
        {
            fixes.Add("shard weights across the GPUs (FSDP)");
        }

        fixes.Add("more GPUs (Ulysses or ring attention splits activations; tensor parallelism splits weights)");
        fixes.Add("a GPU with more memory");
        return Problem.Infeasible(string.Empty,
            $"does not fit: needs {Gb(need.Total)} per GPU (weights {Gb(need.Weights)}, activations {Gb(need.Activations)}, text encoder {Gb(need.TextEncoder)}) but {r.Gpu.Id} has {Gb(r.Gpu.MemoryBytes)}",
            "try " + string.Join("; ", fixes));
    }
}
