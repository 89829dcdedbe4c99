using InferenceWall.Core.Economics;
using InferenceWall.Scenarios;

namespace InferenceWall.Analysis.Tests;

/// <summary>The shipped scenarios (scenarios/*.yaml), parsed; a test fails on any problem in them.</summary>
internal static class ShippedScenarios
{
    public static Scenario Load(string file)
    {
        var path = RepoPaths.Of("scenarios", file);
        var (s, errors) = ScenarioYaml.Parse(path, File.ReadAllText(path));
        Assert.Empty(errors);
        return s!;
    }
}
