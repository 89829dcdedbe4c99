using System.CommandLine;
using System.Globalization;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall catalog gpus|prices|models|apis</c>: list catalog entries with their sources.</summary>
internal static class CatalogCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("catalog", "List catalog entries (GPUs, prices, video models, video API prices, GPU purchase prices) with their sources.");
        foreach (var kind in Enum.GetValues<CatalogKind>())
        {
            command.Subcommands.Add(Sub(io, kind));
        }

        return command;
    }

    private static Command Sub(CliIo io, CatalogKind kind)
    {
        var catalogDir = new Option<string?>("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };
        var format = new Option<string>("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        var provider = new Option<string?>("--provider") { Description = "Only this provider (prices)" };
        var gpu = new Option<string?>("--gpu") { Description = "Only this GPU (prices)" };
        var name = kind.ToString().ToLowerInvariant();
        var command = new Command(name, $"List {name} with sources") { catalogDir, format };
        if (kind == CatalogKind.Prices)
        {
            command.Options.Add(provider);
            command.Options.Add(gpu);
        }

        command.SetAction(p => Run(io, kind, p.GetValue(catalogDir), p.GetValue(format)!, p.GetValue(provider), p.GetValue(gpu)));
        return command;
    }

    private static int Run(CliIo io, CatalogKind kind, string? dir, string formatText, string? provider, string? gpuName)
    {
        var errors = new List<string>();
        var format = Parse.Format(formatText, errors, "table", "json");
        var (catalog, catalogErrors) = Loading.Catalog(dir);
        errors.AddRange(catalogErrors.Select(e => e.ToString()));
        string? gpuId = null;
        if (gpuName is not null && catalogErrors.Count == 0)
        {
            var found = catalog.FindGpu(gpuName);
            gpuId = found.Value?.Id;
            if (gpuId is null)
            {
                errors.Add("--gpu: " + found.NotFoundMessage("GPU", gpuName, "iwall catalog gpus"));
            }
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        var rows = kind switch
        {
            CatalogKind.Gpus => catalog.Gpus.Select(GpuRow).ToList(),
            CatalogKind.Models => catalog.Models.Select(ModelRow).ToList(),
            CatalogKind.Apis => catalog.Apis.Select(ApiRow).ToList(),
            CatalogKind.Hardware => catalog.Hardware.Select(HardwareRow).ToList(),
            _ => catalog.Prices
                .Where(p => provider is null || string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase))
                .Where(p => gpuId is null || p.GpuId == gpuId)
                .Select(PriceRow).ToList(),
        };
        if (format == "json")
        {
            io.WriteLegacyJson(rows);
            return ExitCodes.Ok;
        }

        var console = io.Console();
        var table = new Table().Border(TableBorder.Rounded).Title($"{kind.ToString().ToLowerInvariant()} ({rows.Count})");
        if (rows.Count > 0)
        {
            foreach (var column in rows[0].Keys)
            {
                var header = new TableColumn(Markup.Escape(Labels.GetValueOrDefault(column, column)));
                table.AddColumn(column is "source" or "notes" ? header : header.NoWrap());
            }

            foreach (var row in rows)
            {
                table.AddRow(row.Select(kv => Markup.Escape(Cell(kv.Key, kv.Value))).ToArray());
            }
        }

        console.Write(table);
        return ExitCodes.Ok;
    }

    /// <summary>Table headers with units; JSON keeps the snake_case keys.</summary>
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["bf16_dense_tflops"] = "BF16 (TFLOP/s)",
        ["fp8_dense_tflops"] = "FP8 (TFLOP/s)",
        ["memory_gb"] = "memory (GB)",
        ["memory_bandwidth_tbps"] = "mem BW (TB/s)",
        ["gpu_link_gbps"] = "GPU link (GB/s)",
        ["board_power_w"] = "power (W)",
        ["params_b"] = "params (B)",
        ["usd_per_gpu_hour"] = "$/GPU-hour",
        ["duration_s"] = "clip (s)",
        ["price_usd"] = "price ($)",
        ["usd_per_second"] = "$/video-second",
        ["vae_t_s"] = "VAE t×s",
        ["text_tokens"] = "text tokens",
        ["usd_per_gpu_low"] = "$/GPU low",
        ["usd_per_gpu_high"] = "$/GPU high",
    };

    /// <summary>A table cell: full numbers; long sources shortened in the table only (the JSON has them whole).</summary>
    private static string Cell(string key, object? v) => v switch
    {
        null => "—",
        double d => Fmt.Sig(d),
        string s when key is "source" or "notes" && s.Length > 70 => s[..67] + "...",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static Dictionary<string, object?> GpuRow(Gpu g) => new()
    {
        ["id"] = g.Id,
        ["family"] = g.Family,
        ["bf16_dense_tflops"] = g.Bf16DenseFlopsPerSecond / Units.Tera,
        ["fp8_dense_tflops"] = g.Fp8DenseFlopsPerSecond / Units.Tera,
        ["memory_gb"] = g.MemoryBytes / Units.Giga,
        ["memory_bandwidth_tbps"] = g.MemoryBandwidthBytesPerSecond / Units.Tera,
        ["gpu_link_gbps"] = g.GpuLinkBandwidthBytesPerSecond / Units.Giga,
        ["board_power_w"] = g.BoardPowerWatts,
        ["confidence"] = g.Confidence,
        ["as_of"] = g.Provenance.AsOf,
        ["source"] = g.Provenance.Source,
    };

    private static Dictionary<string, object?> ModelRow(VideoModel m) => new()
    {
        ["id"] = m.Id,
        ["params_b"] = m.TransformerParameters / Units.Giga,
        ["layers"] = m.Layers,
        ["width"] = m.AttentionWidth,
        ["attention"] = m.AttentionKind == AttentionKind.Joint ? "joint" : "cross",
        ["text_tokens"] = m.TextTokens,
        ["vae_t_s"] = $"{m.VaeTemporalCompression}×{m.VaeSpatialCompression}",
        ["patch"] = $"{m.PatchT}×{m.PatchH}×{m.PatchW}",
        ["steps"] = m.DefaultSteps,
        ["cfg"] = m.UsesCfg,
        ["as_of"] = m.Provenance.AsOf,
        ["source"] = m.Provenance.Source,
    };

    private static Dictionary<string, object?> PriceRow(GpuPrice p) => new()
    {
        ["provider"] = p.Provider,
        ["sku"] = p.Sku,
        ["gpu"] = p.GpuId,
        ["class"] = EstimateCommand.ClassName(p.CapacityClass),
        ["pricing_model"] = p.PricingModel,
        ["usd_per_gpu_hour"] = p.UsdPerGpuHour,
        ["region"] = p.Region,
        ["notes"] = p.Notes,
        ["as_of"] = p.Provenance.AsOf,
        ["source"] = p.Provenance.Source,
    };

    private static Dictionary<string, object?> HardwareRow(HardwareCost h) => new()
    {
        ["gpu"] = h.GpuId,
        ["usd_per_gpu_low"] = h.UsdPerGpuLow,
        ["usd_per_gpu_high"] = h.UsdPerGpuHigh,
        ["basis"] = h.Basis,
        ["as_of"] = h.Provenance.AsOf,
        ["source"] = h.Provenance.Source,
    };

    private static Dictionary<string, object?> ApiRow(VideoApiPrice a) => new()
    {
        ["provider"] = a.Provider,
        ["model"] = a.Model,
        ["resolution"] = a.Resolution,
        ["duration_s"] = a.DurationSeconds,
        ["price_usd"] = a.PriceUsd,
        ["unit"] = a.PriceUnit,
        ["usd_per_second"] = a.UsdPerSecond,
        ["as_of"] = a.Provenance.AsOf,
        ["source"] = a.Provenance.Source,
    };
}
