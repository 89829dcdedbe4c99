using System.Text.Json.Nodes;
using InferenceWall.Application;
using InferenceWall.Application.Json;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Problems;
using InferenceWall.Storage;
using Microsoft.AspNetCore.Http;

namespace InferenceWall.Web;

/// <summary>
/// Submits runs: plans the submission (bad input is answered and nothing is stored), computes a short run and
/// stores it whole in one write before answering 201, or stores a long run as queued and hands it to the workers (202).
/// </summary>
internal sealed class RunService(IRunStore store, RunWorkers workers, ServeOptions options, EngineData data)
{
    /// <summary>The longest scenario name kept (a file name, never a path the server opens).</summary>
    public const int MaxScenarioNameChars = 200;

    /// <summary>Reads a submission body: <c>kind</c>, <c>scenario_yaml</c>, <c>scenario_name</c>, <c>options</c>, <c>label</c>.</summary>
    public static RunSubmission? Read(JsonObject body, List<Problem> problems)
    {
        var fields = new BodyFields(body, problems);
        if (!fields.Only("kind", "scenario_yaml", "scenario_name", "options", "label"))
        {
            return null;
        }

        var submission = new RunSubmission
        {
            Kind = fields.Text("kind"),
            ScenarioYaml = fields.Text("scenario_yaml"),
            ScenarioName = ScenarioName(fields.Text("scenario_name"), problems),
            Options = (JsonObject?)fields.Object("options")?.DeepClone(),
            Label = fields.Text("label"),
        };
        return problems.Count > 0 ? null : submission;
    }

    /// <summary>A scenario name as a bare file name (the last segment of anything path-like), within its limit.</summary>
    public static string? ScenarioName(string? name, List<Problem> problems)
    {
        if (name is null)
        {
            return null;
        }

        if (name.Length > MaxScenarioNameChars)
        {
            problems.Add(Problem.LimitExceeded("scenario_name", $"is {name.Length:N0} characters, more than the limit of {MaxScenarioNameChars}", "send the file's name only"));
            return null;
        }

        if (name.Any(char.IsControl))
        {
            problems.Add(Problem.BadInput("scenario_name", "contains a control character", "send the file's name only"));
            return null;
        }

        var cut = name.LastIndexOfAny(['/', '\\']);
        var bare = (cut >= 0 ? name[(cut + 1)..] : name).Trim();
        return bare.Length == 0 ? null : bare;
    }

    /// <summary>Plans, computes or queues, stores and answers a submission (201, 202 or problem details).</summary>
    public async Task<IResult> SubmitAsync(HttpContext context, RunSubmission submission, bool wait, long? rerunOf)
    {
        var planned = RunPlanner.Plan(submission);
        if (planned.Value is not { } plan)
        {
            return ApiJson.Problems(planned);
        }

        await workers.Ready.ConfigureAwait(false);
        var run = NewRun.From(plan, RunProvenance.Of(plan, data), options.Clock.GetUtcNow());
        if (!plan.RunsLong)
        {
            var outcome = RunExecutor.Execute(plan, data, null, options.Clock, context.RequestAborted);
            run = outcome.Value is { } answer
                ? run with { Status = RunStatus.Succeeded, ResultJson = answer.ResultJson, Summary = answer.Summary, FinishedAt = options.Clock.GetUtcNow() }
                : run with { Status = RunStatus.Failed, ProblemsJson = ContractJson.Serialize(outcome.Problems), FinishedAt = options.Clock.GetUtcNow() };

            // One write with the final status: acknowledged only once it is committed.
            var id = await store.AddAsync(run, CancellationToken.None).ConfigureAwait(false);
            return await CreatedAsync(context, id, rerunOf).ConfigureAwait(false);
        }

        if (!workers.TryReserve())
        {
            return ApiJson.Problems(
                [Problem.LimitExceeded(string.Empty, $"the background queue is full: its limit is {options.QueueCapacity:N0} runs waiting for a worker", "wait for some to finish, then submit again")],
                StatusCodes.Status429TooManyRequests);
        }

        long queued;
        try
        {
            queued = await store.AddAsync(run, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            workers.Release();
            throw;
        }

        var finished = workers.Enqueue(queued, plan);
        if (wait)
        {
            await finished.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            return await CreatedAsync(context, queued, rerunOf).ConfigureAwait(false);
        }

        context.Response.Headers.Location = RunAnswers.Link(queued);
        return ApiJson.Text(RunAnswers.Accepted(queued, plan.Kind, rerunOf), StatusCodes.Status202Accepted);
    }

    /// <summary>The stored submission of a run, to re-run it with today's catalog.</summary>
    public static RunSubmission Resubmission(StoredRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunSubmission
        {
            Kind = RunWords.Kind.Word(run.Kind),
            ScenarioYaml = run.ScenarioYaml,
            ScenarioName = run.ScenarioName,
            Options = JsonNode.Parse(run.OptionsJson) as JsonObject,
            Label = run.Label,
        };
    }

    private async Task<IResult> CreatedAsync(HttpContext context, long id, long? rerunOf)
    {
        var stored = await store.GetAsync(id, CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            // Deleted between the write and this read.
            return NotFound(id);
        }

        context.Response.Headers.Location = RunAnswers.Link(id);
        return ApiJson.Text(RunJson.Run(stored, rerunOf), StatusCodes.Status201Created);
    }

    public static IResult NotFound(long id, string path = "id") =>
        ApiJson.Problems([Problem.NotFound(path, $"there is no run {id}", "list the runs with GET /api/runs")], StatusCodes.Status404NotFound);
}
