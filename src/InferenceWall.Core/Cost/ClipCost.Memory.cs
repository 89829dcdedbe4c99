using System.Collections.Immutable;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Cost;

/// <summary>
/// What one GPU holds at the peak of a generation, part by part, in bytes. <see cref="Weights"/>,
/// <see cref="Activations"/> and <see cref="TextEncoder"/> are the denoising phase's parts.
/// </summary>
public readonly record struct MemoryNeed(double Weights, double Activations, double TextEncoder)
{
    public double Total => Weights + Activations + TextEncoder;
}

public static partial class ClipCost
{
    /// <summary>Bytes per text-encoder weight (encoders ship and run in 16-bit).</summary>
    private const double TextEncoderBytesPerParameter = 2.0;

    /// <summary>Tensors of model width live through a block: the residual stream and its normalised copy.</summary>
    private const double ResidentTensors = 2.0;

    /// <summary>Attention temporaries of model width: q, k, v and the attention output (flash attention keeps no score matrix).</summary>
    private const double AttentionTensors = 4.0;

    /// <summary>
    /// Peak memory per GPU of a request, part by part, without the time model; null with the problems when the
    /// request is not one the cost model can estimate (the same checks as <see cref="Estimate"/>).
    /// </summary>
    public static MemoryNeed? PeakMemory(CostRequest request, out ImmutableArray<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(request);
        problems = Check(request);
        return problems.IsEmpty ? MemoryOf(request) : null;
    }

    /// <summary>
    /// Memory per GPU during denoising: weights (sharded as the plan says) + live activations of one block (+ the text
    /// encoder when it stays resident). Attention scores are never materialised (flash attention).
    /// </summary>
    private static MemoryNeed MemoryOf(CostRequest request)
    {
        var model = request.Model;
        var plan = request.Plan;
        var geometry = LatentGeometry.Of(model, request.Clip);
        double sequence = model.AttentionKind == Catalog.AttentionKind.Joint ? geometry.Tokens + (model.TextTokens ?? 0) : geometry.Tokens;
        var weightBytes = model.TransformerParameters!.Value * Units.BytesPer(request.Precision);
        var branchesPerGpu = (double)((request.Clip.Cfg ?? model.UsesCfg) ? 2 : 1) / plan.CfgParallel;
        double layers = model.Layers!.Value;
        double width = model.AttentionWidth!.Value;
        double hidden = model.HiddenDim!.Value;
        double ffn = model.FfnDim ?? 4.0 * hidden;
        var streamed = request.Offload is OffloadMode.Sequential or OffloadMode.Block;
        var residentWeights = streamed
            ? 2.0 * weightBytes / layers / plan.TensorParallel
            : plan.ShardWeights
                ? weightBytes / plan.Gpus + weightBytes / layers
                : weightBytes / plan.TensorParallel;

        // Attention and FFN temporaries are not live at the same time, so the larger of the two counts.
        var activationBytes = branchesPerGpu * sequence / plan.SequenceParallel
            * ((ResidentTensors * hidden) + Math.Max(AttentionTensors * width / plan.TensorParallel, ffn / plan.TensorParallel)) * ActivationBytes;
        var textEncoderBytes = request.Offload == OffloadMode.None && model.TextEncoderParameters is { } tp ? tp * TextEncoderBytesPerParameter : 0.0;
        return new MemoryNeed(residentWeights, activationBytes, textEncoderBytes);
    }
}
