using InferenceWall.Application;
using InferenceWall.Application.Runs;

namespace InferenceWall.Storage.Tests;

/// <summary>Runs to store: one planned from a shipped scenario with the shipped catalog's real provenance.</summary>
internal static class Runs
{
    public const string ScenarioFile = "startup-720p-h100.yaml";

    private static readonly Lazy<(RunPlan Plan, RunProvenance Provenance)> Planned = new(() =>
    {
        var yaml = File.ReadAllText(RepoPaths.Of("scenarios", ScenarioFile));
        var plan = RunPlanner.Plan(new RunSubmission { Kind = "economics", ScenarioYaml = yaml, ScenarioName = ScenarioFile }).Value
            ?? throw new InvalidOperationException("the shipped scenario does not plan");
        return (plan, RunProvenance.Of(plan, EngineData.Shipped));
    });

    public static RunPlan Plan => Planned.Value.Plan;

    public static RunProvenance Provenance => Planned.Value.Provenance;

    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    /// <summary>A queued run of the shipped scenario, created at <see cref="T0"/> plus <paramref name="minutes"/>.</summary>
    public static NewRun Queued(int minutes = 0, string? label = null) =>
        NewRun.From(Plan, Provenance, T0.AddMinutes(minutes)) with { Label = label };

    /// <summary>A run with its own catalog and calibration (another frozen snapshot).</summary>
    public static NewRun WithOtherCatalog(string tag) => Queued() with
    {
        Provenance = Provenance with
        {
            CatalogJson = $"[{{\"kind\":\"gpus\",\"source\":\"{tag}\",\"text\":\"id\\n\"}}]",
            CatalogSha256 = RunPlanner.Sha256(tag + "-catalog"),
            CalibrationJson = $"{{\"tag\":\"{tag}\"}}",
            CalibrationSha256 = RunPlanner.Sha256(tag + "-calibration"),
        },
    };
}
