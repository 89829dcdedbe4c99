using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>vaes.csv</c>: video VAE decoders, their size and their work per output pixel.</summary>
internal static class VaeRows
{
    internal static readonly string[] Columns = [
        "id", "name", "decoder_params_b", "decode_gflops_per_pixel", "decoder_channels", "latent_frames_per_call", "tile_px", "tiled_by_default",
        "notes", "source", "as_of", "quote",
    ];

    public static IEnumerable<VaeSpec> Read(CsvRowReader r, CsvTable table)
    {
        foreach (var row in CatalogParser.Records(r, table, Columns))
        {
            var id = r.RequiredText(row, "id");
            var decoder = r.Number(row, "decoder_params_b", required: false, min: 0, minExclusive: true);
            var work = r.Number(row, "decode_gflops_per_pixel", required: false, min: 0, minExclusive: true);
            var channels = r.Integer(row, "decoder_channels", required: false, min: 1);
            var framesPerCall = r.Integer(row, "latent_frames_per_call", required: false, min: 1);
            var tile = r.Integer(row, "tile_px", required: false, min: 8);
            var tiled = r.Boolean(row, "tiled_by_default", required: true);
            var provenance = CatalogParser.ReadProvenance(r, row);
            if (tiled is true && tile is null)
            {
                r.Error(row, "tiled_by_default", "true, but tile_px is empty; give the tile size the decoder tiles at");
                continue;
            }

            if (id is null || tiled is null || provenance is null)
            {
                continue;
            }

            yield return new VaeSpec
            {
                Id = id,
                Name = r.Text(row, "name"),
                DecoderParameters = decoder * Units.Giga,
                DecodeFlopsPerPixel = work * Units.Giga,
                DecoderChannels = channels,
                LatentFramesPerCall = framesPerCall,
                TilePixels = tile,
                TiledByDefault = tiled.Value,
                Notes = r.Text(row, "notes"),
                Provenance = provenance,
            };
        }
    }
}
