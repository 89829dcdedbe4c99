using System.Text.Json;

namespace InferenceWall.Cli.Tests;

public class CatalogAndValidateCommandTests
{
    [Theory]
    [InlineData("gpus", "H100-SXM")]
    [InlineData("models", "wan2.1-t2v-14b")]
    [InlineData("prices", "lambda")]
    [InlineData("apis", "sora-2")]
    public void Catalog_Lists_EntriesWithSources(string kind, string expected)
    {
        var (code, output, _) = CliRunner.Run("catalog", kind, "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Contains(doc.RootElement.EnumerateArray(), e => e.ToString().Contains(expected, StringComparison.Ordinal));
        Assert.All(doc.RootElement.EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("source").GetString())));
    }

    [Fact]
    public void Catalog_OverrideDirectory_Applies()
    {
        var dir = Directory.CreateTempSubdirectory("iwall-cat-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "prices.csv"),
                "provider,provider_name,service,sku,gpu,gpus_per_instance,region,capacity_class,pricing_model,usd_per_gpu_hour,usd_per_instance_hour,per_gpu_is_derived,as_of,source,notes\n" +
                "mycloud,My Cloud,,h100-box,H100-SXM,8,,on_demand,on_demand,1.5,,no,2026-11-20,contract 42,\n");
            var (code, output, _) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-1.3b", "--gpu", "h100-sxm", "--resolution", "832x480",
                "--provider", "mycloud", "--catalog", dir, "--format", "json");
            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(output);
            Assert.Equal(1.5, doc.RootElement.GetProperty("usd_per_gpu_hour").GetDouble());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

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
            File.WriteAllText(path, header + "\nx-1,Wan2.1-T2V-1.3B,t2v,H100-SXM,H100,1,1,1,1,1,true,832,480,81,fifty,true,bf16,false,none,default,false,end_to_end,100,false,,src,\n");
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

    [Fact]
    public void Catalog_OverrideDirectoryWithBadFile_ReportsFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("iwall-cat-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "gpu.csv"), "x\n");
            File.WriteAllText(Path.Combine(dir, "models.csv"), "id,aliases\nfoo,bar\n");
            var (code, _, error) = CliRunner.Run("catalog", "models", "--catalog", dir);
            Assert.Equal(2, code);
            Assert.Contains("gpu.csv: not a catalog file name", error, StringComparison.Ordinal);
            Assert.Contains("models.csv:1: params_b: missing column", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
