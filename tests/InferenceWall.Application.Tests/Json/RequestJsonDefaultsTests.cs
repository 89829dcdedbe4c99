using InferenceWall.Application.Estimate;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Tests.Json;

/// <summary>
/// A request body that leaves fields out gets the record's own defaults (the source-generated reader set every
/// init-only property, so left-out fields became 0, null or a default ImmutableArray that crashed the planner).
/// </summary>
public sealed class RequestJsonDefaultsTests
{
    [Fact]
    public void LeftOutFields_KeepTheRecordsDefaults()
    {
        var problems = new List<Problem>();
        var read = RequestJson.Read<EstimateRequest>("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm"}""", string.Empty, problems)!;
        Assert.Empty(problems);
        var defaults = new EstimateRequest { Model = "wan2.1-t2v-14b", Gpu = "h100-sxm" };
        Assert.Equal(defaults, read);
    }

    [Fact]
    public void Planner_FillsTheOptionsDefaults_ForAKindWithAList()
    {
        var plan = RunPlanner.Plan(new RunSubmission { Kind = "montecarlo", ScenarioYaml = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml")) });
        Assert.True(plan.IsOk, string.Join("; ", plan.Problems));
        var request = (MonteCarloRequest)plan.Value!.Request;
        Assert.Equal(new MonteCarloRequest { Scenario = request.Scenario }.Samples, request.Samples);
        Assert.False(request.Inputs.IsDefault);
        Assert.Contains("\"samples\": 100000", plan.Value.OptionsJson, StringComparison.Ordinal);
    }
}
