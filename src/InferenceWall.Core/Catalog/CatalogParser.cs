using System.Collections.Immutable;
using InferenceWall.Core.Input;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Catalog;

/// <summary>
/// Builds a <see cref="VideoCatalog"/> from catalog files. Later files add entries or override earlier ones
/// with the same key (GPU id, model id, price SKU, API row), which is how <c>--catalog DIR</c> works.
/// Every problem in every file is reported, each with its file, line and column.
/// </summary>
public static class CatalogParser
{
    public static (VideoCatalog Catalog, IReadOnlyList<Problem> Errors) Parse(IEnumerable<CatalogFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<Problem>();
        var gpus = new Dictionary<string, Gpu>(StringComparer.OrdinalIgnoreCase);
        var models = new Dictionary<string, VideoModel>(StringComparer.OrdinalIgnoreCase);
        var prices = new Dictionary<string, GpuPrice>(StringComparer.OrdinalIgnoreCase);
        var apis = new Dictionary<string, VideoApiPrice>(StringComparer.OrdinalIgnoreCase);
        var hardware = new Dictionary<string, HardwareCost>(StringComparer.OrdinalIgnoreCase);
        var vaes = new Dictionary<string, VaeSpec>(StringComparer.OrdinalIgnoreCase);
        var vaeOrder = new List<string>();
        var hardwareOrder = new List<string>();
        var gpuOrder = new List<string>();
        var modelOrder = new List<string>();
        var priceOrder = new List<string>();
        var apiOrder = new List<string>();
        var stacks = new Dictionary<string, StackProfile>(StringComparer.OrdinalIgnoreCase);
        var stackOrder = new List<string>();
        var levers = new Dictionary<string, LeverSpec>(StringComparer.OrdinalIgnoreCase);
        var leverOrder = new List<string>();
        var upscalers = new Dictionary<string, UpscalerSpec>(StringComparer.OrdinalIgnoreCase);
        var upscalerOrder = new List<string>();

        foreach (var file in files)
        {
            var table = CsvTable.Parse(file.Source, file.Text, errors);
            var reader = new CsvRowReader(table, errors);
            switch (file.Kind)
            {
                case CatalogKind.Gpus:
                    Merge(GpuRows.Read(reader, table), g => g.Id, gpus, gpuOrder);
                    break;
                case CatalogKind.Models:
                    Merge(ModelRows.Read(reader, table), m => m.Id, models, modelOrder);
                    break;
                case CatalogKind.Prices:
                    Merge(PriceRows.Read(reader, table), p => $"{p.Provider}|{p.Service}|{p.Sku}|{p.GpuId}|{p.CapacityClass}|{p.PricingModel}|{p.Region}|{p.Provenance.AsOf}", prices, priceOrder);
                    break;
                case CatalogKind.Hardware:
                    Merge(HardwareRows.Read(reader, table), h => h.GpuId, hardware, hardwareOrder);
                    break;
                case CatalogKind.Stacks:
                    Merge(StackRows.Read(reader, table), s => s.Id, stacks, stackOrder);
                    break;
                case CatalogKind.Vaes:
                    Merge(VaeRows.Read(reader, table), v => v.Id, vaes, vaeOrder);
                    break;
                case CatalogKind.Levers:
                    Merge(LeverRows.Read(reader, table), l => l.Id, levers, leverOrder);
                    break;
                case CatalogKind.Upscalers:
                    Merge(UpscalerRows.Read(reader, table), u => u.Id, upscalers, upscalerOrder);
                    break;
                case CatalogKind.Apis:
                    Merge(ApiRows.Read(reader, table), a => $"{a.Provider}|{a.Model}|{a.Access}|{a.Mode}|{a.Resolution}|{a.DurationSeconds}|{a.Audio}|{a.PriceUnit}|{a.Provenance.AsOf}", apis, apiOrder);
                    break;
            }
        }

        var catalog = new VideoCatalog
        {
            Gpus = [.. gpuOrder.Select(k => gpus[k])],
            Models = [.. modelOrder.Select(k => models[k])],
            Prices = [.. priceOrder.Select(k => prices[k])],
            Apis = [.. apiOrder.Select(k => apis[k])],
            Hardware = [.. hardwareOrder.Select(k => hardware[k])],
            Stacks = [.. stackOrder.Select(k => stacks[k])],
            Vaes = [.. vaeOrder.Select(k => vaes[k])],
            Levers = [.. leverOrder.Select(k => levers[k])],
            Upscalers = [.. upscalerOrder.Select(k => upscalers[k])],
        };
        CheckReferences(catalog, errors);
        catalog = catalog with { Models = [.. catalog.Models.Select(m => ResolveVae(m, vaes, errors))] };
        return (catalog, errors);
    }

    private static void Merge<T>(IEnumerable<T> items, Func<T, string> key, Dictionary<string, T> into, List<string> order)
    {
        foreach (var item in items)
        {
            var k = key(item);
            if (!into.ContainsKey(k))
            {
                order.Add(k);
            }

            into[k] = item;
        }
    }

    private static void CheckReferences(VideoCatalog catalog, List<Problem> errors)
    {
        var ids = catalog.Gpus.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (gpu, what, file) in catalog.Prices.Select(p => (p.GpuId, $"price '{p.Sku}'", p.Provenance.File))
            .Concat(catalog.Hardware.Select(h => (h.GpuId, "hardware cost", h.Provenance.File)))
            .Concat(catalog.Upscalers.Select(u => (u.Gpu, $"upscaler '{u.Id}'", u.Provenance.File)))
            .Where(x => !ids.Contains(x.Item1)))
        {
            var nearest = Text.NameMatcher.Nearest(gpu, ids);
            errors.Add(Problem.InText(file, null, "gpu",
                $"{what} names GPU '{gpu}', which is not in the GPU catalog; did you mean {string.Join(", ", nearest)}?"));
        }

        // A lever names a GPU, models and other levers: each must be in the catalog.
        var models = catalog.Models.Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var leverIds = catalog.Levers.Select(l => l.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var lever in catalog.Levers)
        {
            var (file, line) = FileAndLine(lever.Provenance.File);
            void Unknown(string column, string what, string name, IEnumerable<string> known) => errors.Add(Problem.InText(file, line, column,
                $"lever '{lever.Id}' names {what} '{name}', which is not in the catalog; did you mean {string.Join(", ", Text.NameMatcher.Nearest(name, known))}?"));
            if (lever.Gpu is { } g && !ids.Contains(g))
            {
                Unknown("value", "GPU", g, ids);
            }

            if (lever.Upscaler is { } u && !catalog.Upscalers.Any(x => string.Equals(x.Id, u, StringComparison.OrdinalIgnoreCase)))
            {
                Unknown("value", "upscaler", u, catalog.Upscalers.Select(x => x.Id));
            }

            foreach (var m in lever.Models.Where(m => !models.Contains(m)))
            {
                Unknown("models", "model", m, models);
            }

            foreach (var x in lever.Excludes.Where(x => !leverIds.Contains(x)))
            {
                Unknown("excludes", "lever", x, leverIds);
            }
        }
    }

    /// <summary>The model with its VAE's decode work filled in from vaes.csv; an unknown VAE id is an error naming the known ones.</summary>
    private static VideoModel ResolveVae(VideoModel model, Dictionary<string, VaeSpec> vaes, List<Problem> errors)
    {
        if (model.VaeId.Length == 0)
        {
            return model;
        }

        if (vaes.TryGetValue(model.VaeId, out var vae))
        {
            return model with { VaeId = vae.Id, Vae = vae, VaeDecodeFlopsPerPixel = vae.DecodeFlopsPerPixel };
        }

        var (file, line) = FileAndLine(model.Provenance.File);
        var known = vaes.Count == 0 ? "vaes.csv has none" : "the known ids: " + string.Join(", ", vaes.Values.Select(v => v.Id).Order(StringComparer.Ordinal));
        errors.Add(Problem.InText(file, line, "vae", $"model '{model.Id}' names VAE '{model.VaeId}', which is not in the VAE catalog; {known}"));
        return model;
    }

    /// <summary>Splits a provenance's <c>file:line</c> back into the file and the line.</summary>
    private static (string File, int? Line) FileAndLine(string where)
    {
        var colon = where.LastIndexOf(':');
        return colon > 0 && int.TryParse(where.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line)
            ? (where[..colon], line)
            : (where, null);
    }

    /// <summary>
    /// The records of a catalog table to read: none when the header lacks a required column (each missing one reported),
    /// and without the records whose field count differs from the header's (each reported).
    /// </summary>
    internal static IEnumerable<CsvRecord> Records(CsvRowReader reader, CsvTable table, IEnumerable<string> columns) =>
        reader.RequireColumns(columns) ? table.Records.Where(reader.CheckWidth) : [];

    /// <summary>Splits a <c>;</c>-separated alias list.</summary>
    internal static ImmutableArray<string> Aliases(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    internal static Provenance? ReadProvenance(CsvRowReader reader, CsvRecord record)
    {
        var source = reader.RequiredText(record, "source");
        var asOf = reader.RequiredText(record, "as_of");
        if (asOf is not null && System.Text.RegularExpressions.Regex.IsMatch(asOf, @"^\d{4}-\d{1,2}(-\d{1,2})?$") && QuoteDate.Parse(asOf) is null)
        {
            // A date that is no date (2099-13-45) would silently lose to every dated quote.
            reader.Error(record, "as_of", $"'{asOf}' is not a calendar date; write YYYY-MM-DD");
            return null;
        }

        return source is null || asOf is null ? null : new Provenance(source, asOf, $"{reader.Source}:{record.Line}");
    }
}
