using System.CommandLine;
using System.Globalization;
using InferenceWall.Application.Catalog;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall catalog gpus|prices|models|apis|hardware|stacks|vaes</c>: list catalog entries with their sources.</summary>
internal static class CatalogCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("catalog", "List catalog entries (GPUs, prices, video models, video API prices, GPU purchase prices, inference stacks, VAEs) with their sources.");
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
        var provider = new Option<string?>("--provider") { Description = "Only this provider" };
        var gpu = new Option<string?>("--gpu") { Description = "Only this GPU (id or name)" };
        var name = CatalogUseCase.Name(kind);
        var command = new Command(name, $"List {name} with sources") { catalogDir, format };
        if (kind is CatalogKind.Prices or CatalogKind.Apis)
        {
            command.Options.Add(provider);
        }

        if (kind is CatalogKind.Prices or CatalogKind.Gpus or CatalogKind.Hardware)
        {
            command.Options.Add(gpu);
        }

        command.SetAction(p => Run(io, kind, p.GetValue(catalogDir), p.GetValue(format)!, p.GetValue(provider), p.GetValue(gpu)));
        return command;
    }

    private static string Flag(string path) => path.Length == 0 || path.StartsWith("--", StringComparison.Ordinal) ? path : "--" + path.Replace('_', '-');

    private static int Run(CliIo io, CatalogKind kind, string? dir, string formatText, string? provider, string? gpu)
    {
        var problems = new List<Problem>();
        var json = AnalysisOptions.FormatAt("format", formatText, problems, "table", "json") == "json";
        var engine = CliInputs.Engine(dir, null);
        if (engine.Value is not { } data)
        {
            return io.Problems([.. problems, .. engine.Problems], Flag);
        }

        var outcome = CatalogUseCase.Run(new CatalogRequest { Kind = kind, Provider = provider, Gpu = gpu }, data);
        if (problems.Count > 0 || outcome.Value is not { } response)
        {
            return io.Problems([.. problems, .. outcome.Problems.Select(p => p.Kind == ProblemKind.NotFound && p.Path == "gpu" ? p with { Fix = "list them with `iwall catalog gpus`" } : p)], Flag);
        }

        if (json)
        {
            switch (kind)
            {
                case CatalogKind.Gpus: io.WriteJson(response.Gpus); break;
                case CatalogKind.Models: io.WriteJson(response.Models); break;
                case CatalogKind.Apis: io.WriteJson(response.Apis); break;
                case CatalogKind.Hardware: io.WriteJson(response.Hardware); break;
                case CatalogKind.Stacks: io.WriteJson(response.Stacks); break;
                case CatalogKind.Vaes: io.WriteJson(response.Vaes); break;
                case CatalogKind.Levers: io.WriteJson(response.Levers); break;
                case CatalogKind.Upscalers: io.WriteJson(response.Upscalers); break;
                default: io.WriteJson(response.Prices); break;
            }

            return ExitCodes.Ok;
        }

        var table = kind switch
        {
            CatalogKind.Gpus => Listing.Of(response.Gpus, GpuColumns),
            CatalogKind.Models => Listing.Of(response.Models, ModelColumns),
            CatalogKind.Apis => Listing.Of(response.Apis, ApiColumns),
            CatalogKind.Hardware => Listing.Of(response.Hardware, HardwareColumns),
            CatalogKind.Stacks => Listing.Of(response.Stacks, StackColumns),
            CatalogKind.Vaes => Listing.Of(response.Vaes, VaeColumns),
            CatalogKind.Levers => Listing.Of(response.Levers, LeverColumns),
            CatalogKind.Upscalers => Listing.Of(response.Upscalers, UpscalerColumns),
            _ => Listing.Of(response.Prices, PriceColumns),
        };
        table.Render(io, CatalogUseCase.Name(kind));
        return ExitCodes.Ok;
    }

    private static string N(double? v) => v is { } d ? Fmt.Sig(d) : "—";

    private static string N(int? v) => v is { } i ? i.ToString(CultureInfo.InvariantCulture) : "—";

    private static string T(string s) => s.Length == 0 ? "—" : s;

    private static readonly Column<GpuEntry>[] GpuColumns =
    [
        new("id", g => g.Id), new("family", g => g.Family), new("BF16 (TFLOP/s)", g => N(g.Bf16DenseTflops)), new("FP8 (TFLOP/s)", g => N(g.Fp8DenseTflops)),
        new("memory (GB)", g => N(g.MemoryGb)), new("mem BW (TB/s)", g => N(g.MemoryBandwidthTbps)), new("GPU link (GB/s)", g => N(g.GpuLinkGbps)),
        new("power (W)", g => N(g.BoardPowerW)), new("confidence", g => T(g.Confidence)), new("as_of", g => g.AsOf), Column<GpuEntry>.Source(g => g.Source),
    ];

    private static readonly Column<ModelEntry>[] ModelColumns =
    [
        new("id", m => m.Id), new("params (B)", m => N(m.ParamsB)), new("layers", m => N(m.Layers)), new("width", m => N(m.Width)), new("heads", m => N(m.Heads)),
        new("attention", m => m.Attention), new("text tokens", m => N(m.TextTokens)), new("VAE t×s", m => m.VaeTS), new("patch", m => m.Patch),
        new("steps", m => N(m.Steps)), new("cfg", m => m.Cfg ? "True" : "False"), new("as_of", m => m.AsOf), Column<ModelEntry>.Source(m => m.Source),
    ];

    private static readonly Column<PriceEntry>[] PriceColumns =
    [
        new("provider", p => p.Provider), new("sku", p => p.Sku, Wrap: true), new("gpu", p => p.Gpu), new("GPUs", p => N(p.GpusPerInstance)),
        new("class", p => Words.Capacity.Word(p.Class)), new("pricing_model", p => p.PricingModel), new("$/GPU-hour", p => N(p.UsdPerGpuHour)),
        new("region", p => T(p.Region), Wrap: true), new("as_of", p => p.AsOf), Column<PriceEntry>.Note(p => p.Notes), Column<PriceEntry>.Source(p => p.Source),
    ];

    private static readonly Column<ApiEntry>[] ApiColumns =
    [
        new("provider", a => a.Provider, Wrap: true), new("model", a => a.Model, Wrap: true), new("resolution", a => T(a.Resolution), Wrap: true),
        new("clip (s)", a => N(a.DurationS)), new("price ($)", a => N(a.PriceUsd)), new("unit", a => a.Unit), new("$/video-second", a => N(a.UsdPerSecond)),
        new("as_of", a => a.AsOf), Column<ApiEntry>.Source(a => a.Source),
    ];

    private static readonly Column<VaeEntry>[] VaeColumns =
    [
        new("id", v => v.Id), new("name", v => T(v.Name), Wrap: true), new("decoder params (B)", v => N(v.DecoderParamsB)),
        new("decode (GFLOP/pixel)", v => N(v.DecodeGflopsPerPixel)), new("as_of", v => v.AsOf), Column<VaeEntry>.Note(v => v.Notes), Column<VaeEntry>.Source(v => v.Source),
    ];

    private static readonly Column<LeverEntry>[] LeverColumns =
    [
        new("id", l => l.Id), new("kind", l => l.Kind), new("value", l => T(l.Value)), new("models", l => T(string.Join(";", l.Models)), Wrap: true),
        new("min steps", l => N(l.MinSteps)), new("quality", l => l.QualityDelta is { } d ? $"{l.QualityMetric} {Fmt.Sig(d)}" : l.QualityNote, Wrap: true),
        new("as_of", l => l.AsOf), Column<LeverEntry>.Source(l => l.Source),
    ];

    private static readonly Column<UpscalerEntry>[] UpscalerColumns =
    [
        new("id", u => u.Id), new("name", u => T(u.Name), Wrap: true), new("params (B)", u => Fmt.Sig(u.ParamsB)), new("steps", u => N(u.Steps)),
        new("measured on", u => u.Gpu), new("output (px)", u => $"{u.OutputWidthPx}x{u.OutputHeightPx}"), new("frames", u => N(u.Frames)), new("time (s)", u => Fmt.Sig(u.Seconds)),
        new("quality", u => u.QualityNote, Wrap: true), new("as_of", u => u.AsOf), Column<UpscalerEntry>.Source(u => u.Source),
    ];

    private static readonly Column<HardwareEntry>[] HardwareColumns =
    [
        new("gpu", h => h.Gpu), new("$/GPU low", h => N(h.UsdPerGpuLow)), new("$/GPU high", h => N(h.UsdPerGpuHigh)), new("basis", h => T(h.Basis), Wrap: true),
        new("as_of", h => h.AsOf), Column<HardwareEntry>.Source(h => h.Source),
    ];

    private static readonly Column<StackEntry>[] StackColumns =
    [
        new("id", s => s.Id), new("name", s => T(s.Name), Wrap: true), new("compiles", s => s.Compiles ? "True" : "False"),
        new("parallel VAE", s => s.ParallelVae ? "True" : "False"), new("attention", s => s.AttentionKernel), new("as_of", s => s.AsOf),
        Column<StackEntry>.Note(s => s.Notes), Column<StackEntry>.Source(s => s.Source),
    ];

    /// <summary>
    /// A table column. Long free text (sources, notes) goes to a numbered list under the table, and the cell holds its
    /// number, so every source is printed in full whatever the terminal's width, piped or not.
    /// </summary>
    private sealed record Column<T>(string Header, Func<T, string> Cell, bool Wrap = false, string? Footnote = null)
    {
        public static Column<T> Source(Func<T, string> text) => new("source", text, Footnote: "S");

        public static Column<T> Note(Func<T, string> text) => new("notes", text, Footnote: "N");
    }

    /// <summary>The rows of one listing, rendered as a table followed by its numbered sources and notes.</summary>
    private sealed class Listing
    {
        private readonly List<string> _headers = [];
        private readonly List<bool> _wrap = [];
        private readonly List<string[]> _rows = [];
        private readonly List<(string Prefix, string Heading, List<string> Texts)> _footnotes = [];

        public static Listing Of<T>(IReadOnlyList<T> entries, Column<T>[] columns)
        {
            var listing = new Listing();
            var lists = new Dictionary<string, (List<string> Texts, Dictionary<string, int> Index)>(StringComparer.Ordinal);
            foreach (var c in columns)
            {
                listing._headers.Add(c.Header);
                listing._wrap.Add(c.Wrap);
                if (c.Footnote is { } prefix && !lists.ContainsKey(prefix))
                {
                    var texts = new List<string>();
                    lists[prefix] = (texts, new Dictionary<string, int>(StringComparer.Ordinal));
                    listing._footnotes.Add((prefix, prefix == "S" ? "sources" : c.Header, texts));
                }
            }

            foreach (var entry in entries)
            {
                listing._rows.Add([.. columns.Select(c =>
                {
                    var text = c.Cell(entry);
                    if (c.Footnote is not { } prefix)
                    {
                        return text;
                    }

                    if (string.IsNullOrWhiteSpace(text))
                    {
                        return "—";
                    }

                    var (texts, index) = lists[prefix];
                    if (!index.TryGetValue(text, out var n))
                    {
                        texts.Add(text);
                        n = texts.Count;
                        index[text] = n;
                    }

                    return $"[{prefix}{n}]";
                })]);
            }

            return listing;
        }

        public void Render(CliIo io, string title)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"{title} ({_rows.Count})");
            for (var i = 0; i < _headers.Count; i++)
            {
                var header = new TableColumn(Markup.Escape(_headers[i]));
                table.AddColumn(_wrap[i] ? header : header.NoWrap());
            }

            foreach (var row in _rows)
            {
                table.AddRow([.. row.Select(Markup.Escape)]);
            }

            io.Console().Write(table);

            // Written straight to the output, not through the console, so that no line is wrapped or cut.
            foreach (var (prefix, heading, texts) in _footnotes.Where(f => f.Texts.Count > 0))
            {
                io.Out.WriteLine($"{heading}:");
                for (var i = 0; i < texts.Count; i++)
                {
                    io.Out.WriteLine($"[{prefix}{i + 1}] {texts[i]}");
                }
            }
        }
    }
}
