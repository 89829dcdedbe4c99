using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>vaes.csv</c>: video VAE decoders, their size and their work per output pixel.</summary>
internal static class VaeRows
{
    // tile_overlap, tile_frames and efficiency_vs_wan21 are optional: a file written before them still parses.
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
            var overlap = r.Number(row, "tile_overlap", required: false, min: 0);
            var tileFrames = r.Integer(row, "tile_frames", required: false, min: 1);
            var relative = r.Number(row, "efficiency_vs_wan21", required: false, min: 0, minExclusive: true);
            if (relative is > 10)
            {
                r.Error(row, "efficiency_vs_wan21", $"{relative.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is more than 10 times the Wan2.1 VAE's efficiency; give the measured ratio (decode time ratio against counted work ratio), at most 10");
                continue;
            }
            if (overlap is >= 1)
            {
                r.Error(row, "tile_overlap", $"{overlap.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a share below 1; give the part of a tile its neighbour overlaps, e.g. 0.25");
                continue;
            }

            if ((overlap is not null || tileFrames is not null) && tile is null)
            {
                r.Error(row, overlap is not null ? "tile_overlap" : "tile_frames", "given, but tile_px is empty; give the tile size the decoder tiles at");
                continue;
            }
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
                TileOverlap = overlap,
                TileFrames = tileFrames,
                EfficiencyVsWan21 = relative,
                TiledByDefault = tiled.Value,
                Notes = r.Text(row, "notes"),
                Provenance = provenance,
            };
        }
    }
}
