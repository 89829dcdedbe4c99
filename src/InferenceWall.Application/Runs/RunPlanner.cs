using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using InferenceWall.Application.CapacitySearch;
using InferenceWall.Application.Case;
using InferenceWall.Application.Economics;
using InferenceWall.Application.Estimate;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Application.Optimize;
using InferenceWall.Application.Sensitivity;
using InferenceWall.Application.Simulate;
using InferenceWall.Application.Sweep;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Runs;

/// <summary>
/// Checks a submission before anything is computed or stored: the kind, the scenario (shape, types and ranges, with
/// line and column), the options (every unknown field, every wrong type) and the label. Problems the use case finds
/// only while computing (a sweep field that does not exist, say) come back from <see cref="RunExecutor"/>.
/// </summary>
public static class RunPlanner
{
    public const int MaxLabelChars = 200;

    public const string DefaultScenarioName = "scenario.yaml";

    public const int MaxScenarioNameChars = 255;

    public static Outcome<RunPlan> Plan(RunSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var problems = new List<Problem>();
        RunKind? kind = null;
        if (string.IsNullOrWhiteSpace(submission.Kind))
        {
            problems.Add(Problem.BadInput("kind", "is missing", "write one of " + RunWords.Kind.Allowed));
        }
        else if (RunWords.Kind.TryParse(submission.Kind, out var parsed))
        {
            kind = parsed;
        }
        else
        {
            problems.Add(Problem.BadInput("kind", $"'{submission.Kind}' is not {RunWords.Kind.WithArticle}", "write one of " + RunWords.Kind.Allowed));
        }

        var label = Label(submission.Label, problems);
        if (submission.ScenarioName is { } name && (name.Length > MaxScenarioNameChars || name.Any(char.IsControl)))
        {
            problems.Add(Problem.BadInput("scenario_name", $"must be one line of at most {MaxScenarioNameChars} characters with no control characters",
                "give a file name such as startup.yaml"));
        }

        if (submission.ScenarioYaml is { } text && text.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add(Problem.BadInput("scenario_yaml", "contains a NUL character", "send the scenario as plain text"));
            return Outcome<RunPlan>.Fail(problems);
        }

        if (kind is null)
        {
            return Outcome<RunPlan>.Fail(problems);
        }

        var options = submission.Options ?? [];
        if (options.ContainsKey("scenario"))
        {
            problems.Add(Problem.BadInput("options.scenario", "the scenario is not an option", "send the scenario's text as scenario_yaml"));
            return Outcome<RunPlan>.Fail(problems);
        }

        var takesScenario = kind is not (RunKind.Estimate or RunKind.Case);
        ScenarioSource? scenario = null;
        Scenario? loadedScenario = null;
        if (!takesScenario && submission.ScenarioYaml is not null)
        {
            problems.Add(Problem.BadInput("scenario_yaml", $"a {RunWords.Kind.Word(kind.Value)} run takes no scenario", "leave scenario_yaml out"));
        }
        else if (takesScenario && submission.ScenarioYaml is { } yaml)
        {
            scenario = new ScenarioSource(string.IsNullOrWhiteSpace(submission.ScenarioName) ? DefaultScenarioName : submission.ScenarioName, yaml);
            var loaded = scenario.Load();
            problems.AddRange(loaded.Problems);
            loadedScenario = loaded.Value;
        }
        else if (takesScenario && !(kind == RunKind.Simulate && options["mmc"] is JsonValue mmc && mmc.TryGetValue<bool>(out var isMmc) && isMmc))
        {
            problems.Add(Problem.BadInput("scenario_yaml", "is missing", $"send the scenario's YAML text; a {RunWords.Kind.Word(kind.Value)} run needs one"));
        }

        var request = Request(kind.Value, options, scenario, problems);
        if (problems.Count > 0 || request is null)
        {
            return Outcome<RunPlan>.Fail(problems.Count > 0 ? problems : [Problem.BadInput("options", "could not be read")]);
        }

        return Outcome<RunPlan>.Ok(new RunPlan
        {
            Kind = kind.Value,
            Label = label,
            Scenario = scenario,
            Loaded = loadedScenario,
            ScenarioSha256 = scenario is null ? null : Sha256(scenario.Yaml),
            OptionsJson = request.Value.Json,
            Seed = Seed(request.Value.Request),
            RunsLong = RunsLong(request.Value.Request),
            Request = request.Value.Request,
        });
    }

    /// <summary>
    /// The plan of a request a front end has already built and checked (the CLI's <c>--save</c>): its kind, scenario
    /// and options as a submission of it would give.
    /// </summary>
    public static RunPlan Of(object request, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (kind, scenario, json) = request switch
        {
            EstimateRequest r => (RunKind.Estimate, null, RequestJson.Write(r)),
            CaseRequest r => (RunKind.Case, null, RequestJson.Write(r)),
            EconomicsRequest r => (RunKind.Economics, r.Scenario, RequestJson.Write(r)),
            SimulateRequest r => (RunKind.Simulate, r.Scenario, RequestJson.Write(r)),
            SweepRequest r => (RunKind.Sweep, r.Scenario, RequestJson.Write(r)),
            SensitivityRequest r => (RunKind.Sensitivity, r.Scenario, RequestJson.Write(r)),
            MonteCarloRequest r => (RunKind.MonteCarlo, r.Scenario, RequestJson.Write(r)),
            OptimizeRequest r => (RunKind.Optimize, r.Scenario, RequestJson.Write(r)),
            CapacitySearchRequest r => (RunKind.CapacitySearch, r.Scenario, RequestJson.Write(r)),
            _ => throw new ArgumentException($"{request.GetType().Name} is not the request of a run kind", nameof(request)),
        };
        var options = JsonNode.Parse(json)!.AsObject();
        options.Remove("scenario");
        return new RunPlan
        {
            Kind = kind,
            Label = string.IsNullOrWhiteSpace(label) ? null : label.Trim(),
            Scenario = scenario,
            Loaded = scenario?.Load().Value,
            ScenarioSha256 = scenario is null ? null : Sha256(scenario.Yaml),
            OptionsJson = options.ToJsonString(ContractJson.Options),
            Seed = Seed(request),
            RunsLong = RunsLong(request),
            Request = request,
        };
    }

    /// <summary>SHA-256 of a text's UTF-8 bytes, lower-case hex.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A label checked (length, one line) and trimmed; null for none or blank. Problems go under <c>label</c>.</summary>
    public static string? Label(string? label, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (label is null)
        {
            return null;
        }

        if (label.Length > MaxLabelChars)
        {
            problems.Add(Problem.LimitExceeded("label", $"is {label.Length:N0} characters, more than the limit of {MaxLabelChars}", "shorten it"));
        }
        else if (label.Any(char.IsControl))
        {
            problems.Add(Problem.BadInput("label", "contains a control character (a line break, a tab)", "write it on one line"));
        }

        return string.IsNullOrWhiteSpace(label) ? null : label.Trim();
    }

    private static (object Request, string Json)? Request(RunKind kind, JsonObject options, ScenarioSource? scenario, List<Problem> problems)
    {
        return kind switch
        {
            RunKind.Estimate => Read<EstimateRequest>(options, scenario, problems),
            RunKind.Case => Read<CaseRequest>(options, scenario, problems),
            RunKind.Economics => Read<EconomicsRequest>(options, scenario, problems),
            RunKind.Simulate => Read<SimulateRequest>(options, scenario, problems),
            RunKind.Sweep => Read<SweepRequest>(options, scenario, problems),
            RunKind.Sensitivity => Read<SensitivityRequest>(options, scenario, problems),
            RunKind.MonteCarlo => Read<MonteCarloRequest>(options, scenario, problems),
            RunKind.Optimize => Read<OptimizeRequest>(options, scenario, problems),
            _ => Read<CapacitySearchRequest>(options, scenario, problems),
        };
    }

    private static (object Request, string Json)? Read<T>(JsonObject options, ScenarioSource? scenario, List<Problem> problems)
        where T : class
    {
        var body = (JsonObject)options.DeepClone();
        // The scenario travels beside the options; a placeholder satisfies the request's required member when the
        // scenario is missing (that problem is already reported).
        if (typeof(T).GetProperty("Scenario") is not null)
        {
            body["scenario"] = new JsonObject { ["name"] = scenario?.Name ?? DefaultScenarioName, ["yaml"] = scenario?.Yaml ?? string.Empty };
        }

        var request = RequestJson.Read<T>(body, "options", problems);
        if (request is null)
        {
            return null;
        }

        var json = JsonNode.Parse(RequestJson.Write(request))!.AsObject();
        json.Remove("scenario");
        if (scenario is null && typeof(T).GetProperty("Scenario") is not null && request is SimulateRequest or CapacitySearchRequest)
        {
            request = request switch
            {
                SimulateRequest s => (T)(object)(s with { Scenario = null }),
                CapacitySearchRequest c => (T)(object)(c with { Scenario = null }),
                _ => request,
            };
        }

        return (request, json.ToJsonString(ContractJson.Options));
    }

    private static ulong? Seed(object request) => request switch
    {
        EconomicsRequest { Simulate: true } e => e.Seed,
        SimulateRequest s => s.Seed,
        MonteCarloRequest m => m.Seed,
        CapacitySearchRequest c => c.Seed,
        _ => null,
    };

    private static bool RunsLong(object request) => request switch
    {
        EstimateRequest or CaseRequest => false,
        EconomicsRequest e => e.Simulate,
        _ => true,
    };
}
