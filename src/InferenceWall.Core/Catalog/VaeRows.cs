using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>vaes.csv</c>: video VAE decoders, their size and their work per output pixel.</summary>
internal static class VaeRows
{
    internal static readonly string[] Columns = ["id", "name", "decoder_params_b", "decode_gflops_per_pixel", "notes", "source", "as_of", "quote"];

    public static IEnumerable<VaeSpec> Read(CsvRowReader r, CsvTable table)
    {
        foreach (var row in CatalogParser.Records(r, table, Columns))
        {
            var id = r.RequiredText(row, "id");
            var decoder = r.Number(row, "decoder_params_b", required: false, min: 0, minExclusive: true);
            var work = r.Number(row, "decode_gflops_per_pixel", required: false, min: 0, minExclusive: true);
            var provenance = CatalogParser.ReadProvenance(r, row);
            if (id is null || provenance is null)
            {
                continue;
            }

            yield return new VaeSpec
            {
                Id = id,
                Name = r.Text(row, "name"),
                DecoderParameters = decoder * Units.Giga,
                DecodeFlopsPerPixel = work * Units.Giga,
                Notes = r.Text(row, "notes"),
                Provenance = provenance,
            };
        }
    }
}
