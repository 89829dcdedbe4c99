using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Tests.Catalog;

public sealed class CatalogOverrideTests
{
    private static string ShippedLine(string file, string contains)
    {
        var lines = EmbeddedData.Read(file).Split('\n');
        return lines[0].TrimEnd('\r') + "\n" + lines.First(l => l.Contains(contains, StringComparison.Ordinal)).TrimEnd('\r') + "\n";
    }

    [Fact]
    public void Parse_PriceOverrideForTheSameOfferingAndDate_ReplacesTheShippedPrice()
    {
        // Before: the price was part of the key, so an override was added beside the shipped quote and could never raise it.
        var text = ShippedLine("prices.csv", "8x NVIDIA H100 SXM").Replace(",3.99,", ",5.55,", StringComparison.Ordinal);
        Assert.Contains(",5.55,", text, StringComparison.Ordinal);
        var (catalog, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(new CatalogFile(CatalogKind.Prices, "mine/prices.csv", text)));
        Assert.Empty(errors);
        var lambda = catalog.Prices.Where(p => p.Provider == "lambda" && p.Sku == "8x NVIDIA H100 SXM").ToList();
        Assert.Equal(5.55, Assert.Single(lambda).UsdPerGpuHour);
    }

    [Fact]
    public void Parse_NumberBeyondTheFileLimit_LimitExceededAtItsLine()
    {
        // Before: memory_gb of 1e300 became infinite bytes, printed as "Infinity" and crashing the JSON writer.
        var lines = EmbeddedData.Read("gpus.csv").Split('\n');
        var header = lines[0].TrimEnd('\r').Split(',');
        var row = lines.First(l => l.StartsWith("H100-SXM,", StringComparison.Ordinal)).TrimEnd('\r').Split(',');
        row[Array.IndexOf(header, "memory_gb")] = "1e300";
        var text = lines[0].TrimEnd('\r') + "\n" + string.Join(',', row) + "\n";
        var (_, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(new CatalogFile(CatalogKind.Gpus, "mine/gpus.csv", text)));
        var e = Assert.Single(errors);
        Assert.Equal(ProblemKind.LimitExceeded, e.Kind);
        Assert.Equal("memory_gb", e.Path);
        Assert.Equal(2, e.Location!.Line);
    }

    [Fact]
    public void Parse_AsOfThatIsNoCalendarDate_ReportedAtItsLine()
    {
        var text = ShippedLine("prices.csv", "8x NVIDIA H100 SXM").Replace("2026-09-20", "2099-13-45", StringComparison.Ordinal);
        Assert.Contains("2099-13-45", text, StringComparison.Ordinal);
        var (_, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(new CatalogFile(CatalogKind.Prices, "mine/prices.csv", text)));
        Assert.Contains(errors, e => e.Path == "as_of" && e.Location!.Line == 2);
    }
}
