using System.Text.Json;
using InferenceWall.Core;

namespace InferenceWall.Cli.Tests;

public class CatalogCommandTests
{
    [Theory]
    [InlineData("gpus", "H100-SXM")]
    [InlineData("models", "wan2.1-t2v-14b")]
    [InlineData("prices", "lambda")]
    [InlineData("apis", "sora-2")]
    [InlineData("hardware", "H100-SXM")]
    [InlineData("stacks", "diffusers")]
    [InlineData("vaes", "wan2.1-vae")]
    public void Catalog_Lists_EntriesWithSources(string kind, string expected)
    {
        var (code, output, _) = CliRunner.Run("catalog", kind, "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Contains(doc.RootElement.EnumerateArray(), e => e.ToString().Contains(expected, StringComparison.Ordinal));
        Assert.All(doc.RootElement.EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("source").GetString())));
    }

    [Fact]
    public void Catalog_PricesJson_CapacityClassInItsOneSpelling()
    {
        var (code, output, _) = CliRunner.Run("catalog", "prices", "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var classes = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("class").GetString()).ToHashSet();
        Assert.Equal(["on_demand", "reserved", "spot"], classes.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> Kinds => ["gpus", "prices", "models", "apis", "hardware", "stacks", "vaes"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Catalog_TablePiped_EverySourceInFullAndNothingCut(string kind)
    {
        // Before: prices and apis printed only "…" when piped, and every table cut sources at 67 characters.
        var (code, output, _) = CliRunner.Run("catalog", kind);
        Assert.Equal(0, code);
        var catalog = EmbeddedData.Catalog();
        IEnumerable<string> sources = kind switch
        {
            "gpus" => catalog.Gpus.Select(g => g.Provenance.Source),
            "prices" => catalog.Prices.Select(p => p.Provenance.Source).Concat(catalog.Prices.Select(p => p.Notes).Where(n => n.Length > 0)),
            "models" => catalog.Models.Select(m => m.Provenance.Source),
            "apis" => catalog.Apis.Select(a => a.Provenance.Source),
            "stacks" => catalog.Stacks.Select(t => t.Provenance.Source).Concat(catalog.Stacks.Select(t => t.Notes).Where(n => n.Length > 0)),
            "vaes" => catalog.Vaes.Select(v => v.Provenance.Source).Concat(catalog.Vaes.Select(v => v.Notes).Where(n => n.Length > 0)),
            _ => catalog.Hardware.Select(h => h.Provenance.Source),
        };
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(sources.Distinct(), s => Assert.Contains(lines, l => l.EndsWith("] " + s, StringComparison.Ordinal)));
        Assert.DoesNotContain("…", output, StringComparison.Ordinal);
        Assert.DoesNotContain("...", output[..output.LastIndexOf('╯')], StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_PricesTable_RowsPointToNumberedSources()
    {
        var (code, output, _) = CliRunner.Run("catalog", "prices", "--provider", "lambda", "--gpu", "h100-sxm");
        Assert.Equal(0, code);
        Assert.Contains("prices (2)", output, StringComparison.Ordinal);
        Assert.Contains("[S1]", output, StringComparison.Ordinal);
        Assert.Contains("[S2] github.com/tgarg01/silybench-data derived/csv/gpu_prices.csv (commit 045df3b)", output, StringComparison.Ordinal);
        Assert.Contains("on_demand", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_UnknownGpuFilter_NotFoundExit2WithSuggestion()
    {
        var (code, _, error) = CliRunner.Run("catalog", "prices", "--gpu", "h100sx");
        Assert.Equal(2, code);
        Assert.Contains("error: --gpu: unknown GPU 'h100sx'; did you mean 'H100-SXM'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_ApisProviderFilter_OnlyThatProvider()
    {
        var (code, output, _) = CliRunner.Run("catalog", "apis", "--provider", "openai", "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.NotEmpty(doc.RootElement.EnumerateArray());
        Assert.All(doc.RootElement.EnumerateArray(), e => Assert.Equal("OpenAI", e.GetProperty("provider").GetString()));
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
    public void Catalog_OverrideDirectoryWithBadFileName_ReportsTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("iwall-cat-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "gpu.csv"), "x\n");
            var (code, _, error) = CliRunner.Run("catalog", "models", "--catalog", dir);
            Assert.Equal(2, code);
            Assert.Contains("gpu.csv: not a catalog file name", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Catalog_OverrideDirectoryWithBadFile_ReportsFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("iwall-cat-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "models.csv"), "id,aliases\nfoo,bar\n");
            var (code, _, error) = CliRunner.Run("catalog", "models", "--catalog", dir);
            Assert.Equal(2, code);
            Assert.Contains("models.csv:1: params_b: missing column", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
