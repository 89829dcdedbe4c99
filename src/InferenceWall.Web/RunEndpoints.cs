using System.Globalization;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Problems;
using InferenceWall.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InferenceWall.Web;

/// <summary>The stored runs: submit, list, read, export, cancel, delete, label, diff, re-run.</summary>
internal static class RunEndpoints
{
    public static void Map(WebApplication app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("runs");
        runs.MapPost("/", Submit)
            .WithMetadata(new RequestBodyType(typeof(RunSubmissionBody)))
            .Produces(StatusCodes.Status201Created, contentType: "application/json").Produces(StatusCodes.Status202Accepted, contentType: "application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests)
            .WithSummary("Stores a run: short kinds answer 201 with the stored run; long kinds 202 and run in the background (?wait=true waits, 201).");
        runs.MapGet("/", List).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("Runs newest first: ?kind=&status=&q=&scenario_sha256=&before=&limit= ; next_before is the next page's cursor.");
        runs.MapGet("/{id:long}", Get).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("A stored run whole: inputs, provenance, summary and result (the CLI's --format json of its kind).");
        runs.MapGet("/{id:long}/export", Export).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("The whole stored run as a JSON download, with its frozen catalog and calibration.");
        runs.MapPost("/{id:long}/cancel", Cancel).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Cancels a queued or running run (202); a finished run answers 409.");
        runs.MapDelete("/{id:long}", Delete).ProducesProblems(StatusCodes.Status404NotFound).WithSummary("Deletes a run (a run in flight is cancelled first).");
        runs.MapPut("/{id:long}/label", Label).WithMetadata(new RequestBodyType(typeof(LabelBody)))
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("Sets (a text) or clears (null) a run's label; answers the history item.");
        runs.MapGet("/{a:long}/diff/{b:long}", Diff).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Two stored runs compared: inputs by field path, outputs by delta.");
        runs.MapPost("/{id:long}/rerun", Rerun).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Re-runs a stored submission with today's catalog as a new run (201/202 as POST /api/runs, with rerun_of).");
    }

    private static async Task<IResult> Submit(HttpContext context, ServeOptions options, RunService service)
    {
        if (Wait(context, out var wait) is { } bad)
        {
            return bad;
        }

        var (body, error) = await RequestBody.ObjectAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        var problems = new List<Problem>();
        var submission = RunService.Read(body, problems);
        if (submission is null)
        {
            return ApiJson.Problems(problems, StatusCodes.Status400BadRequest);
        }

        return await service.SubmitAsync(context, submission, wait, rerunOf: null).ConfigureAwait(false);
    }

    private static async Task<IResult> List(HttpContext context, IRunStore store)
    {
        var q = context.Request.Query;
        var problems = Query.Unknown(q, "kind", "status", "q", "scenario_sha256", "before", "limit");
        RunKind? kind = null;
        RunStatus? status = null;
        if (Query.Text(q, "kind") is { } k)
        {
            var (value, problem) = RunWords.Kind.Parse("kind", k);
            kind = value;
            AddIf(problems, problem);
        }

        if (Query.Text(q, "status") is { } s)
        {
            var (value, problem) = RunWords.Status.Parse("status", s);
            status = value;
            AddIf(problems, problem);
        }

        var before = Whole(q, "before", 1, long.MaxValue, problems);
        var limit = Whole(q, "limit", 1, RunQuery.MaxLimit, problems) ?? new RunQuery().Limit;
        var text = Query.Text(q, "q");
        if (text is { Length: > RunPlanner.MaxLabelChars })
        {
            problems.Add(Problem.LimitExceeded("q", $"is {text.Length:N0} characters, more than the limit of {RunPlanner.MaxLabelChars}", "search for a shorter text"));
        }

        if (problems.Count > 0)
        {
            return ApiJson.Problems(problems, StatusCodes.Status400BadRequest);
        }

        var items = await store.ListAsync(new RunQuery
        {
            Kind = kind,
            Status = status,
            Text = text,
            ScenarioSha256 = Query.Text(q, "scenario_sha256"),
            BeforeId = before,
            Limit = (int)limit,
        }, context.RequestAborted).ConfigureAwait(false);
        return ApiJson.Text(RunJson.List(items, (int)limit));
    }

    private static async Task<IResult> Get(long id, HttpContext context, IRunStore store) =>
        await store.GetAsync(id, context.RequestAborted).ConfigureAwait(false) is { } run ? ApiJson.Text(RunJson.Run(run)) : RunService.NotFound(id);

    private static async Task<IResult> Export(long id, HttpContext context, IRunStore store)
    {
        if (await store.GetAsync(id, context.RequestAborted).ConfigureAwait(false) is not { } run)
        {
            return RunService.NotFound(id);
        }

        context.Response.Headers.ContentDisposition = $"attachment; filename=\"inferencewall-run-{id.ToString(CultureInfo.InvariantCulture)}.json\"";
        return ApiJson.Text(RunJson.Run(run, export: true));
    }

    private static async Task<IResult> Cancel(long id, HttpContext context, IRunStore store, RunWorkers workers)
    {
        if (await store.GetAsync(id, context.RequestAborted).ConfigureAwait(false) is not { } run)
        {
            return RunService.NotFound(id);
        }

        if (!RunWords.IsFinal(run.Status) && await workers.CancelAsync(id).ConfigureAwait(false))
        {
            var now = await store.GetAsync(id, CancellationToken.None).ConfigureAwait(false) ?? run;
            return ApiJson.Text(RunJson.Item(RunJson.ItemOf(now)), StatusCodes.Status202Accepted);
        }

        var latest = await store.GetAsync(id, CancellationToken.None).ConfigureAwait(false) ?? run;
        return ApiJson.Problem("conflict", StatusCodes.Status409Conflict, Problem.BadInput("id",
            $"run {id} is {RunWords.Status.Word(latest.Status)}; only a queued or running run can be cancelled", "nothing to cancel"));
    }

    private static async Task<IResult> Delete(long id, IRunStore store, RunWorkers workers)
    {
        if (workers.Finished(id) is { } finished && await workers.CancelAsync(id).ConfigureAwait(false))
        {
            await finished.ConfigureAwait(false);
        }

        return await store.DeleteAsync(id, CancellationToken.None).ConfigureAwait(false) ? Results.NoContent() : RunService.NotFound(id);
    }

    private static async Task<IResult> Label(long id, HttpContext context, ServeOptions options, IRunStore store)
    {
        var (body, error) = await RequestBody.ObjectAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        var problems = new List<Problem>();
        var fields = new BodyFields(body, problems);
        string? label = null;
        if (fields.Only("label"))
        {
            if (!fields.Has("label"))
            {
                problems.Add(Problem.BadInput("label", "is missing", "send {\"label\": \"…\"}, or {\"label\": null} to clear it"));
            }

            // The planner's rule for a label (length, one line), trimmed; blank clears it.
            label = RunPlanner.Label(fields.Text("label"), problems);
        }

        if (problems.Count > 0)
        {
            return ApiJson.Problems(problems, StatusCodes.Status400BadRequest);
        }

        if (!await store.SetLabelAsync(id, label, CancellationToken.None).ConfigureAwait(false)
            || await store.GetAsync(id, CancellationToken.None).ConfigureAwait(false) is not { } run)
        {
            return RunService.NotFound(id);
        }

        return ApiJson.Text(RunJson.Item(RunJson.ItemOf(run)));
    }

    private static async Task<IResult> Diff(long a, long b, HttpContext context, IRunStore store)
    {
        var ra = await store.GetAsync(a, context.RequestAborted).ConfigureAwait(false);
        var rb = await store.GetAsync(b, context.RequestAborted).ConfigureAwait(false);
        if (ra is null || rb is null)
        {
            var problems = new List<Problem>();
            if (ra is null)
            {
                problems.Add(Problem.NotFound("a", $"there is no run {a}", "list the runs with GET /api/runs"));
            }

            if (rb is null)
            {
                problems.Add(Problem.NotFound("b", $"there is no run {b}", "list the runs with GET /api/runs"));
            }

            return ApiJson.Problems(problems, StatusCodes.Status404NotFound);
        }

        var diff = RunDiff.Compare(Side(ra), Side(rb));
        return ApiJson.Contract(diff);
    }

    private static async Task<IResult> Rerun(long id, HttpContext context, IRunStore store, RunService service)
    {
        if (Wait(context, out var wait) is { } bad)
        {
            return bad;
        }

        if (await store.GetAsync(id, context.RequestAborted).ConfigureAwait(false) is not { } run)
        {
            return RunService.NotFound(id);
        }

        return await service.SubmitAsync(context, RunService.Resubmission(run), wait, rerunOf: id).ConfigureAwait(false);
    }

    private static RunSide Side(StoredRun run) => new(run.Id, run.Kind, run.ScenarioYaml, run.OptionsJson, run.ResultJson);

    /// <summary>The <c>wait</c> parameter (true or false) and no other; the problem details when it is malformed.</summary>
    private static IResult? Wait(HttpContext context, out bool wait)
    {
        wait = false;
        var q = context.Request.Query;
        var problems = Query.Unknown(q, "wait");
        if (Query.Text(q, "wait") is { } text)
        {
            if (text is "true" or "false")
            {
                wait = text == "true";
            }
            else
            {
                problems.Add(Problem.BadInput("wait", $"'{text}' is not true or false", "write ?wait=true or leave it out"));
            }
        }

        return problems.Count > 0 ? ApiJson.Problems(problems, StatusCodes.Status400BadRequest) : null;
    }

    private static long? Whole(IQueryCollection q, string name, long min, long max, List<Problem> problems)
    {
        if (Query.Text(q, name) is not { } text)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add(Problem.BadInput(name, $"'{text}' is not a whole number from {min:N0} to {max:N0}", $"write ?{name}=<number>"));
        return null;
    }

    private static void AddIf(List<Problem> problems, Problem? problem)
    {
        if (problem is not null)
        {
            problems.Add(problem);
        }
    }
}

/// <summary>The body of <c>POST /api/runs</c> (for the OpenAPI document; the server reads it field by field).</summary>
internal sealed record RunSubmissionBody(string Kind, string? ScenarioYaml, string? ScenarioName, Dictionary<string, object>? Options, string? Label);

/// <summary>The body of <c>PUT /api/runs/{id}/label</c>.</summary>
internal sealed record LabelBody(string? Label);
