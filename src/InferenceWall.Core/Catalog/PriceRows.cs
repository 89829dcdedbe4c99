using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>prices.csv</c>: $/GPU-hour quotes by provider, SKU and capacity class.</summary>
internal static class PriceRows
{
    internal static readonly string[] Columns =
    [
        "provider", "provider_name", "service", "sku", "gpu", "gpus_per_instance", "region", "capacity_class", "pricing_model",
        "usd_per_gpu_hour", "usd_per_instance_hour", "per_gpu_is_derived", "as_of", "source", "notes",
    ];

    public static IEnumerable<GpuPrice> Read(CsvRowReader r, CsvTable table)
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
            var sku = r.RequiredText(row, "sku");
            var gpu = r.RequiredText(row, "gpu");
            var pricingModel = r.RequiredText(row, "pricing_model");
            var classText = r.Text(row, "capacity_class");
            CapacityClass? capacity = Words.Capacity.TryParse(classText, out var parsed) ? parsed : null;
            if (capacity is null)
            {
                r.Error(row, "capacity_class", $"'{classText}' is not a capacity class; write one of {Words.Capacity.Allowed}");
            }

            var price = r.Number(row, "usd_per_gpu_hour", required: true, min: 0, minExclusive: true);
            var instance = r.Number(row, "usd_per_instance_hour", required: false, min: 0, minExclusive: true);
            var perGpu = r.Integer(row, "gpus_per_instance", required: false, min: 1);
            var derivedText = r.Text(row, "per_gpu_is_derived");
            var provenance = CatalogParser.ReadProvenance(r, row);
            if (provider is null || sku is null || gpu is null || pricingModel is null || capacity is null || price is null || provenance is null)
            {
                continue;
            }

            yield return new GpuPrice
            {
                Provider = provider,
                ProviderName = r.Text(row, "provider_name") is { Length: > 0 } n ? n : provider,
                Service = r.Text(row, "service"),
                Sku = sku,
                GpuId = gpu,
                GpusPerInstance = perGpu,
                Region = r.Text(row, "region"),
                CapacityClass = capacity.Value,
                PricingModel = pricingModel,
                UsdPerGpuHour = price.Value,
                UsdPerInstanceHour = instance,
                PerGpuIsDerived = derivedText is "yes" or "true",
                Notes = r.Text(row, "notes"),
                Provenance = provenance,
            };
        }
    }
}
