using System.Text.Json;

namespace InferenceWall.Cli.Tests;

public class CatalogAndValidateCommandTests
{
    [Fact]
    public void Validate_ShippedMeasurementsJson_HasRowsErrorsAndSkipped()
    {
        var (code, output, _) = CliRunner.Run("validate", "--measurements", RepoPaths.Of("data", "measurements", "calibration.csv"), "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("rows").GetArrayLength() > 150);
        Assert.True(root.GetProperty("median_abs_pct_error").GetDouble() > 0);
        Assert.True(root.GetProperty("p90_abs_pct_error").GetDouble() >= root.GetProperty("median_abs_pct_error").GetDouble());
        Assert.Contains(root.GetProperty("skipped").EnumerateArray(), s => s.GetProperty("reason").GetString()!.Contains("GPU model not stated", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadCsv_NamesRowAndColumnAndExit2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwall-bad-{Guid.NewGuid():N}.csv");
        try
        {
            var header = File.ReadLines(RepoPaths.Of("data", "measurements", "calibration.csv")).First();
            File.WriteAllText(path, header + "\nx-1,Wan2.1-T2V-1.3B,t2v,H100-SXM,H100,1,1,1,1,1,true,832,480,81,fifty,true,bf16,false,none,default,false,diffusers,end_to_end,100,false,,src,\n");
            var (code, _, error) = CliRunner.Run("validate", "--measurements", path);
            Assert.Equal(2, code);
            Assert.Contains(":2: steps: 'fifty' is not a whole number", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_MissingFile_SaysSo()
    {
        var (code, _, error) = CliRunner.Run("validate", "--measurements", "no-such-file.csv");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrate_UnwritableOutput_Exit2WithReason()
    {
        var (code, _, error) = CliRunner.Run("calibrate", "--measurements", RepoPaths.Of("data", "measurements", "calibration.csv"),
            "--output", Path.Combine("no-such-dir", "x", "cal.json"));
        Assert.Equal(2, code);
        Assert.Contains("--output: cannot write", error, StringComparison.Ordinal);
    }
}
