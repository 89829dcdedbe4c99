using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>apis.csv</c>: hosted video API list prices.</summary>
internal static class ApiRows
{
    internal static readonly string[] Columns =
    [
        "provider", "model", "access", "mode", "resolution", "duration_s", "audio", "price_usd", "price_unit", "usd_per_second",
        "per_second_is_derived", "as_of", "source", "notes",
    ];

    private static readonly string[] Units = ["per_second", "per_video", "per_month", "per_1M_total_tokens"];

    public static IEnumerable<VideoApiPrice> Read(CsvRowReader r, CsvTable table)
    {
        if (!r.RequireColumns(Columns))
        {
            yield break;
        }

        foreach (var row in table.Records)
        {
            if (!r.CheckWidth(row))
            {
                continue;
            }

            var provider = r.RequiredText(row, "provider");
            var model = r.RequiredText(row, "model");
            var price = r.Number(row, "price_usd", required: true, min: 0, minExclusive: true);
            var unit = r.RequiredText(row, "price_unit");
            if (unit is not null && !Units.Contains(unit))
            {
                r.Error(row, "price_unit", $"'{unit}' is not a price unit; write one of {string.Join(", ", Units)}");
                unit = null;
            }

            var duration = r.Number(row, "duration_s", required: false, min: 0, minExclusive: true);
            var perSecond = r.Number(row, "usd_per_second", required: false, min: 0, minExclusive: true);
            var provenance = CatalogParser.ReadProvenance(r, row);
            if (provider is null || model is null || price is null || unit is null || provenance is null)
            {
                continue;
            }

            yield return new VideoApiPrice
            {
                Provider = provider,
                Model = model,
                Access = r.Text(row, "access"),
                Mode = r.Text(row, "mode"),
                Resolution = r.Text(row, "resolution"),
                DurationSeconds = duration,
                Audio = r.Text(row, "audio"),
                PriceUsd = price.Value,
                PriceUnit = unit,
                UsdPerSecond = perSecond,
                PerSecondIsDerived = r.Text(row, "per_second_is_derived") is "yes" or "true",
                Notes = r.Text(row, "notes"),
                Provenance = provenance,
            };
        }
    }
}
