using System.Text.Json.Nodes;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Tests.Runs;

public sealed class RunPlannerTests
{
    private static readonly string Startup = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    private static Outcome<RunPlan> Plan(string kind, string? yaml, string options = "{}", string? label = null) =>
        RunPlanner.Plan(new RunSubmission { Kind = kind, ScenarioYaml = yaml, Options = JsonNode.Parse(options)!.AsObject(), Label = label });

    [Fact]
    public void Plan_FillsTheUseCasesDefaults_AndKeepsTheSeed()
    {
        var plan = Plan("montecarlo", Startup, """{"inputs":[{"field":"efficiency","distribution":"normal","parameters":[1,0.1]}]}""");
        Assert.True(plan.IsOk, string.Join("; ", plan.Problems.Select(p => p.Text)));
        var options = JsonNode.Parse(plan.Value!.OptionsJson)!.AsObject();
        Assert.Equal(100_000, options["samples"]!.GetValue<int>());
        Assert.Equal(1UL, plan.Value.Seed);
        Assert.True(plan.Value.RunsLong);
        Assert.Equal("Startup, Wan2.1 14B at 720p on rented H100s", plan.Value.ScenarioTitle);
        Assert.Equal(64, plan.Value.ScenarioSha256!.Length);
        Assert.False(options.ContainsKey("scenario"));
    }

    [Fact]
    public void Plan_ReportsEveryUnknownOptionAtOnce()
    {
        var plan = Plan("economics", Startup, """{"simulate":true,"sead":3,"colour":"red"}""");
        Assert.False(plan.IsOk);
        Assert.Equal(["options.colour", "options.sead"], plan.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.All(plan.Problems, p => Assert.Contains("seed", p.Fix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"samples":"many","inputs":[]}""", "options.samples", "whole number")]
    [InlineData("""{"samples":1e999}""", "options.samples", "whole number")]
    [InlineData("""{"inputs":[{"field":"efficiency","distribution":"bell","parameters":[1]}]}""", "options.inputs[0].distribution", "bell")]
    [InlineData("""{"inputs":[{"field":"efficiency","distribution":"normal","parameters":[1,"x"]}]}""", "options.inputs[0].parameters[1]", "finite number")]
    [InlineData("""{"inputs":[{"field":"efficiency","distribution":"normal","parameters":[1,2],"extra":1}]}""", "options.inputs[0].extra", "")]
    public void Plan_NamesTheFieldOfAWrongType(string options, string path, string words)
    {
        var plan = Plan("montecarlo", Startup, options);
        Assert.False(plan.IsOk);
        var problem = Assert.Single(plan.Problems);
        Assert.True(path == problem.Path, problem.Path + " :: " + problem.Message);
        Assert.True(problem.Message.Contains(words, StringComparison.Ordinal), problem.Message + " :: " + problem.Fix);
        Assert.Equal(ProblemKind.BadInput, problem.Kind);
    }

    [Fact]
    public void Plan_RefusesAMissingRequiredOption_WithoutGuessingIt()
    {
        var plan = Plan("optimize", Startup);
        Assert.False(plan.IsOk);
        Assert.Contains(plan.Problems, p => p.Message.Contains("slo_s", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_GivesTheLineAndFieldOfABrokenScenario()
    {
        var broken = Startup.Replace("gpus_per_clip: 4", "gpus_per_clip: four", StringComparison.Ordinal);
        var plan = Plan("economics", broken);
        Assert.False(plan.IsOk);
        var problem = Assert.Single(plan.Problems, p => p.Path == "product.gpus_per_clip");
        Assert.Equal(RunPlanner.DefaultScenarioName, problem.Location!.Source);
        Assert.Equal(1 + Startup.Split('\n').TakeWhile(l => !l.Contains("gpus_per_clip", StringComparison.Ordinal)).Count(), problem.Location.Line);
    }

    [Theory]
    [InlineData("", null, "kind")]
    [InlineData("economy", null, "kind")]
    [InlineData("economics", null, "scenario_yaml")]
    [InlineData("estimate", "name: x", "scenario_yaml")]
    public void Plan_RefusesTheKindOrScenario(string kind, string? yaml, string path)
    {
        var plan = Plan(kind, yaml);
        Assert.False(plan.IsOk);
        Assert.Contains(plan.Problems, p => p.Path == path);
    }

    [Fact]
    public void Plan_RefusesALongLabelAndOneWithALineBreak()
    {
        Assert.Contains(Plan("case", null, label: new string('x', RunPlanner.MaxLabelChars + 1)).Problems, p => p.Path == "label" && p.Kind == ProblemKind.LimitExceeded);
        Assert.Contains(Plan("case", null, label: "a\nb").Problems, p => p.Path == "label");
        Assert.Equal("baseline", Plan("case", null, label: "  baseline ").Value!.Label);
    }

    [Fact]
    public void Plan_TakesNoScenarioForMmc()
    {
        var plan = Plan("simulate", null, """{"mmc":true,"servers":4,"load":0.5,"requests":1000}""");
        Assert.True(plan.IsOk, string.Join("; ", plan.Problems.Select(p => p.Text)));
        Assert.Null(plan.Value!.Scenario);
    }

    [Fact]
    public void RequestJson_RefusesWhatIsNotAJsonObject()
    {
        foreach (var text in new[] { "", "[]", "3", "{\"a\":NaN}", "{\"a\":1,}", "{" })
        {
            var problems = new List<Problem>();
            Assert.Null(RequestJson.Object(text, "body", problems));
            Assert.Single(problems);
        }
    }
}

public sealed class RunPlannerTextTests
{
    [Fact]
    public void Plan_RefusesNulAndControlCharactersInTexts()
    {
        var yaml = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));
        Assert.Contains(RunPlanner.Plan(new RunSubmission { Kind = "economics", ScenarioYaml = yaml + "\0" }).Problems, p => p.Path == "scenario_yaml");
        Assert.Contains(RunPlanner.Plan(new RunSubmission { Kind = "economics", ScenarioYaml = yaml, ScenarioName = "a\0b" }).Problems, p => p.Path == "scenario_name");
        Assert.Contains(RunPlanner.Plan(new RunSubmission { Kind = "case", Label = "x\0" }).Problems, p => p.Path == "label");
    }
}
