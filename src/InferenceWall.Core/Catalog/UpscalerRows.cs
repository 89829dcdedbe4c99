using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>upscalers.csv</c>: video upscalers and one measured run of each.</summary>
internal static class UpscalerRows
{
    internal static readonly string[] Columns =
    [
        "id", "name", "parameters_b", "steps", "precision", "gpu", "output_width_px", "output_height_px", "frames", "seconds",
        "quality_note", "notes", "source", "as_of", "quote",
    ];

    public static IEnumerable<UpscalerSpec> Read(CsvRowReader r, CsvTable table)
    {
        foreach (var row in CatalogParser.Records(r, table, Columns))
        {
            var id = r.RequiredText(row, "id");
            var parameters = r.Number(row, "parameters_b", required: true, min: 0, minExclusive: true);
            var steps = r.Integer(row, "steps", required: true, min: 1);
            var precision = r.Choice(row, "precision", Words.Precision);

            var gpu = r.RequiredText(row, "gpu");
            var width = r.Integer(row, "output_width_px", required: true, min: 1);
            var height = r.Integer(row, "output_height_px", required: true, min: 1);
            var frames = r.Integer(row, "frames", required: true, min: 1);
            var seconds = r.Number(row, "seconds", required: true, min: 0, minExclusive: true);
            var quality = r.RequiredText(row, "quality_note");
            var provenance = CatalogParser.ReadProvenance(r, row);
            if (id is null || parameters is null || steps is null || precision is null || gpu is null || width is null || height is null
                || frames is null || seconds is null || quality is null || provenance is null)
            {
                continue;
            }

            yield return new UpscalerSpec
            {
                Id = id,
                Name = r.Text(row, "name"),
                Parameters = parameters.Value * Units.Giga,
                Steps = steps.Value,
                Precision = precision.Value,
                Gpu = gpu,
                OutputWidthPixels = width.Value,
                OutputHeightPixels = height.Value,
                Frames = frames.Value,
                Seconds = seconds.Value,
                QualityNote = quality,
                Notes = r.Text(row, "notes"),
                Provenance = provenance,
            };
        }
    }
}
