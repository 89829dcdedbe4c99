using System.Text.Json;

namespace InferenceWall.Cli.Tests;

public class EconomicsAndCaseCommandTests
{
    [Fact]
    public void CaseSora_Json_MeetsTheIssueBars()
    {
        var (code, output, _) = CliRunner.Run("case", "sora", "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.InRange(root.GetProperty("clips_per_day").GetDouble(), 11.5e6 * 0.98, 11.5e6 * 1.02);
        Assert.InRange(root.GetProperty("annual_compute_cost_usd").GetDouble(), 5.4e9 * 0.98, 5.4e9 * 1.02);
        Assert.Equal(1.30, root.GetProperty("cost_per_clip_usd").GetDouble());
        Assert.Contains(root.GetProperty("figures").EnumerateArray(), f => f.GetProperty("kind").GetString() == "input");
        Assert.Contains(root.GetProperty("figures").EnumerateArray(), f => f.GetProperty("kind").GetString() == "derived");
    }

    [Fact]
    public void CaseSora_Table_SaysInputsDerivedAndReconciliation()
    {
        var (code, output, _) = CliRunner.Run("case", "sora");
        Assert.Equal(0, code);
        Assert.Contains("Reconciling $15M/day with ~$1M/day", output, StringComparison.Ordinal);
        Assert.Contains("derived", output, StringComparison.Ordinal);
        Assert.Contains("wan2.1-t2v-14b", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("startup-720p-h100.yaml")]
    [InlineData("enterprise-vfx.yaml")]
    [InlineData("api-reseller.yaml")]
    public void Economics_ShippedScenario_JsonHasTheFigures(string file)
    {
        var (code, output, error) = CliRunner.Run("economics", RepoPaths.Of("scenarios", file), "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var f = doc.RootElement.GetProperty("figures");
        foreach (var key in new[] { "clips_per_day", "gpu_hours_per_day", "cost_per_clip_usd", "revenue_usd_per_day", "annual_compute_cost_usd", "break_even_price_per_clip_usd", "energy_kwh_per_clip", "build_out_gpus" })
        {
            Assert.True(f.GetProperty(key).GetDouble() > 0, key);
        }
    }

    [Fact]
    public void Economics_Csv_OneRowPerFigure()
    {
        var (code, output, _) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--format", "csv");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("key,label,value", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("cost_per_clip_usd,", StringComparison.Ordinal));
    }

    [Fact]
    public void Economics_BrokenScenario_Exit2NamingLineAndFieldWithoutStackTrace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwall-bad-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, File.ReadAllText(RepoPaths.Of("scenarios", "api-reseller.yaml")).Replace("utilization: 0.7", "utilisation: 0.7", StringComparison.Ordinal));
            var (code, _, error) = CliRunner.Run("economics", path);
            Assert.Equal(2, code);
            Assert.Contains("product.utilisation: unknown key; did you mean 'utilization'?", error, StringComparison.Ordinal);
            Assert.Matches(@"\.yaml:\d+:\d+: ", error);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".svg")]
    public void Economics_Charts_AreWritten(string extension)
    {
        var wall = Path.Combine(Path.GetTempPath(), $"iwall-wall-{Guid.NewGuid():N}{extension}");
        var chain = Path.Combine(Path.GetTempPath(), $"iwall-chain-{Guid.NewGuid():N}{extension}");
        try
        {
            var (code, _, error) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"), "--chart", wall, "--value-chain-chart", chain, "--format", "json");
            Assert.True(code == 0, error);
            foreach (var file in new[] { wall, chain })
            {
                var bytes = File.ReadAllBytes(file);
                Assert.True(bytes.Length > 1000, file);
                if (extension == ".png")
                {
                    Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
                }
                else
                {
                    Assert.Contains("<svg", File.ReadAllText(file), StringComparison.Ordinal);
                }
            }
        }
        finally
        {
            File.Delete(wall);
            File.Delete(chain);
        }
    }

    [Fact]
    public void Economics_ChartAlone_WritesTheValueChainBesideIt()
    {
        var dir = Directory.CreateTempSubdirectory("iwall-charts-").FullName;
        try
        {
            var (code, _, error) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"), "--chart", Path.Combine(dir, "wall.svg"), "--format", "json");
            Assert.True(code == 0, error);
            Assert.True(File.Exists(Path.Combine(dir, "wall.svg")));
            Assert.True(File.Exists(Path.Combine(dir, "wall-value-chain.svg")));
            Assert.Contains("wall-value-chain.svg", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Economics_ChartWithWrongExtension_Exit2()
    {
        var (code, _, error) = CliRunner.Run("economics", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"), "--chart", "wall.jpg");
        Assert.Equal(2, code);
        Assert.Contains("--chart 'wall.jpg': the file must end in .png or .svg", error, StringComparison.Ordinal);
    }
}
