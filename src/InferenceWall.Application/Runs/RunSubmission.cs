using System.Text.Json.Nodes;

namespace InferenceWall.Application.Runs;

/// <summary>
/// A run to compute and store, as a front end sends it: the kind, the scenario's YAML text (all kinds but
/// <c>estimate</c>, <c>case</c> and the M/M/c <c>simulate</c>), the kind's options (the fields of that use case's
/// request other than the scenario) and a label.
/// </summary>
public sealed record RunSubmission
{
    public string? Kind { get; init; }

    /// <summary>The scenario's YAML text.</summary>
    public string? ScenarioYaml { get; init; }

    /// <summary>The name problems in the scenario are reported against (a file name); default <c>scenario.yaml</c>.</summary>
    public string? ScenarioName { get; init; }

    /// <summary>The kind's options as a JSON object; null takes the use case's defaults.</summary>
    public JsonObject? Options { get; init; }

    /// <summary>A free-text label for the history (at most <see cref="RunPlanner.MaxLabelChars"/> characters).</summary>
    public string? Label { get; init; }
}
