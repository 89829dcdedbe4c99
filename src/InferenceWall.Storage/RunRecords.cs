using InferenceWall.Application.Runs;

namespace InferenceWall.Storage;

/// <summary>
/// A run to store: what makes it reproducible (kind, scenario text and hash, options, seed, frozen catalog and
/// calibration, engine version) and, for a run computed before it is stored, its result.
/// </summary>
public sealed record NewRun
{
    public required RunKind Kind { get; init; }

    /// <summary><see cref="RunStatus.Queued"/> for a background run; a final status for one computed already.</summary>
    public required RunStatus Status { get; init; }
    public string? Label { get; init; }

    /// <summary>The name the scenario's problems were reported against (a file name).</summary>
    public string? ScenarioName { get; init; }

    /// <summary>The scenario's own <c>name:</c>.</summary>
    public string? ScenarioTitle { get; init; }
    public string? ScenarioYaml { get; init; }
    public string? ScenarioSha256 { get; init; }

    /// <summary>The use case's request without the scenario, as the contract's JSON.</summary>
    public required string OptionsJson { get; init; }
    public ulong? Seed { get; init; }
    public required RunProvenance Provenance { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The response JSON (the CLI's <c>--format json</c>) of a succeeded run.</summary>
    public string? ResultJson { get; init; }

    /// <summary>The problems (contract JSON list) of a failed run.</summary>
    public string? ProblemsJson { get; init; }
    public RunSummary Summary { get; init; } = RunSummary.None;
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>A new run from a plan, with its result when it has one already.</summary>
    public static NewRun From(RunPlan plan, RunProvenance provenance, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new NewRun
        {
            Kind = plan.Kind,
            Status = RunStatus.Queued,
            Label = plan.Label,
            ScenarioName = plan.Scenario?.Name,
            ScenarioTitle = plan.ScenarioTitle,
            ScenarioYaml = plan.Scenario?.Yaml,
            ScenarioSha256 = plan.ScenarioSha256,
            OptionsJson = plan.OptionsJson,
            Seed = plan.Seed,
            Provenance = provenance,
            CreatedAt = createdAt,
        };
    }
}

/// <summary>How a run ended: its final status and its result or problems.</summary>
public sealed record RunFinish
{
    public required RunStatus Status { get; init; }
    public string? ResultJson { get; init; }
    public string? ProblemsJson { get; init; }
    public RunSummary Summary { get; init; } = RunSummary.None;
    public required DateTimeOffset FinishedAt { get; init; }
}

/// <summary>A stored run, whole.</summary>
public sealed record StoredRun
{
    public required long Id { get; init; }
    public required RunKind Kind { get; init; }
    public required RunStatus Status { get; init; }
    public string? Label { get; init; }
    public string? ScenarioName { get; init; }
    public string? ScenarioTitle { get; init; }
    public string? ScenarioYaml { get; init; }
    public string? ScenarioSha256 { get; init; }
    public required string OptionsJson { get; init; }
    public ulong? Seed { get; init; }
    public required RunProvenance Provenance { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Share done, 0 to 1, of a queued or running run (the last progress stored).</summary>
    public double? Progress { get; init; }
    public string? ResultJson { get; init; }
    public string? ProblemsJson { get; init; }
    public RunSummary Summary { get; init; } = RunSummary.None;
}

/// <summary>A run as the history lists it: no texts, the summary columns.</summary>
public sealed record RunListItem
{
    public required long Id { get; init; }
    public required RunKind Kind { get; init; }
    public required RunStatus Status { get; init; }
    public string? Label { get; init; }
    public string? ScenarioTitle { get; init; }
    public string? ScenarioSha256 { get; init; }
    public ulong? Seed { get; init; }
    public required string EngineVersion { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public double? Progress { get; init; }
    public RunSummary Summary { get; init; } = RunSummary.None;
}

/// <summary>Which runs to list: newest first, filtered, a page at a time (<see cref="BeforeId"/> is the cursor).</summary>
public sealed record RunQuery
{
    public const int MaxLimit = 1_000;

    public RunKind? Kind { get; init; }
    public RunStatus? Status { get; init; }

    /// <summary>Case-insensitive text in the label or the scenario's title.</summary>
    public string? Text { get; init; }

    /// <summary>Only runs of the scenario with this SHA-256.</summary>
    public string? ScenarioSha256 { get; init; }

    /// <summary>Only runs with an id below this (the next page after a page whose last id this is).</summary>
    public long? BeforeId { get; init; }

    /// <summary>1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 50;
}
