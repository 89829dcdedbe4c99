using System.Text.Json.Nodes;
using InferenceWall.Application.Runs;

namespace InferenceWall.Application.Tests.Runs;

public sealed class RunDiffTests
{
    private static readonly string Startup = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    private static RunSide Side(long id, string yaml)
    {
        var plan = RunPlanner.Plan(new RunSubmission { Kind = "economics", ScenarioYaml = yaml, Options = [] }).Value!;
        var answer = RunExecutor.Execute(plan, EngineData.Shipped).Value!;
        return new RunSide(id, plan.Kind, yaml, plan.OptionsJson, answer.ResultJson);
    }

    [Fact]
    public void Compare_NamesTheChangedInputAndTheMovedOutputs()
    {
        var a = Side(1, Startup);
        var b = Side(2, Startup.Replace("gpus_per_clip: 4", "gpus_per_clip: 8", StringComparison.Ordinal).Replace("ulysses: 4", "ulysses: 8", StringComparison.Ordinal));
        var diff = RunDiff.Compare(a, b);
        Assert.False(diff.SameScenario);
        Assert.Contains(diff.Inputs, c => c.Field == "product.gpus_per_clip" && c.A == "4" && c.B == "8");
        var cost = Assert.Single(diff.Outputs, o => o.Field == "figures.cost_per_clip_usd");
        Assert.Equal(cost.B - cost.A, cost.Change);
        Assert.NotEqual(0, cost.Change);
        Assert.True(diff.UnchangedOutputs > 0);
    }

    [Fact]
    public void Compare_OfARunWithItself_FindsNothing()
    {
        var a = Side(1, Startup);
        var diff = RunDiff.Compare(a, a with { Id = 2 });
        Assert.Empty(diff.Inputs);
        Assert.Empty(diff.Outputs);
        Assert.Empty(diff.OtherOutputs);
        Assert.True(diff.SameScenario);
        Assert.Equal(JsonNode.Parse(a.ResultJson!)!.ToJsonString(), JsonNode.Parse(a.ResultJson!)!.ToJsonString());
    }

    [Fact]
    public void Compare_TakesOnlyJsonNumbersAsNumbers()
    {
        var a = new RunSide(1, RunKind.Economics, null, "{}", """{"code":"12","x":1,"flag":true,"gone":3}""");
        var b = new RunSide(2, RunKind.Economics, null, "{}", """{"code":"13","x":2,"flag":false}""");
        var diff = RunDiff.Compare(a, b);
        Assert.Equal(["gone", "x"], diff.Outputs.Select(o => o.Field));
        Assert.Equal(1, diff.Outputs.Single(o => o.Field == "x").Change);
        Assert.Null(diff.Outputs.Single(o => o.Field == "gone").B);
        Assert.Equal(["code", "flag"], diff.OtherOutputs.Select(o => o.Field));
    }
}
