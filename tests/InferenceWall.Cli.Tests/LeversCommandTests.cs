using System.Text.Json.Nodes;

namespace InferenceWall.Cli.Tests;

/// <summary><c>iwall levers</c> (issue 11's first bar).</summary>
public sealed class LeversCommandTests
{
    private static string Startup => RepoPaths.Of("scenarios", "startup-720p-h100.yaml");

    [Fact]
    public void Levers_StartupJson_EveryStepSourcedCumulativeAndTheCrossingStated()
    {
        var (code, output, error) = CliRunner.Run("levers", Startup, "--format", "json");

        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!;
        var cost = (double)json["start_cost_per_clip_usd"]!;
        var steps = json["steps"]!.AsArray();
        Assert.NotEmpty(steps);
        foreach (var step in steps)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)step!["source"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)step["quality_note"]));
            cost *= (double)step["factor"]!;
            Assert.Equal(cost, (double)step["cost_per_clip_usd"]!, 1e-9 * cost);
            Assert.True((double)step["factor"]! >= (double)step["physics_floor"]! * (1 - 1e-9));
        }

        Assert.Equal(cost, (double)json["end_cost_per_clip_usd"]!, 1e-9 * cost);
        Assert.Equal("search", (string)json["chosen"]!);
        var crossing = json["search"]!["crossing"]!.AsArray();
        // The startup sells clips at $0.19: the levers the search finds take it through, or the shortfall says how far short.
        Assert.True(crossing.Count > 0 || json["search"]!["shortfall"] is not null);
        Assert.Equal(crossing.Count > 0, (bool)json["crosses_wall"]!);
    }

    [Fact]
    public void Levers_ApplyInOrder_RefusedLeverKeepsTheCostAndSaysWhy()
    {
        var (code, output, error) = CliRunner.Run("levers", Startup, "--apply", "teacache-wan21-14b,magcache-wan21-14b,compile", "--format", "csv");

        Assert.True(code == 0, error);
        var lines = output.Trim().Split('\n');
        Assert.Equal("lever,kind,factor,cost_per_clip_usd,physics_floor,refused,quality_metric,quality_delta,quality_note,source", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("magcache-wan21-14b,step_cache,1,", lines[2], StringComparison.Ordinal);
        Assert.Contains("two do not stack", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Levers_UnknownLever_NamesTheOptionAndTheNearest()
    {
        var (code, _, error) = CliRunner.Run("levers", Startup, "--apply", "compile,teacache-wan21-14", "--format", "json");

        Assert.Equal(2, code);
        Assert.Contains("--apply ('teacache-wan21-14')", error, StringComparison.Ordinal);
        Assert.Contains("teacache-wan21-14b", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimize_Levers_BestOptionNamesItsLevers()
    {
        var (code, output, error) = CliRunner.Run("optimize", Startup, "--slo-s", "600", "--gpu-counts", "1,4", "--steps", "50", "--levers", "--format", "json");

        Assert.True(code == 0, error);
        var best = JsonNode.Parse(output)!["best"]!;
        var levers = best["levers"]!.AsArray();
        Assert.NotEmpty(levers);
        // A distilled model's steps are the ones the option runs.
        Assert.Equal(levers.Any(l => (string)l! == "distill-lightx2v-4step") ? 4 : 50, (int)best["steps"]!);

        var (refused, _, why) = CliRunner.Run("optimize", Startup, "--slo-s", "600", "--capacity-search", "--levers");
        Assert.Equal(2, refused);
        Assert.Contains("--levers", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Levers_SimulatedUtilization_IsTheSimulatedDaysAndOnlyWhereThereIsOne()
    {
        var (code, output, error) = CliRunner.Run("levers", Startup, "--apply", "simulated-utilization", "--format", "json");

        Assert.True(code == 0, error);
        var step = JsonNode.Parse(output)!["steps"]![0]!;
        Assert.Equal("utilization", (string)step["kind"]!);
        Assert.Contains("this scenario's simulated day (seed 1)", (string)step["source"]!, StringComparison.Ordinal);
        // Compute cost scales with 1 / utilization: the factor is at its floor plus the other costs' share.
        Assert.True((double)step["factor"]! >= (double)step["physics_floor"]!);

        // A scenario without a simulation section has no simulated day to take it from.
        var (refused, _, why) = CliRunner.Run("levers", RepoPaths.Of("scenarios", "enterprise-vfx.yaml"), "--apply", "simulated-utilization");
        Assert.Equal(2, refused);
        Assert.Contains("'simulated-utilization' is not a lever", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Levers_ApplyEmptyRepeatedOrTooMany_EachRefusedWithTheLimit()
    {
        var (code, _, error) = CliRunner.Run("levers", Startup, "--apply", "compile,,compile");
        Assert.Equal(2, code);
        Assert.Contains("is empty", error, StringComparison.Ordinal);
        Assert.Contains("compile is listed twice", error, StringComparison.Ordinal);

        var many = string.Join(",", Enumerable.Repeat("compile", 65));
        var (tooMany, _, why) = CliRunner.Run("levers", Startup, "--apply", many);
        Assert.Equal(2, tooMany);
        Assert.Contains("65 levers to apply, above the limit of 64", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Levers_Chart_WritesAWaterfall()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwall-waterfall-{Guid.NewGuid():N}.svg");
        try
        {
            var (code, _, error) = CliRunner.Run("levers", Startup, "--chart", path);

            Assert.True(code == 0, error);
            var svg = File.ReadAllText(path);
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.Contains("the wall: revenue", svg, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
