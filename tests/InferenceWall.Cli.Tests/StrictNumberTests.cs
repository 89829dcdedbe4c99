namespace InferenceWall.Cli.Tests;

/// <summary>Decimal options of every command read the invariant format only (issue 8: "4,29" was read as 429).</summary>
public sealed class StrictNumberTests
{
    [Theory]
    [InlineData("simulate", "--mmc", "--load", "0,9")]
    [InlineData("simulate", "--mmc", "--load", "1e400")]
    [InlineData("simulate", "--mmc", "--load", "NaN")]
    [InlineData("sensitivity", "SCENARIO", "--delta", "0,2")]
    [InlineData("optimize", "SCENARIO", "--slo-s", "9,00")]
    [InlineData("estimate", "--gpu-minutes", "8", "--usd-per-gpu-minute", "0,08")]
    public void DecimalOption_NotInvariant_Exit2NamingTheOption(params string[] args)
    {
        var scenario = RepoPaths.Of("scenarios", "startup-720p-h100.yaml");
        var (code, output, error) = CliRunner.Run([.. args.Select(a => a == "SCENARIO" ? scenario : a)]);
        Assert.Equal(2, code);
        Assert.Contains(args[^2], error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void DecimalOption_Invariant_Accepted()
    {
        var (code, _, error) = CliRunner.Run("simulate", "--mmc", "--load", "0.5", "--servers", "2", "--requests", "2000");
        Assert.True(code == 0, error);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("18446744073709551616")]
    [InlineData("1.5")]
    public void Seed_NotAWholeNumberInRange_Exit2WithTheRange(string seed)
    {
        var (code, _, error) = CliRunner.Run("simulate", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--seed", seed);
        Assert.Equal(2, code);
        Assert.Contains("give a whole number from 0 to 18,446,744,073,709,551,615", error, StringComparison.Ordinal);
    }
}

public sealed class MmcSteadyStateTests
{
    [Fact]
    public void Mmc_LoadNearOneWithFewRequests_SaysTheRunCannotShowTheSteadyState()
    {
        // Review of issue 8: at ρ = 0.999999 the measured mean was 700× under Erlang C with no word of why.
        var (code, output, _) = CliRunner.Run("simulate", "--mmc", "--load", "0.999999", "--requests", "20000");
        Assert.Equal(0, code);
        Assert.Contains("too few to measure its steady-state wait", output, StringComparison.Ordinal);
        var (_, normal, _) = CliRunner.Run("simulate", "--mmc", "--load", "0.8", "--servers", "8", "--requests", "20000");
        Assert.DoesNotContain("steady-state", normal, StringComparison.Ordinal);
    }
}
