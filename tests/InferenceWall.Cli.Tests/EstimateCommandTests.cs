using System.Text.Json;

namespace InferenceWall.Cli.Tests;

public class EstimateCommandTests
{
    private static readonly string[] IssueExample =
    [
        "estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--gpus", "4", "--ulysses", "4", "--resolution", "1280x720",
        "--frames", "81", "--steps", "50", "--provider", "lambda",
    ];

    [Fact]
    public void Estimate_IssueExample_TableShowsPhasesAndCost()
    {
        var (code, output, error) = CliRunner.Run(IssueExample);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("denoise", output, StringComparison.Ordinal);
        Assert.Contains("vae_decode", output, StringComparison.Ordinal);
        Assert.Contains("cost per clip ($)", output, StringComparison.Ordinal);
        Assert.Contains("Lambda", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_IssueExampleJson_HasTheContractFields()
    {
        var (code, output, _) = CliRunner.Run([.. IssueExample, "--format", "json"]);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        foreach (var field in new[] { "latency_s", "gpu_seconds", "peak_memory_bytes", "energy_kwh", "cost_usd" })
        {
            Assert.True(root.GetProperty(field).GetDouble() > 0, field);
        }

        Assert.Equal(75_600, root.GetProperty("latent_tokens").GetInt64());
        Assert.Equal(root.GetProperty("latency_s").GetDouble() * 4, root.GetProperty("gpu_seconds").GetDouble(), 6);
        var price = root.GetProperty("usd_per_gpu_hour").GetDouble();
        Assert.Equal(root.GetProperty("gpu_seconds").GetDouble() / 3600 * price, root.GetProperty("cost_usd").GetDouble(), 9);
    }

    [Fact]
    public void Estimate_BackOfEnvelopeJson_Is2Dollars56()
    {
        var (code, output, _) = CliRunner.Run("estimate", "--gpu-minutes", "8", "--gpus", "4", "--usd-per-gpu-minute", "0.08", "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(2.56, doc.RootElement.GetProperty("cost_usd").GetDouble(), 12);
    }

    [Fact]
    public void Estimate_UnknownNames_SuggestNearestAndExit2()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan21-t2v-14", "--gpu", "h100sx");
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'wan2.1-t2v-14b'", error, StringComparison.Ordinal);
        Assert.Contains("'H100-SXM'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_SeveralBadOptions_ReportsAllAtOnce()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--resolution", "1280by720",
            "--precision", "fp4", "--provider", "lambdaa");
        Assert.Equal(2, code);
        Assert.Contains("--resolution '1280by720'", error, StringComparison.Ordinal);
        Assert.Contains("--precision 'fp4'", error, StringComparison.Ordinal);
        Assert.Contains("3 problems", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_UnknownProvider_SuggestsNearest()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--provider", "lambdaa");
        Assert.Equal(2, code);
        Assert.Contains("'lambda'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_PlanThatDoesNotFit_Exit3WithReason()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "rtx-4090");
        Assert.Equal(3, code);
        Assert.Contains("does not fit", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_NonNumericOption_NamesTheOption()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--gpus", "four");
        Assert.Equal(2, code);
        Assert.Contains("--gpus", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_CustomCalibration_IsUsed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwall-cal-{Guid.NewGuid():N}.json");
        try
        {
            var (calCode, _, _) = CliRunner.Run("calibrate", "--measurements", RepoPaths.Of("data", "measurements", "calibration.csv"), "--output", path);
            Assert.Equal(0, calCode);
            var (code, output, _) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-1.3b", "--gpu", "h100-sxm", "--resolution", "832x480", "--calibration", path, "--format", "json");
            Assert.Equal(0, code);
            Assert.Contains("calibration.csv", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
