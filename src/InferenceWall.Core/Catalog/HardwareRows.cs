using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>hardware.csv</c>: GPU purchase prices (a low and a high published figure).</summary>
internal static class HardwareRows
{
    internal static readonly string[] Columns = ["gpu", "usd_per_gpu_low", "usd_per_gpu_high", "basis", "as_of", "source", "notes"];

    public static IEnumerable<HardwareCost> Read(CsvRowReader r, CsvTable table)
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

            var gpu = r.RequiredText(row, "gpu");
            var low = r.Number(row, "usd_per_gpu_low", required: true, min: 0, minExclusive: true);
            var high = r.Number(row, "usd_per_gpu_high", required: true, min: 0, minExclusive: true);
            if (low is { } l && high is { } h && h < l)
            {
                r.Error(row, "usd_per_gpu_high", $"{h} is below usd_per_gpu_low {l}");
                continue;
            }

            var provenance = CatalogParser.ReadProvenance(r, row);
            if (gpu is null || low is null || high is null || provenance is null)
            {
                continue;
            }

            yield return new HardwareCost
            {
                GpuId = gpu,
                UsdPerGpuLow = low.Value,
                UsdPerGpuHigh = high.Value,
                Basis = r.Text(row, "basis"),
                Notes = r.Text(row, "notes"),
                Provenance = provenance,
            };
        }
    }
}
