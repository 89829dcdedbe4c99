using System.Globalization;
using System.Text.Json;
using InferenceWall.Application.Json;
using InferenceWall.Application.Runs;

namespace InferenceWall.Storage;

/// <summary>
/// The JSON of stored runs, one shape for the HTTP API and <c>iwall runs … --format json</c>: the history, a history
/// item, a whole run (with its result embedded as the stored JSON, byte for byte, not re-serialized) and the export
/// (the run plus the frozen catalog and calibration, enough to re-compute it anywhere).
/// </summary>
public static class RunJson
{
    /// <summary>The export's format word.</summary>
    public const string ExportFormat = "inferencewall-run/1";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = ContractJson.Options.Encoder };

    /// <summary><c>{"runs":[…],"next_before":N|null}</c>.</summary>
    public static string List(IReadOnlyList<RunListItem> items, int limit) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("runs");
        foreach (var item in items)
        {
            Item(w, item);
        }

        w.WriteEndArray();
        if (items.Count >= limit && items.Count > 0)
        {
            w.WriteNumber("next_before", items[^1].Id);
        }
        else
        {
            w.WriteNull("next_before");
        }

        w.WriteEndObject();
    });

    public static string Item(RunListItem item) => Write(w => Item(w, item));

    /// <summary>The history item of a stored run.</summary>
    public static RunListItem ItemOf(StoredRun run) => new()
    {
        Id = run.Id,
        Kind = run.Kind,
        Status = run.Status,
        Label = run.Label,
        ScenarioTitle = run.ScenarioTitle,
        ScenarioSha256 = run.ScenarioSha256,
        Seed = run.Seed,
        EngineVersion = run.Provenance.EngineVersion,
        CreatedAt = run.CreatedAt,
        FinishedAt = run.FinishedAt,
        Progress = run.Progress,
        Summary = run.Summary,
    };

    /// <summary>A whole run; <paramref name="export"/> adds the frozen catalog and calibration.</summary>
    public static string Run(StoredRun run, long? rerunOf = null, bool export = false) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("id", run.Id);
        if (rerunOf is { } of)
        {
            w.WriteNumber("rerun_of", of);
        }

        w.WriteString("kind", RunWords.Kind.Word(run.Kind));
        w.WriteString("status", RunWords.Status.Word(run.Status));
        Text(w, "label", run.Label);
        Text(w, "scenario_name", run.ScenarioName);
        Text(w, "scenario_title", run.ScenarioTitle);
        Text(w, "scenario_yaml", run.ScenarioYaml);
        Text(w, "scenario_sha256", run.ScenarioSha256);
        w.WritePropertyName("options");
        w.WriteRawValue(run.OptionsJson);
        Seed(w, run.Seed);
        Time(w, "created_at", run.CreatedAt);
        Time(w, "started_at", run.StartedAt);
        Time(w, "finished_at", run.FinishedAt);
        Number(w, "progress", run.Progress);
        w.WriteString("engine_version", run.Provenance.EngineVersion);
        w.WriteString("catalog_sha256", run.Provenance.CatalogSha256);
        w.WriteString("calibration_sha256", run.Provenance.CalibrationSha256);
        w.WritePropertyName("summary");
        w.WriteRawValue(ContractJson.Serialize(run.Summary));
        Raw(w, "result", run.ResultJson, "null");
        Raw(w, "problems", run.ProblemsJson, "[]");
        Raw(w, "used_catalog", run.Provenance.UsedCatalogJson, "null");
        if (export)
        {
            // The shape of `iwall runs export` (Storage.RunViews.Export): enough to re-compute the run anywhere.
            w.WriteString("format", ExportFormat);
            Raw(w, "frozen_catalog", run.Provenance.CatalogJson, "null");
            Raw(w, "frozen_calibration", run.Provenance.CalibrationJson, "null");
        }

        w.WriteEndObject();
    });

    /// <summary>A run as one side of <see cref="RunDiff.Compare"/>.</summary>
    public static RunSide Side(StoredRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunSide(run.Id, run.Kind, run.ScenarioYaml, run.OptionsJson, run.ResultJson);
    }

    /// <summary>An object written with a writer of the contract's style (indented, relaxed escaping).</summary>
    public static string Write(Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            body(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Item(Utf8JsonWriter w, RunListItem item)
    {
        w.WriteStartObject();
        w.WriteNumber("id", item.Id);
        w.WriteString("kind", RunWords.Kind.Word(item.Kind));
        w.WriteString("status", RunWords.Status.Word(item.Status));
        Text(w, "label", item.Label);
        Text(w, "scenario_title", item.ScenarioTitle);
        Text(w, "scenario_sha256", item.ScenarioSha256);
        Seed(w, item.Seed);
        w.WriteString("engine_version", item.EngineVersion);
        Time(w, "created_at", item.CreatedAt);
        Time(w, "finished_at", item.FinishedAt);
        Number(w, "progress", item.Progress);
        w.WritePropertyName("summary");
        w.WriteRawValue(ContractJson.Serialize(item.Summary));
        w.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void Seed(Utf8JsonWriter w, ulong? seed)
    {
        if (seed is { } s)
        {
            w.WriteNumber("seed", s);
        }
        else
        {
            w.WriteNull("seed");
        }
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? at)
    {
        if (at is { } t)
        {
            w.WriteString(name, t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>A stored JSON text embedded as it is (validated as JSON by the writer); <paramref name="empty"/> when none.</summary>
    private static void Raw(Utf8JsonWriter w, string name, string? json, string empty)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(string.IsNullOrEmpty(json) ? empty : json);
    }
}
