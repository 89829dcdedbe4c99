namespace InferenceWall.Core.Cost;

/// <summary>What one GPU holds at the peak of a generation, part by part.</summary>
internal readonly record struct MemoryNeed(double Weights, double Activations, double TextEncoder)
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
    /// Memory per GPU during denoising: weights (sharded as the plan says) + live activations of one block (+ the text
    /// encoder when it stays resident). Attention scores are never materialised (flash attention).
    /// </summary>
    private static MemoryNeed PeakMemory(CostRequest request, double sequence, double weightBytes, double branchesPerGpu)
    {
        var model = request.Model;
        var plan = request.Plan;
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
