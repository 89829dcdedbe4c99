using System.Globalization;
using InferenceWall.Application.Jobs;
using InferenceWall.Core.Problems;
using InferenceWall.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InferenceWall.Web;

/// <summary>Cluster jobs (issue 12): their rows in the run store, newest first, and a stop asked for.</summary>
internal static class JobEndpoints
{
    /// <summary>The most jobs one list answers.</summary>
    public const int MaxLimit = 1000;

    public static void Map(WebApplication app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("jobs");
        jobs.MapGet("/", List).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("Cluster jobs newest first (?limit=1..1000, default 50): chunks done, resumed from the store, retried, workers alive, status.");
        jobs.MapPost("/{key}/cancel", Cancel).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Asks a running cluster job to stop (202): its coordinator cancels every worker's share within about a second.");
    }

    private static async Task<IResult> List(HttpContext context, IRunStore store)
    {
        var q = context.Request.Query;
        var problems = Query.Unknown(q, "limit");
        var limit = 50;
        if (Query.Text(q, "limit") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            problems.Add(Problem.BadInput("limit", $"'{text}' is not a whole number from 1 to {MaxLimit:N0}", $"give 1 to {MaxLimit:N0}, or leave it out for 50"));
        }

        if (problems.Count > 0)
        {
            return ApiJson.Problems(problems, StatusCodes.Status400BadRequest);
        }

        var list = store is IJobLedger ledger ? await ledger.ListJobsAsync(limit, context.RequestAborted).ConfigureAwait(false) : [];
        return ApiJson.Text(ApiJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("jobs");
            foreach (var j in list)
            {
                w.WriteStartObject();
                w.WriteString("key", j.Key);
                w.WriteString("kind", j.Kind);
                w.WriteString("cluster", j.Cluster);
                w.WriteString("status", JobWords.Word(j.Status));
                w.WriteNumber("total", j.Total);
                w.WriteNumber("chunk_size", j.ChunkSize);
                w.WriteNumber("chunks", j.Chunks);
                w.WriteNumber("chunks_done", j.ChunksDone);
                w.WriteNumber("resumed", j.Resumed);
                w.WriteNumber("retried", j.Retried);
                w.WriteNumber("workers", j.Workers);
                w.WriteBoolean("cancel_requested", j.CancelRequested);
                w.WriteString("started_at", j.StartedAt);
                w.WriteString("updated_at", j.UpdatedAt);
                if (j.FinishedAt is { } f)
                {
                    w.WriteString("finished_at", f);
                }
                else
                {
                    w.WriteNull("finished_at");
                }

                w.WriteString("detail", j.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> Cancel(string key, IRunStore store)
    {
        if (key.Length is 0 or > 128 || key.Any(c => !char.IsAsciiHexDigitLower(c)))
        {
            return ApiJson.Problem("not-found", StatusCodes.Status404NotFound, Problem.NotFound("key", $"'{(key.Length > 40 ? key[..40] + "…" : key)}' is not a job key", "take a key from GET /api/jobs"));
        }

        return store is IJobLedger ledger && await ledger.RequestCancelAsync(key, CancellationToken.None).ConfigureAwait(false)
            ? ApiJson.Text(ApiJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("key", key);
                w.WriteBoolean("cancel_requested", true);
                w.WriteEndObject();
            }), StatusCodes.Status202Accepted)
            : ApiJson.Problem("not-found", StatusCodes.Status404NotFound, Problem.NotFound("key", $"no running job has the key {key}", "take a running job's key from GET /api/jobs"));
    }
}
