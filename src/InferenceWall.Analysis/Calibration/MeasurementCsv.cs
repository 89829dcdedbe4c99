using System.Collections.Immutable;
using System.Text.RegularExpressions;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Input;
using InferenceWall.Core.Problems;
using InferenceWall.Core.Text;

namespace InferenceWall.Analysis.Calibration;

/// <summary>
/// Reads measurement files in the format of the calibration set (28 named columns, RFC 4180). Every problem
/// of every row is reported with its line and column; rows with problems are left out of the result.
/// Given a catalog, each row's <c>stack</c> must name one of its stacks (stacks.csv).
/// </summary>
public static partial class MeasurementCsv
{
    public static readonly ImmutableArray<string> Columns =
    [
        "id", "model", "task", "gpu", "gpu_as_published", "num_gpus", "ulysses", "ring", "cfg_parallel", "tensor_parallel", "parallel_known",
        "width", "height", "frames", "steps", "cfg", "precision", "offload", "step_cache", "attention_kernel", "compiled", "stack", "scope", "latency_s",
        "approximate", "peak_mem_gb", "source", "notes",
    ];

    private static readonly string[] Precisions = ["bf16", "fp16", "fp8", "fp8_weight", "int8", "fp4", "unknown"];

    public static (ImmutableArray<Measurement> Rows, IReadOnlyList<Problem> Errors) Parse(string source, string text, VideoCatalog? catalog = null)
    {
        var errors = new List<Problem>();
        var table = CsvTable.Parse(source, text, errors);
        var r = new CsvRowReader(table, errors);
        foreach (var column in table.Header.Where(h => !Columns.Contains(h)))
        {
            var nearest = NameMatcher.Nearest(column, Columns, 1);
            errors.Add(Problem.InText(source, 1, column, $"unknown column; did you mean '{nearest[0]}'? (the format is in docs/validation.md)"));
        }

        if (!r.RequireColumns(Columns))
        {
            return ([], errors);
        }

        var rows = ImmutableArray.CreateBuilder<Measurement>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rec in table.Records)
        {
            if (!r.CheckWidth(rec))
            {
                continue;
            }

            var before = errors.Count;
            var id = r.RequiredText(rec, "id");
            if (id is not null && !IdPattern().IsMatch(id))
            {
                r.Error(rec, "id", $"'{id}' may hold only letters, digits and '-'");
            }

            if (id is not null && ids.TryGetValue(id, out var firstLine))
            {
                r.Error(rec, "id", $"'{id}' repeats the id on line {firstLine}; ids must be unique");
            }
            else if (id is not null)
            {
                ids[id] = rec.Line;
            }

            var model = r.RequiredText(rec, "model");
            var task = OneOf(r, rec, "task", ["t2v", "i2v"]);
            var gpu = r.RequiredText(rec, "gpu");
            var numGpus = r.Integer(rec, "num_gpus", true, 1);
            var ulysses = r.Integer(rec, "ulysses", true, 1);
            var ring = r.Integer(rec, "ring", true, 1);
            var cfgParallel = r.Integer(rec, "cfg_parallel", true, 1);
            var tensorParallel = r.Integer(rec, "tensor_parallel", true, 1);
            var parallelKnown = r.Boolean(rec, "parallel_known", true);
            if (numGpus is { } n && ulysses is { } u && ring is { } g && cfgParallel is { } c && tensorParallel is { } t && (long)u * g * c * t != n)
            {
                r.Error(rec, "num_gpus", $"ulysses × ring × cfg_parallel × tensor_parallel = {(long)u * g * c * t}, but num_gpus is {n}; they must agree");
            }

            var width = r.Integer(rec, "width", true, 1);
            var height = r.Integer(rec, "height", true, 1);
            var frames = r.Integer(rec, "frames", true, 1);
            var steps = r.Integer(rec, "steps", false, 1);
            var cfgText = OneOf(r, rec, "cfg", ["true", "false", "unknown"]);
            var precision = OneOf(r, rec, "precision", Precisions);
            var offloadText = OneOf(r, rec, "offload", [.. MeasurementWords.Offload.Words]);
            MeasuredOffload? offload = MeasurementWords.Offload.TryParse(offloadText, out var parsedOffload) ? parsedOffload : null;
            var stepCache = r.RequiredText(rec, "step_cache");
            if (stepCache is not null && stepCache != "none" && !stepCache.StartsWith("other:", StringComparison.Ordinal)
                && !(stepCache.StartsWith("teacache:", StringComparison.Ordinal) && double.TryParse(stepCache.AsSpan(9), System.Globalization.CultureInfo.InvariantCulture, out _)))
            {
                r.Error(rec, "step_cache", $"'{stepCache}' is not none, teacache:<threshold> or other:<name>");
            }

            var kernel = r.RequiredText(rec, "attention_kernel");
            if (kernel is not null && !Words.AttentionKernel.Words.Contains(kernel) && !kernel.StartsWith("other:", StringComparison.Ordinal))
            {
                r.Error(rec, "attention_kernel", $"'{kernel}' is not {string.Join(", ", Words.AttentionKernel.Words)} or other:<name>");
            }

            var compiled = r.Boolean(rec, "compiled", true);
            var stack = r.RequiredText(rec, "stack");
            if (stack is not null && catalog is not null && !catalog.FindStack(stack).Found)
            {
                var near = catalog.FindStack(stack).Suggestions;
                r.Error(rec, "stack", $"unknown stack '{stack}'" + (near.Count > 0 ? $"; did you mean {string.Join(", ", near.Select(n => $"'{n}'"))}?" : string.Empty) +
                    $" The catalog's stacks.csv lists {string.Join(", ", catalog.Stacks.Select(s => s.Id))}");
            }
            var scopeText = OneOf(r, rec, "scope", [.. MeasurementWords.Scope.Words]);
            MeasurementScope? scope = MeasurementWords.Scope.TryParse(scopeText, out var parsedScope) ? parsedScope : null;
            var latency = r.Number(rec, "latency_s", false, 0, minExclusive: true);
            if (scope is { } s && s != MeasurementScope.MemoryOnly && latency is null && r.Text(rec, "latency_s").Length == 0)
            {
                r.Error(rec, "latency_s", $"is empty but scope is {scopeText}; give the latency in seconds");
            }

            if (scope == MeasurementScope.MemoryOnly && r.Text(rec, "latency_s").Length > 0)
            {
                r.Error(rec, "latency_s", "must be empty when scope is memory_only");
            }

            var approximate = r.Boolean(rec, "approximate", true);
            var peakMem = r.Number(rec, "peak_mem_gb", false, 0, minExclusive: true);
            if (errors.Count > before)
            {
                continue;
            }

            rows.Add(new Measurement
            {
                Line = rec.Line,
                Id = id!,
                Model = model!,
                Task = task!,
                Gpu = gpu!,
                GpuAsPublished = r.Text(rec, "gpu_as_published"),
                NumGpus = numGpus!.Value,
                Ulysses = ulysses!.Value,
                Ring = ring!.Value,
                CfgParallel = cfgParallel!.Value,
                TensorParallel = tensorParallel!.Value,
                ParallelKnown = parallelKnown!.Value,
                Width = width!.Value,
                Height = height!.Value,
                Frames = frames!.Value,
                Steps = steps,
                Cfg = cfgText switch { "true" => true, "false" => false, _ => null },
                Precision = precision!,
                Offload = offload!.Value,
                StepCache = stepCache!,
                AttentionKernel = kernel!,
                Compiled = compiled!.Value,
                Stack = stack!,
                Scope = scope!.Value,
                LatencySeconds = latency,
                Approximate = approximate!.Value,
                PeakMemoryGb = peakMem,
                Source = r.Text(rec, "source"),
                Notes = r.Text(rec, "notes"),
            });
        }

        return (rows.ToImmutable(), errors);
    }

    private static string? OneOf(CsvRowReader r, CsvRecord rec, string column, string[] allowed)
    {
        var text = r.Text(rec, column);
        if (allowed.Contains(text))
        {
            return text;
        }

        r.Error(rec, column, text.Length == 0
            ? $"is empty; write one of {string.Join(", ", allowed)}"
            : $"'{text}' is not allowed; write one of {string.Join(", ", allowed)}");
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex IdPattern();
}
