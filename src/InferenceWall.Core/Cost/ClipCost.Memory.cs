using System.Collections.Immutable;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Cost;

/// <summary>
/// What one GPU holds at the peak of a generation, part by part, in bytes. A generation runs in phases that do not
/// overlap (text encoding, denoising, VAE decoding), so the peak is the largest phase plus what the process holds
/// throughout (<see cref="Runtime"/>). <see cref="Weights"/>, <see cref="Activations"/> and <see cref="TextEncoder"/>
/// are the denoising phase's parts.
/// </summary>
/// <param name="Weights">Transformer weights resident while denoising (sharded or streamed as the plan says).</param>
/// <param name="Activations">Denoising activations: one block's live tensors for every batched branch, plus the latents and conditioning.</param>
/// <param name="TextEncoder">Text-encoder weights resident while denoising (0 when offloaded or on the CPU).</param>
/// <param name="EncodePeak">The text-encoding phase: encoder weights and whatever transformer weights are already resident.</param>
/// <param name="DecodePeak">The VAE-decoding phase: decoder weights and activations plus the weights still resident.</param>
/// <param name="Runtime">Held by the process throughout and outside PyTorch's allocator: the CUDA context and kernels.</param>
public readonly record struct MemoryNeed(double Weights, double Activations, double TextEncoder, double EncodePeak, double DecodePeak, double Runtime)
{
    /// <summary>Bytes at the peak of the denoising phase.</summary>
    public double DenoisePeak => Weights + Activations + TextEncoder;

    /// <summary>What <c>torch.cuda.max_memory_allocated</c> reports: the largest phase, without the runtime.</summary>
    public double Allocated => Math.Max(DenoisePeak, Math.Max(EncodePeak, DecodePeak));

    /// <summary>What the GPU must hold (what nvidia-smi shows at the peak, less the allocator's cached free blocks).</summary>
    public double Total => Allocated + Runtime;

    /// <summary>The phase that sets the peak: <c>text_encode</c>, <c>denoise</c> or <c>vae_decode</c>.</summary>
    public string PeakPhase => DenoisePeak >= Math.Max(EncodePeak, DecodePeak) ? "denoise" : DecodePeak >= EncodePeak ? "vae_decode" : "text_encode";
}

/// <summary>
/// How the serving stack holds a generation's parts in GPU memory: facts of the stack, not of the model. The default
/// is what the diffusers pipelines do.
/// </summary>
public sealed record MemoryHolding
{
    public static readonly MemoryHolding Default = new();

    /// <summary>
    /// Bytes per transformer weight as held in memory; null: as the compute precision says. The official Wan
    /// repositories load the DiT without a dtype (<c>WanModel.from_pretrained(checkpoint_dir)</c>, wan/text2video.py
    /// line 87, Wan2.1 commit 9737cba), so it is held in fp32 (4 bytes) and cast per matmul by autocast, unless
    /// <c>--convert_model_dtype</c> is given (Wan2.2).
    /// </summary>
    public double? TransformerBytesPerWeight { get; init; }

    /// <summary>
    /// The two CFG branches run as one batch (diffusers concatenates them), doubling the activations; false where
    /// the stack calls the transformer once per branch (the official Wan pipelines: <c>noise_pred_cond</c>, then
    /// <c>noise_pred_uncond</c>, wan/text2video.py).
    /// </summary>
    public bool CfgBatched { get; init; } = true;

    /// <summary>Bytes per text-encoder weight: 2 (encoders ship in 16-bit); 1 when quantised with the transformer.</summary>
    public double TextEncoderBytesPerWeight { get; init; } = 2.0;

    /// <summary>
    /// Under model offload, the transformer is already on the GPU while the text encoder runs: the official Wan
    /// pipelines move the DiT to the GPU at construction (wan/text2video.py line 110) and offload only the encoder
    /// after encoding (line 179) and the DiT before decoding (line 258). False for diffusers' model offload, which
    /// moves each component in only for its phase. Without offload everything is resident anyway.
    /// </summary>
    public bool TransformerResidentWhileEncoding { get; init; }

    /// <summary>
    /// Bytes per VAE weight and activation: 2 where the pipeline loads every component in its 16-bit dtype (diffusers'
    /// <c>torch_dtype</c>); 4 for the official Wan VAE (<c>WanVAE(dtype=torch.float)</c>, wan/modules/vae.py).
    /// </summary>
    public double VaeBytesPerActivation { get; init; } = 2.0;
}

public static partial class ClipCost
{
    /// <summary>Tensors of model width live through a block: the residual stream and its normalised copy.</summary>
    private const double ResidentTensors = 2.0;

    /// <summary>Attention temporaries of model width: q, k, v and the attention output (flash attention keeps no score matrix).</summary>
    private const double AttentionTensors = 4.0;

    /// <summary>
    /// What a CUDA process holds before any tensor: the context and the loaded kernels of PyTorch, cuBLAS and cuDNN,
    /// invisible to <c>torch.cuda.max_memory_allocated</c>. pytorch/pytorch issue 34323: nvidia-smi shows 781 MB
    /// for a process that has only initialised CUDA through PyTorch.
    /// </summary>
    public const double CudaRuntimeBytes = 0.781e9;

    /// <summary>
    /// Live feature maps of the VAE decoder's full-resolution stage per output pixel of one decode call, in units of
    /// that stage's channel width: the block input kept for the residual, the normalised and activated copies, the
    /// causally padded conv input with its cached frames, the conv output, and the upsampled input of twice the
    /// channels. Measured, not fitted per row: the Wan2.1 README's FSDP peaks (T2V-14B and I2V-14B at 1280×720×81 on
    /// 2, 4 and 8 GPUs, README 'Computational Efficiency', commit 9737cba) fall as the fp32 DiT and bf16 umT5 shards
    /// (weights/N) and leave a part that does not depend on N, the decode on rank 0: T2V-14B on H20 53.9 − 28 − 5.7 =
    /// 20.2, 37.9 − 14 − 2.8 = 21.1 and 29.9 − 7 − 1.4 = 21.5 GB. 15 maps give 4 frames × 921,600 px × 4 bytes × 96
    /// channels × 15 = 21.2 GB.
    /// </summary>
    public const double VaeLiveMaps = 15.0;

    /// <summary>
    /// The decoder's full-resolution channel width, the latent frames it decodes per call, and the spatial tile it
    /// decodes at a time (null: the whole frame), from the model's VAE in vaes.csv. Where vaes.csv does not state them,
    /// the Wan2.1 VAE's (96 channels, one latent frame per call, whole frames) are taken (<see cref="VaeMemoryAssumed"/>).
    /// </summary>
    internal static (double Channels, int LatentFramesPerCall, int? TilePixels) VaeDecoder(Catalog.VideoModel model, bool tiled)
    {
        var vae = model.Vae;
        return (vae?.DecoderChannels ?? 96.0, vae?.LatentFramesPerCall ?? 1, tiled || vae?.TiledByDefault == true ? vae?.TilePixels : null);
    }

    /// <summary>True when vaes.csv does not state the decoder's channel width or frames per call, so the Wan2.1 VAE's are taken.</summary>
    private static bool VaeMemoryAssumed(Catalog.VideoModel model) => model.Vae?.DecoderChannels is null || model.Vae.LatentFramesPerCall is null;

    /// <summary>
    /// The decode work of a tiled decode over that of whole frames: overlapping tiles decode their overlap twice. Tiles are
    /// laid as the reference decoders lay them (HunyuanVideo's causal VAE): in latent space, a tile of <c>tile_px / s</c>
    /// every <c>floor(tile · (1 − overlap))</c> along each side once a side exceeds a tile, and in time a tile of
    /// <c>tile_frames / t</c> + 1 latent frames at the same overlap. 1 where the decode does not tile or no overlap is stated.
    /// </summary>
    internal static double TiledDecodeWork(Catalog.VideoModel model, ClipSpec clip, bool tiledToFit)
    {
        if (model.Vae is not { TilePixels: { } tilePixels, TileOverlap: { } overlap } vae || !(vae.TiledByDefault || tiledToFit))
        {
            return 1.0;
        }

        var latentTile = Math.Max(1, tilePixels / model.VaeSpatialCompression);
        var height = (int)CeilDiv(clip.HeightPixels, model.VaeSpatialCompression);
        var width = (int)CeilDiv(clip.WidthPixels, model.VaeSpatialCompression);
        var spatial = height > latentTile || width > latentTile
            ? Covered(height, latentTile, Stride(latentTile, overlap)) * Covered(width, latentTile, Stride(latentTile, overlap))
            : 1.0;
        if (vae.TileFrames is not { } tileFrames)
        {
            return spatial;
        }

        var latentFrames = LatentGeometry.Of(model, clip).LatentFrames;
        var frameTile = Math.Max(1, tileFrames / model.VaeTemporalCompression);
        var temporal = latentFrames > frameTile ? Covered(latentFrames, frameTile + 1, Stride(frameTile, overlap)) : 1.0;
        return spatial * temporal;

        static int Stride(int tile, double overlap) => Math.Max(1, (int)(tile * (1.0 - overlap)));

        // The latent extent the tiles cover, over the extent itself.
        static double Covered(int extent, int tile, int stride)
        {
            long covered = 0;
            for (var start = 0; start < extent; start += stride)
            {
                covered += Math.Min(tile, extent - start);
            }

            return (double)covered / extent;
        }
    }

    /// <summary>True when the model's VAE can decode in tiles and does not by default.</summary>
    private static bool CanTile(Catalog.VideoModel model) => model.Vae is { TilePixels: not null, TiledByDefault: false };

    /// <summary>
    /// VAE parameters, where the catalog does not give the decoder's: the Wan2.1 VAE checkpoint (Wan2.1_VAE.pth,
    /// 508 MB in fp32: 127 M parameters, encoder and decoder), counted whole for every VAE; a per-VAE decoder size
    /// (vaes.csv) should replace it. At most 0.5 GB in fp32: small beside the decoder's activations.
    /// </summary>
    private const double VaeDecoderParameters = 0.127e9;

    /// <summary>
    /// Peak memory per GPU of a request, part by part, without the time model; null with the problems when the
    /// request is not one the cost model can estimate (the checks of <see cref="Estimate"/>, less the host-link
    /// bandwidth that only the transfer time of offload needs).
    /// </summary>
    public static MemoryNeed? PeakMemory(CostRequest request, MemoryHolding holding, out ImmutableArray<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(holding);
        problems = Check(request with { Offload = OffloadMode.None });
        return problems.IsEmpty ? MemoryOf(request, holding, out _) : null;
    }

    /// <summary>The peak as the default stack holds it (what <see cref="Estimate"/> checks against the GPU's memory).</summary>
    private static MemoryNeed MemoryOf(CostRequest request, out bool tiledToFit) => MemoryOf(request, MemoryHolding.Default, out tiledToFit);

    /// <summary>
    /// The peak as the stack holds it. Where decoding whole frames would not fit in the GPU's memory but the VAE can
    /// tile, the decode is costed tiled (every pipeline offers VAE tiling for this) and <paramref name="tiledToFit"/> says so.
    /// </summary>
    private static MemoryNeed MemoryOf(CostRequest request, MemoryHolding holding, out bool tiledToFit)
    {
        var whole = MemoryOf(request, holding, tiled: false);
        tiledToFit = false;
        if (whole.Total > request.Gpu.MemoryBytes && CanTile(request.Model))
        {
            var tiled = MemoryOf(request, holding, tiled: true);
            if (tiled.Total < whole.Total)
            {
                tiledToFit = true;
                return tiled;
            }
        }

        return whole;
    }

    private static MemoryNeed MemoryOf(CostRequest request, MemoryHolding holding, bool tiled)
    {
        var model = request.Model;
        var plan = request.Plan;
        var clip = request.Clip;
        var geometry = LatentGeometry.Of(model, clip);
        double sequence = model.AttentionKind == Catalog.AttentionKind.Joint ? geometry.Tokens + (model.TextTokens ?? 0) : geometry.Tokens;
        var weightBytes = model.TransformerParameters!.Value * (holding.TransformerBytesPerWeight ?? Units.BytesPer(request.Precision));

        // CFG: the two branches are batched on one GPU (diffusers concatenates them) unless CFG-parallel splits them
        // or the stack runs them one after the other.
        var branches = (clip.Cfg ?? model.UsesCfg) && holding.CfgBatched ? 2 : 1;
        var branchesPerGpu = Math.Max(1.0, (double)branches / plan.CfgParallel);
        double layers = model.Layers!.Value;
        double width = model.AttentionWidth!.Value;
        double hidden = model.HiddenDim!.Value;
        double ffn = model.FfnDim ?? 4.0 * hidden;

        // Sequential/block offload keeps two blocks on the GPU (the one computing and the one arriving); FSDP holds
        // its shard plus the one layer it has gathered; tensor parallelism splits every matrix.
        var streamed = request.Offload is OffloadMode.Sequential or OffloadMode.Block;
        var residentWeights = streamed
            ? 2.0 * weightBytes / layers / plan.TensorParallel
            : plan.ShardWeights
                ? weightBytes / plan.Gpus + weightBytes / layers
                : weightBytes / plan.TensorParallel;

        // One block's live tensors (the block's temporaries are freed before the next block runs): the residual
        // stream and its normalised copy, plus the larger of the attention temporaries and the FFN hidden layer, which
        // are not live together. Sequence parallelism splits the tokens; tensor parallelism the heads and FFN columns.
        var blockBytes = branchesPerGpu * sequence / plan.SequenceParallel
            * ((ResidentTensors * hidden) + Math.Max(AttentionTensors * width / plan.TensorParallel, ffn / plan.TensorParallel)) * ActivationBytes;

        // The attention kernel's own buffer: flash attention keeps no score matrix, only the softmax log-sum-exp of
        // every query row of every head in fp32 (FlashAttention-2, Dao 2023, Algorithm 1: the output L).
        double heads = model.Heads!.Value;
        var attentionWorkspace = branchesPerGpu * sequence / plan.SequenceParallel * heads / plan.TensorParallel * 4.0;

        // The latents live through the whole loop: the sample, the model output and the scheduler's copy, in fp32
        // (not counted where the catalog lacks the latent channels).
        var latentChannels = model.LatentChannels ?? 0;
        var latentBytes = 3.0 * geometry.LatentFrames * CeilDiv(clip.HeightPixels, model.VaeSpatialCompression)
            * CeilDiv(clip.WidthPixels, model.VaeSpatialCompression) * latentChannels * 4.0;

        // Text conditioning: the encoder's output for each branch (text tokens × the transformer's width after projection).
        var conditioningBytes = branchesPerGpu * (model.TextTokens ?? 0) * hidden * ActivationBytes;

        // The text encoder: resident through denoising only without offload; FSDP plans shard it with the transformer
        // (the Wan reference commands pass --t5_fsdp with --dit_fsdp). On the CPU it never occupies the GPU.
        var textParameters = model.TextEncoderParameters ?? 0.0;
        var textWeights = request.TextEncoderOnCpu ? 0.0 : textParameters * holding.TextEncoderBytesPerWeight / (plan.ShardWeights ? plan.Gpus : 1);
        var textResident = request.Offload == OffloadMode.None ? textWeights : 0.0;

        // Encoding: the encoder, and the transformer where it is already resident (always without offload).
        var transformerWhileEncoding = request.Offload == OffloadMode.None || (request.Offload == OffloadMode.Model && holding.TransformerResidentWhileEncoding)
            ? residentWeights
            : 0.0;
        var encodePeak = textWeights + transformerWhileEncoding;

        // Decoding runs on one GPU (rank 0) after the loop. Model offload moves the transformer out first; otherwise
        // its weights stay. The decoder's peak is its full-resolution stage for one call's frames.
        var (vaeChannels, latentFramesPerCall, tile) = VaeDecoder(model, tiled);
        var framesPerCall = FramesPerDecodeCall(geometry.LatentFrames, latentFramesPerCall, model.VaeTemporalCompression);
        var pixelsPerCall = (double)Math.Min(clip.WidthPixels, tile ?? int.MaxValue) * Math.Min(clip.HeightPixels, tile ?? int.MaxValue);
        // A stack with a parallel VAE splits the decode (and its feature maps) across the plan's GPUs.
        var vaeGpus = request.Stack?.ParallelVae == true ? plan.Gpus : 1;
        var vaeActivations = framesPerCall * pixelsPerCall * VaeLiveMaps * vaeChannels * holding.VaeBytesPerActivation / vaeGpus;
        var vaeWeights = (model.Vae?.DecoderParameters ?? VaeDecoderParameters) * holding.VaeBytesPerActivation;
        var weightsWhileDecoding = request.Offload == OffloadMode.Model ? 0.0 : residentWeights;
        var decodePeak = weightsWhileDecoding + textResident + vaeWeights + vaeActivations;
        if (request.Upscale is { } up)
        {
            // The upscaler's weights join whatever is still resident after decoding (its activations are not counted).
            decodePeak = Math.Max(decodePeak, weightsWhileDecoding + textResident + (up.Upscaler.Parameters * Units.BytesPer(up.Upscaler.Precision)));
        }

        // A batch holds every clip's activations, latents and conditioning; it encodes and decodes one clip at a time.
        var perClip = blockBytes + attentionWorkspace + latentBytes + conditioningBytes;
        return new MemoryNeed(residentWeights, request.BatchSize * perClip, textResident, encodePeak, decodePeak + ((request.BatchSize - 1) * latentBytes), CudaRuntimeBytes);
    }

    /// <summary>
    /// Output frames of the largest decode call: calls of <paramref name="perCall"/> latent frames, the first taking
    /// the remainder too; the first latent frame decodes to one frame (causal VAE), every later one to c_t frames.
    /// </summary>
    internal static double FramesPerDecodeCall(int latentFrames, int perCall, int temporalCompression)
    {
        var first = Math.Min(latentFrames, perCall + (latentFrames % perCall));
        var firstFrames = 1 + ((first - 1) * temporalCompression);
        var laterFrames = latentFrames > first ? perCall * temporalCompression : 0;
        return Math.Max(firstFrames, laterFrames);
    }

    private static double CeilDiv(long a, long b) => Math.Ceiling((double)a / b);
}
