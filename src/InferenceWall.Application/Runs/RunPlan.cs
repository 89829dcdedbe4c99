using InferenceWall.Core.Economics;

namespace InferenceWall.Application.Runs;

/// <summary>
/// A checked submission, ready to compute: the kind, the scenario, the use case's request (typed, and as the
/// contract's JSON, which is what a stored run keeps) and whether it is long enough to run in the background.
/// </summary>
public sealed record RunPlan
{
    public required RunKind Kind { get; init; }
    public string? Label { get; init; }

    /// <summary>The scenario's name and text; null for kinds that take none.</summary>
    public ScenarioSource? Scenario { get; init; }

    /// <summary>The scenario's name as written inside it (<c>name:</c>), for the history.</summary>
    public string? ScenarioTitle => Loaded?.Name;

    /// <summary>The scenario as read and checked (so provenance does not read it again); null for kinds that take none.</summary>
    public Scenario? Loaded { get; init; }

    /// <summary>SHA-256 of the scenario text (UTF-8), lower-case hex.</summary>
    public string? ScenarioSha256 { get; init; }

    /// <summary>The options as the contract's JSON (every field, defaults filled in; without the scenario).</summary>
    public required string OptionsJson { get; init; }

    /// <summary>The seed the run uses, where its kind takes one.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Monte Carlo, sweeps, sensitivity, optimize, capacity search and simulated days run in the background.</summary>
    public required bool RunsLong { get; init; }

    /// <summary>The use case's request, typed (one of the <c>XRequest</c> records).</summary>
    public required object Request { get; init; }
}
