using System.Collections.Immutable;

namespace InferenceWall.Core.Catalog;

/// <summary>How text conditions the diffusion transformer.</summary>
public enum AttentionKind
{
    /// <summary>Self-attention over video tokens plus cross-attention to text tokens (Wan, Cosmos, LTX).</summary>
    Cross,

    /// <summary>Joint self-attention over concatenated video and text tokens (MMDiT: HunyuanVideo, CogVideoX, Mochi).</summary>
    Joint,
}

/// <summary>An open video generation model: the architecture facts the cost model needs.</summary>
public sealed record VideoModel
{
    public required string Id { get; init; }
    public ImmutableArray<string> Aliases { get; init; } = [];

    /// <summary>Parameters of the diffusion transformer active per step (one expert for MoE models).</summary>
    public double? TransformerParameters { get; init; }
    public int? Layers { get; init; }
    public int? HiddenDim { get; init; }
    public int? Heads { get; init; }
    public int? HeadDim { get; init; }
    public int? FfnDim { get; init; }
    public AttentionKind AttentionKind { get; init; }

    /// <summary>
    /// Matmul weights that act on every video token per forward pass (attention and FFN of the video stream, shared
    /// single-stream blocks; not the per-sample modulation nor the text-only stream); null where not counted, and the
    /// cost model then charges <see cref="TransformerParameters"/> to every token. Counted in docs/research/per-token-work.md.
    /// </summary>
    public double? TokenParameters { get; init; }

    /// <summary>Matmul weights that act only on text (or other context) tokens per forward pass: text stream, cross-attention K/V.</summary>
    public double? TextTokenParameters { get; init; }

    /// <summary>The VAE this model decodes with (an id in vaes.csv); empty where not stated.</summary>
    public string VaeId { get; init; } = string.Empty;

    /// <summary>The VAE (from vaes.csv) when the catalog resolved <see cref="VaeId"/>.</summary>
    public VaeSpec? Vae { get; init; }

    /// <summary>The VAE's decoder work per output pixel (FLOPs), from its architecture; null where not counted.</summary>
    public double? VaeDecodeFlopsPerPixel { get; init; }

    /// <summary>Text tokens the transformer attends to; null where not found in the sources.</summary>
    public int? TextTokens { get; init; }
    public string TextTokensSource { get; init; } = string.Empty;
    public string TextEncoder { get; init; } = string.Empty;
    public double? TextEncoderParameters { get; init; }
    public required int VaeTemporalCompression { get; init; }
    public required int VaeSpatialCompression { get; init; }
    public int? LatentChannels { get; init; }
    public required int PatchT { get; init; }
    public required int PatchH { get; init; }
    public required int PatchW { get; init; }
    public required int DefaultSteps { get; init; }
    public required bool UsesCfg { get; init; }
    public string CfgNote { get; init; } = string.Empty;
    public string Attention { get; init; } = string.Empty;
    public required Provenance Provenance { get; init; }

    /// <summary>Attention width: heads × head dimension.</summary>
    public int? AttentionWidth => Heads * HeadDim;

    /// <summary>The architecture fields the cost model cannot do without that this entry lacks.</summary>
    public IReadOnlyList<string> MissingArchitecture()
    {
        var missing = new List<string>();
        if (TransformerParameters is null)
        {
            missing.Add("params_b");
        }

        if (Layers is null)
        {
            missing.Add("layers");
        }

        if (Heads is null)
        {
            missing.Add("heads");
        }

        if (HeadDim is null)
        {
            missing.Add("head_dim");
        }

        if (HiddenDim is null)
        {
            missing.Add("hidden_dim");
        }

        return missing;
    }
}
