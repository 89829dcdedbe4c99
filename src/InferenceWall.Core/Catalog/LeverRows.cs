using System.Globalization;
using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>levers.csv</c>: efficiency levers, each a typed change with its source, quality cost and combination rules.</summary>
internal static class LeverRows
{
    // measured_as is optional: a file written before it still parses.
    internal static readonly string[] Columns =
    [
        "id", "name", "kind", "value", "removes_cfg", "models", "min_steps", "excludes", "quality_metric", "quality_delta", "quality_note",
        "notes", "source", "as_of", "quote",
    ];

    public static IEnumerable<LeverSpec> Read(CsvRowReader r, CsvTable table)
    {
        foreach (var row in CatalogParser.Records(r, table, Columns))
        {
            var before = r.ErrorCount;
            var id = r.RequiredText(row, "id");
            var kind = r.Choice(row, "kind", Words.LeverKind);

            var value = r.Text(row, "value");
            var removesCfg = r.Boolean(row, "removes_cfg", required: false) ?? false;
            var minSteps = r.Integer(row, "min_steps", required: false, min: 1);
            var measuredAs = r.Text(row, "measured_as");
            if (measuredAs.Length > 0 && kind is not LeverKind.StepCache)
            {
                r.Error(row, "measured_as", "only a step_cache lever has a measured setting (the measurement format's step_cache word)");
            }
            var delta = r.Number(row, "quality_delta", required: false);
            var note = r.RequiredText(row, "quality_note");
            var provenance = CatalogParser.ReadProvenance(r, row);
            var spec = kind is { } kk ? Typed(r, row, kk, value) : null;
            if (removesCfg && kind is not LeverKind.Distill)
            {
                r.Error(row, "removes_cfg", "only a distill lever removes guidance with its steps; use a cfg_off lever for guidance alone");
            }

            if (id is null || spec is null || note is null || provenance is null || r.ErrorCount > before)
            {
                continue;
            }

            yield return spec with
            {
                Id = id,
                Name = r.Text(row, "name"),
                RemovesCfg = removesCfg,
                Models = CatalogParser.Aliases(r.Text(row, "models")),
                MinSteps = minSteps,
                MeasuredAs = measuredAs,
                Excludes = CatalogParser.Aliases(r.Text(row, "excludes")),
                QualityMetric = r.Text(row, "quality_metric"),
                QualityDelta = delta,
                QualityNote = note,
                Notes = r.Text(row, "notes"),
                Provenance = provenance,
            };
        }
    }

    /// <summary>The lever's typed value, or null with the problem reported against <c>value</c>.</summary>
    private static LeverSpec? Typed(CsvRowReader r, CsvRecord row, LeverKind kind, string value)
    {
        LeverSpec Of() => new() { Id = string.Empty, Kind = kind, Provenance = new Provenance(string.Empty, string.Empty, string.Empty) };
        LeverSpec? Bad(string message)
        {
            r.Error(row, "value", message);
            return null;
        }

        switch (kind)
        {
            case LeverKind.Gpu:
                return value.Length == 0 ? Bad("is empty; give the GPU id (gpus.csv)") : Of() with { Gpu = value };
            case LeverKind.Provider:
                return value == "cheapest" ? Of() : Bad($"'{value}' is not allowed; a provider lever takes 'cheapest' (the lowest on-demand $/GPU-hour the catalog has for the GPU)");
            case LeverKind.Capacity:
                return Words.Capacity.TryParse(value, out var c) && c != CapacityClass.OnDemand
                    ? Of() with { Capacity = c }
                    : Bad($"'{value}' is not allowed; a capacity lever takes spot or reserved");
            case LeverKind.Precision:
                return Words.Precision.TryParse(value, out var p) ? Of() with { Precision = p } : Bad($"'{value}' is not a precision; write one of {Words.Precision.Allowed}");
            case LeverKind.Distill:
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var steps) && steps is >= 1 and <= 1000
                    ? Of() with { Steps = steps }
                    : Bad($"'{value}' is not a step count; give the distilled variant's steps, a whole number from 1 to 1000");
            case LeverKind.Plan:
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var gpus) && gpus is >= 1 and <= Cost.CostLimits.MaxGpus
                    ? Of() with { Gpus = gpus }
                    : Bad($"'{value}' is not a GPU count; give the GPUs per clip of the plan, a whole number from 1 to {Cost.CostLimits.MaxGpus}");
            case LeverKind.Resolution:
                var parts = value.Split(':');
                return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var height) && height is >= 64 and <= Cost.CostLimits.MaxPixels
                    && parts[1].Length > 0
                    ? Of() with { GenerateHeightPixels = height, Upscaler = parts[1] }
                    : Bad($"'{value}' is not a resolution lever's value; write the height to generate at and the upscaler (upscalers.csv), for example 480:seedvr2-3b (heights 64 to {Cost.CostLimits.MaxPixels} px)");
            case LeverKind.Batching:
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var batch) && batch is >= 2 and <= Cost.CostLimits.MaxBatchSize
                    ? Of() with { Batch = batch }
                    : Bad($"'{value}' is not a batch size; give the clips one forward pass denoises together, a whole number from 2 to {Cost.CostLimits.MaxBatchSize}");
            case LeverKind.CfgOff:
            case LeverKind.Compile:
                return value.Length == 0 ? Of() : Bad($"'{value}': a {Words.LeverKind.Word(kind)} lever takes no value; leave it empty");
            case LeverKind.AttentionKernel:
                return Words.AttentionKernel.TryParse(value, out var kernel) && kernel != Cost.AttentionKernel.Default
                    ? Of() with { AttentionKernel = kernel }
                    : Bad($"'{value}' is not an attention kernel a lever can switch to; write one of fa2, fa3, sage2, cudnn");
            default:
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is > 0 and <= 1
                    ? Of() with { Share = share }
                    : Bad($"'{value}' is not a share in (0, 1]; give the {kind switch { LeverKind.StepCache => "share of steps the cache computes", LeverKind.Utilization => "share of paid GPU time spent generating", _ => "share of attention scores the method computes" }}, for example 0.5");
        }
    }
}
