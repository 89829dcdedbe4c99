using InferenceWall.Core.Problems;

namespace InferenceWall.Scenarios.Tests;

/// <summary>Regression tests for hostile or mistyped scenario files (issue 8): each once crashed or gave a wrong number.</summary>
public sealed class ScenarioBoundsTests
{
    private static string Shipped => File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void Parse_NestedTwentyThousandDeep_RefusedWithTheLimitNotAStackOverflow(string open, string close)
    {
        var text = "name: deep\nproduct: " + string.Concat(Enumerable.Repeat(open, 20_000)) + "1" + string.Concat(Enumerable.Repeat(close, 20_000)) + "\n";
        var (scenario, errors) = ScenarioYaml.Parse("deep.yaml", text);
        Assert.Null(scenario);
        var e = Assert.Single(errors);
        Assert.Equal(ProblemKind.LimitExceeded, e.Kind);
        Assert.Contains($"{ScenarioYaml.MaxDepth} deep", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextOverTheSizeLimit_Refused()
    {
        var (_, errors) = ScenarioYaml.Parse("big.yaml", "name: x\ndescription: " + new string('x', ScenarioYaml.MaxChars) + "\n");
        Assert.Equal(ProblemKind.LimitExceeded, Assert.Single(errors).Kind);
    }

    [Fact]
    public void Parse_IntegerBeyondInt32_RefusedNotSaturated()
    {
        var (scenario, errors) = ScenarioYaml.Parse("s.yaml", Shipped.Replace("horizon_days: 365", "horizon_days: 99999999999", StringComparison.Ordinal));
        Assert.Null(scenario);
        Assert.Contains(errors, e => e.Path == "horizon_days" && e.Message.Contains("too large", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EmptyRequiredPrice_ReportedNotCrashing()
    {
        var text = Shipped.Replace("usd_per_video_second: 0.10", "usd_per_video_second:", StringComparison.Ordinal);
        Assert.NotEqual(Shipped, text);
        var (scenario, errors) = ScenarioYaml.Parse("s.yaml", text);
        Assert.Null(scenario);
        Assert.Contains(errors, e => e.Path.EndsWith(".usd_per_video_second", StringComparison.Ordinal) && e.Message.Contains("required", StringComparison.Ordinal) && e.Location!.Line is not null);
    }

    [Fact]
    public void Parse_RangeAndTypeProblems_AllReportedAtOnceWithLocations()
    {
        var text = Shipped.Replace("utilization: 0.6", "utilization: -2", StringComparison.Ordinal).Replace("fps: 16", "fps: sixteen", StringComparison.Ordinal);
        Assert.NotEqual(Shipped, text);
        var (_, errors) = ScenarioYaml.Parse("s.yaml", text);
        Assert.Contains(errors, e => e.Path == "product.utilization" && e.Location!.Line is not null);
        Assert.Contains(errors, e => e.Path.EndsWith(".fps", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_StrayAliasWhereANodeShouldStart_ReportedNotThrown()
    {
        // Found by the scenario fuzz test: YamlDotNet threw an ArgumentException, which escaped the use case.
        var (scenario, errors) = ScenarioYaml.Parse("s.yaml", Shipped.TrimEnd() + "\n *b\n");
        Assert.Null(scenario);
        Assert.Contains("not valid YAML", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreNodesThanTheLimit_RefusedBeforeTheTreeIsBuilt()
    {
        var text = "name: wide\ndescription: [" + string.Join(",", Enumerable.Repeat("1", ScenarioYaml.MaxNodes + 1)) + "]\n";
        Assert.True(text.Length < ScenarioYaml.MaxChars);
        var (scenario, errors) = ScenarioYaml.Parse("wide.yaml", text);
        Assert.Null(scenario);
        var e = Assert.Single(errors);
        Assert.Equal(ProblemKind.LimitExceeded, e.Kind);
        Assert.Contains("200,000", e.Message, StringComparison.Ordinal);
    }
}
