namespace InferenceWall.Application.Report;

/// <summary>The data of a scenario's report: its economics, what moves its cost, and its simulated day.</summary>
public sealed record ReportRequest
{
    public required ScenarioSource Scenario { get; init; }

    /// <summary>Seed of the simulated day (when the scenario has a simulation section).</summary>
    public ulong Seed { get; init; } = 1;
}
