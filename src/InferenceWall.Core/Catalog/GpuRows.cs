using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>gpus.csv</c>: one row per accelerator, peaks in TFLOP/s, memory in GB, bandwidths in TB/s and GB/s.</summary>
internal static class GpuRows
{
    internal static readonly string[] Columns =
    [
        "id", "aliases", "name", "vendor", "family", "bf16_dense_tflops", "fp16_dense_tflops", "fp8_dense_tflops", "memory_gb",
        "memory_bandwidth_tbps", "gpu_link", "gpu_link_bandwidth_gbps", "host_link_bandwidth_gbps", "board_power_w", "confidence", "source", "as_of", "notes",
    ];

    public static IEnumerable<Gpu> Read(CsvRowReader r, CsvTable table)
    {
        foreach (var row in CatalogParser.Records(r, table, Columns))
        {
            var id = r.RequiredText(row, "id");
            var name = r.RequiredText(row, "name");
            var vendor = r.RequiredText(row, "vendor");
            var family = r.RequiredText(row, "family");
            var bf16 = r.Number(row, "bf16_dense_tflops", required: true, min: 0, minExclusive: true);
            var fp16 = r.Number(row, "fp16_dense_tflops", required: true, min: 0, minExclusive: true);
            var fp8 = r.Number(row, "fp8_dense_tflops", required: false, min: 0, minExclusive: true);
            var fp4 = r.Number(row, "fp4_dense_tflops", required: false, min: 0, minExclusive: true);
            var mem = r.Number(row, "memory_gb", required: true, min: 0, minExclusive: true);
            var bw = r.Number(row, "memory_bandwidth_tbps", required: true, min: 0, minExclusive: true);
            var link = r.Number(row, "gpu_link_bandwidth_gbps", required: false, min: 0, minExclusive: true);
            var host = r.Number(row, "host_link_bandwidth_gbps", required: false, min: 0, minExclusive: true);
            var power = r.Number(row, "board_power_w", required: true, min: 0, minExclusive: true);
            var provenance = CatalogParser.ReadProvenance(r, row);
            if (id is null || name is null || vendor is null || family is null || bf16 is null || fp16 is null || mem is null || bw is null || power is null || provenance is null)
            {
                continue;
            }

            yield return new Gpu
            {
                Id = id,
                Aliases = CatalogParser.Aliases(r.Text(row, "aliases")),
                Name = name,
                Vendor = vendor,
                Family = family,
                Bf16DenseFlopsPerSecond = bf16.Value * Units.Tera,
                Fp16DenseFlopsPerSecond = fp16.Value * Units.Tera,
                Fp8DenseFlopsPerSecond = fp8 * Units.Tera,
                Fp4DenseFlopsPerSecond = fp4 * Units.Tera,
                MemoryBytes = mem.Value * Units.Giga,
                MemoryBandwidthBytesPerSecond = bw.Value * Units.Tera,
                GpuLink = r.Text(row, "gpu_link"),
                GpuLinkBandwidthBytesPerSecond = link * Units.Giga,
                HostLinkBandwidthBytesPerSecond = host * Units.Giga,
                BoardPowerWatts = power.Value,
                Confidence = r.Text(row, "confidence"),
                Notes = r.Text(row, "notes"),
                Provenance = provenance,
            };
        }
    }
}
