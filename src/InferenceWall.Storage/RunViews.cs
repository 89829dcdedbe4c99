using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InferenceWall.Application.Json;
using InferenceWall.Application.Runs;

namespace InferenceWall.Storage;

/// <summary>
/// The JSON of stored runs, one shape for the HTTP API and <c>iwall runs … --format json</c>: a history item, a whole
/// run (its <c>result</c> is the stored CLI JSON, embedded as JSON), and the export (the run plus its frozen catalog
/// and calibration, enough to re-compute it anywhere).
/// </summary>
public static class RunViews
{
    public static JsonObject Item(RunListItem run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new JsonObject
        {
            ["id"] = run.Id,
            ["kind"] = RunWords.Kind.Word(run.Kind),
            ["status"] = RunWords.Status.Word(run.Status),
            ["label"] = run.Label,
            ["scenario_title"] = run.ScenarioTitle,
            ["scenario_sha256"] = run.ScenarioSha256,
            ["seed"] = run.Seed,
            ["engine_version"] = run.EngineVersion,
            ["created_at"] = Time(run.CreatedAt),
            ["finished_at"] = Time(run.FinishedAt),
            ["progress"] = run.Progress,
            ["summary"] = Summary(run.Summary),
        };
    }

    public static JsonObject Full(StoredRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new JsonObject
        {
            ["id"] = run.Id,
            ["kind"] = RunWords.Kind.Word(run.Kind),
            ["status"] = RunWords.Status.Word(run.Status),
            ["label"] = run.Label,
            ["scenario_name"] = run.ScenarioName,
            ["scenario_title"] = run.ScenarioTitle,
            ["scenario_yaml"] = run.ScenarioYaml,
            ["scenario_sha256"] = run.ScenarioSha256,
            ["options"] = Parse(run.OptionsJson),
            ["seed"] = run.Seed,
            ["created_at"] = Time(run.CreatedAt),
            ["started_at"] = Time(run.StartedAt),
            ["finished_at"] = Time(run.FinishedAt),
            ["progress"] = run.Progress,
            ["engine_version"] = run.Provenance.EngineVersion,
            ["catalog_sha256"] = run.Provenance.CatalogSha256,
            ["calibration_sha256"] = run.Provenance.CalibrationSha256,
            ["summary"] = Summary(run.Summary),
            ["result"] = Parse(run.ResultJson),
            ["problems"] = Parse(run.ProblemsJson) ?? new JsonArray(),
            ["used_catalog"] = Parse(run.Provenance.UsedCatalogJson),
        };
    }

    /// <summary>The whole run with its frozen catalog files and calibration: <c>iwall runs export</c>, the dashboard's download.</summary>
    public static JsonObject Export(StoredRun run)
    {
        var full = Full(run);
        full["format"] = "inferencewall-run/1";
        full["frozen_catalog"] = Parse(run.Provenance.CatalogJson);
        full["frozen_calibration"] = Parse(run.Provenance.CalibrationJson);
        return full;
    }

    public static JsonObject Summary(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new JsonObject
        {
            ["cost_per_clip_usd"] = summary.CostPerClipUsd,
            ["gross_margin"] = summary.GrossMargin,
            ["p90_latency_s"] = summary.P90LatencyS,
            ["slo_attainment"] = summary.SloAttainment,
            ["daily_cost_usd"] = summary.DailyCostUsd,
            ["above_wall"] = summary.AboveWall,
        };
    }

    /// <summary>A run as one side of <see cref="RunDiff.Compare"/>.</summary>
    public static RunSide Side(StoredRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunSide(run.Id, run.Kind, run.ScenarioYaml, run.OptionsJson, run.ResultJson);
    }

    /// <summary>Indented contract JSON of a view.</summary>
    public static string Write(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(ContractJson.Options);
    }

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
