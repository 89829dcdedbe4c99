namespace InferenceWall.Cli.Tests;

/// <summary>Issue 8's review: options the chosen form does not read are refused (exit 2), never silently ignored.</summary>
public sealed class OptionsThatDoNotApplyTests
{
    private static string S => RepoPaths.Of("scenarios", "startup-720p-h100.yaml");

    [Theory]
    [InlineData("--utilization", "estimate", "--gpu-minutes", "10", "--gpus", "4", "--usd-per-gpu-minute", "0.05", "--utilization", "0.5")]
    [InlineData("--capacity", "estimate", "-m", "wan2.1-t2v-14b", "-g", "H100-SXM", "--capacity", "spot")]
    [InlineData("--seed", "economics", "SCENARIO", "--seed", "5")]
    [InlineData("--replicas", "optimize", "SCENARIO", "--slo-s", "600", "--replicas", "5")]
    [InlineData("--steps", "optimize", "SCENARIO", "--slo-s", "900", "--capacity-search", "--steps", "10")]
    public void Option_TheFormDoesNotRead_Exit2NamingIt(string option, params string[] args)
    {
        var (code, output, error) = CliRunner.Run([.. args.Select(a => a == "SCENARIO" ? S : a)]);
        Assert.Equal(2, code);
        Assert.Contains($"error: {option}: applies only", error.Replace("seeds the simulated day, which only --simulate runs", "applies only", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void Charts_SameFileTwice_Exit2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwall-{Guid.NewGuid():N}.png");
        var (code, _, error) = CliRunner.Run("economics", S, "--chart", path, "--value-chain-chart", path);
        Assert.Equal(2, code);
        Assert.Contains("the same file as --chart", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_Unwritable_Exit2NotAStackTrace()
    {
        var (code, _, error) = CliRunner.Run("economics", S, "--chart", "/proc/iwall-cannot-write.png");
        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Contains("cannot write", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_IsAFolder_Exit2SayingSo()
    {
        var (code, _, error) = CliRunner.Run("economics", Path.GetTempPath());
        Assert.Equal(2, code);
        Assert.Contains("is a folder", error, StringComparison.Ordinal);
    }
}

public sealed class SloLimitTests
{
    [Theory]
    [InlineData("optimize")]
    [InlineData("capacity")]
    public void Slo_BeyondTheLongestRun_Exit2WithTheLimit(string form)
    {
        var s = RepoPaths.Of("scenarios", "startup-720p-h100.yaml");
        var (code, _, error) = form == "optimize"
            ? CliRunner.Run("optimize", s, "--slo-s", "1e300")
            : CliRunner.Run("optimize", s, "--slo-s", "1e300", "--capacity-search", "--replicas", "2");
        Assert.Equal(2, code);
        Assert.Contains("31,622,400 s", error, StringComparison.Ordinal);
    }
}
