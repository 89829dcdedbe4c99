using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InferenceWall.Application;
using InferenceWall.Application.Runs;

namespace InferenceWall.Cli.Tests;

/// <summary>
/// A stored run's result is the CLI's JSON: each submission below mirrors a command of <see cref="JsonContractTests"/>
/// and its <see cref="RunExecutor"/> result must equal that command's snapshot byte for byte.
/// </summary>
public sealed partial class RunContractTests
{
    public static TheoryData<string, string, string?, string> Submissions() => new()
    {
        { "estimate-wan-4xh100-lambda", "estimate", null, """{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","gpus":4,"ulysses":4,"width":1280,"height":720,"frames":81,"steps":50,"provider":"lambda"}""" },
        { "case-sora", "case", null, "{}" },
        { "economics-startup", "economics", "startup-720p-h100", "{}" },
        { "economics-enterprise", "economics", "enterprise-vfx", "{}" },
        { "economics-api-reseller", "economics", "api-reseller", "{}" },
        { "economics-sora-scale-day", "economics", "sora-scale-day", "{}" },
        { "economics-startup-simulated", "economics", "startup-720p-h100", """{"simulate":true,"seed":1}""" },
        { "simulate-startup", "simulate", "startup-720p-h100", """{"seed":1}""" },
        { "simulate-mmc", "simulate", null, """{"mmc":true,"servers":8,"load":0.8,"requests":20000,"seed":1}""" },
        { "sweep-startup-steps", "sweep", "startup-720p-h100", """{"axes":[{"field":"product.clip_mix[0].steps","range":{"start":20,"stop":50,"step":10}}]}""" },
        { "sensitivity-startup", "sensitivity", "startup-720p-h100", "{}" },
        { "montecarlo-startup", "montecarlo", "startup-720p-h100", """{"samples":200,"seed":1,"inputs":[{"field":"efficiency","distribution":"lognormal","parameters":[1,0.2]}]}""" },
        { "optimize-startup", "optimize", "startup-720p-h100", """{"slo_s":900}""" },
        { "optimize-capacity-search", "capacity", "startup-720p-h100", """{"slo_seconds":900,"replicas":4}""" },
    };

    [GeneratedRegex("\"(requests_per_second|wall_seconds)\": [0-9.eE+-]+")]
    private static partial Regex Timing();

    [Theory]
    [MemberData(nameof(Submissions))]
    public void Run_Result_IsTheClisJson(string snapshot, string kind, string? scenario, string options)
    {
        var submission = new RunSubmission
        {
            Kind = kind,
            ScenarioName = scenario is null ? null : scenario + ".yaml",
            ScenarioYaml = scenario is null ? null : File.ReadAllText(RepoPaths.Of("scenarios", scenario + ".yaml")),
            Options = JsonNode.Parse(options)!.AsObject(),
        };
        var plan = RunPlanner.Plan(submission);
        Assert.True(plan.IsOk, string.Join("; ", plan.Problems.Select(p => p.Text)));
        var answer = RunExecutor.Execute(plan.Value!, EngineData.Shipped, clock: TimeProvider.System);
        Assert.True(answer.IsOk, string.Join("; ", answer.Problems.Select(p => p.Text)));
        var portable = Timing().Replace(answer.Value!.ResultJson + Environment.NewLine, m => $"\"{m.Groups[1].Value}\": \"<measured>\"");
        var expected = File.ReadAllText(RepoPaths.Of("tests", "InferenceWall.Cli.Tests", "Snapshots", "json", snapshot + ".json"));
        Assert.Equal(expected, portable);

        // The plan keeps the options with every default filled in, and planning them again gives the same plan.
        var again = RunPlanner.Plan(submission with { Options = JsonNode.Parse(plan.Value!.OptionsJson)!.AsObject() });
        Assert.True(again.IsOk, string.Join("; ", again.Problems.Select(p => p.Text)));
        Assert.Equal(plan.Value.OptionsJson, again.Value!.OptionsJson);
    }
}
