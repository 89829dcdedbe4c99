using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>models.csv</c>: architecture facts of open video models, with the quote they come from.</summary>
internal static class ModelRows
{
    // token_params_b, text_token_params_b and vae are optional: a file written before them still parses.
    internal static readonly string[] Columns =
    [
        "id", "aliases", "params_b", "layers", "hidden_dim", "heads", "head_dim", "ffn_dim", "attention_kind", "text_tokens", "text_tokens_source",
        "text_encoder", "text_encoder_params_b", "vae_temporal_compression", "vae_spatial_compression", "latent_channels", "patch_t", "patch_h",
        "patch_w", "default_steps", "uses_cfg", "cfg_note", "attention", "source", "as_of", "quote",
    ];


    public static IEnumerable<VideoModel> Read(CsvRowReader r, CsvTable table)
    {
        foreach (var row in CatalogParser.Records(r, table, Columns))
        {
            var id = r.RequiredText(row, "id");
            var kindText = r.Text(row, "attention_kind");
            AttentionKind? kind = kindText switch
            {
                "cross" => AttentionKind.Cross,
                "joint" => AttentionKind.Joint,
                _ => null,
            };
            if (kind is null)
            {
                r.Error(row, "attention_kind", $"'{kindText}' is not an attention kind; write cross or joint");
            }

            var parameters = r.Number(row, "params_b", required: false, min: 0, minExclusive: true);
            var tokenParams = r.Number(row, "token_params_b", required: false, min: 0, minExclusive: true);
            var textTokenParams = r.Number(row, "text_token_params_b", required: false, min: 0, minExclusive: true);
            if (tokenParams is { } tp && parameters is { } all && tp > all)
            {
                r.Error(row, "token_params_b", $"{tp.ToString(System.Globalization.CultureInfo.InvariantCulture)} is more than params_b ({all.ToString(System.Globalization.CultureInfo.InvariantCulture)}); the weights acting on every video token are part of the transformer");
                tokenParams = null;
            }

            var textParams = r.Number(row, "text_encoder_params_b", required: false, min: 0, minExclusive: true);
            var layers = r.Integer(row, "layers", required: false, min: 1);
            var hidden = r.Integer(row, "hidden_dim", required: false, min: 1);
            var heads = r.Integer(row, "heads", required: false, min: 1);
            var headDim = r.Integer(row, "head_dim", required: false, min: 1);
            var ffn = r.Integer(row, "ffn_dim", required: false, min: 1);
            var textTokens = r.Integer(row, "text_tokens", required: false, min: 0);
            var ct = r.Integer(row, "vae_temporal_compression", required: true, min: 1);
            var cs = r.Integer(row, "vae_spatial_compression", required: true, min: 1);
            var channels = r.Integer(row, "latent_channels", required: false, min: 1);
            var pt = r.Integer(row, "patch_t", required: true, min: 1);
            var ph = r.Integer(row, "patch_h", required: true, min: 1);
            var pw = r.Integer(row, "patch_w", required: true, min: 1);
            var steps = r.Integer(row, "default_steps", required: true, min: 1);
            var cfg = r.Boolean(row, "uses_cfg", required: true);
            var provenance = CatalogParser.ReadProvenance(r, row);
            if (id is null || kind is null || ct is null || cs is null || pt is null || ph is null || pw is null || steps is null || cfg is null || provenance is null)
            {
                continue;
            }

            yield return new VideoModel
            {
                Id = id,
                Aliases = CatalogParser.Aliases(r.Text(row, "aliases")),
                TransformerParameters = parameters * Units.Giga,
                TokenParameters = tokenParams * Units.Giga,
                TextTokenParameters = textTokenParams * Units.Giga,
                VaeId = r.Text(row, "vae"),
                Layers = layers,
                HiddenDim = hidden,
                Heads = heads,
                HeadDim = headDim,
                FfnDim = ffn,
                AttentionKind = kind.Value,
                TextTokens = textTokens,
                TextTokensSource = r.Text(row, "text_tokens_source"),
                TextEncoder = r.Text(row, "text_encoder"),
                TextEncoderParameters = textParams * Units.Giga,
                VaeTemporalCompression = ct.Value,
                VaeSpatialCompression = cs.Value,
                LatentChannels = channels,
                PatchT = pt.Value,
                PatchH = ph.Value,
                PatchW = pw.Value,
                DefaultSteps = steps.Value,
                UsesCfg = cfg.Value,
                CfgNote = r.Text(row, "cfg_note"),
                Attention = r.Text(row, "attention"),
                Provenance = provenance,
            };
        }
    }
}
