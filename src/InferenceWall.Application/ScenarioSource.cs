using InferenceWall.Core.Economics;
using InferenceWall.Scenarios;

namespace InferenceWall.Application;

/// <summary>A scenario as text, with the name its problems are reported against (a file name, an upload).</summary>
public sealed record ScenarioSource(string Name, string Yaml)
{
    /// <summary>The validated scenario, or every problem with its line, column and field path.</summary>
    public Outcome<Scenario> Load()
    {
        var (scenario, problems) = ScenarioYaml.Parse(Name, Yaml);
        return scenario is null ? Outcome<Scenario>.Fail(problems) : Outcome<Scenario>.Ok(scenario);
    }
}
