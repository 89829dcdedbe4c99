using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Tests.Catalog;

/// <summary>Which quote prices a provider's GPU: dates read as dates, the lowest $/GPU-hour of the current quotes.</summary>
public class PriceChoiceTests
{
    private static GpuPrice Quote(string sku, double usd, string asOf, int gpus = 1, string pricing = "on_demand") => new()
    {
        Provider = "acme",
        ProviderName = "Acme",
        Sku = sku,
        GpuId = "H100-SXM",
        GpusPerInstance = gpus,
        CapacityClass = CapacityClass.OnDemand,
        PricingModel = pricing,
        UsdPerGpuHour = usd,
        Provenance = new Provenance("src " + sku, asOf, "prices.csv"),
    };

    private static PriceChoice Choose(params GpuPrice[] quotes) =>
        (Fixtures.Catalog with { Prices = [.. quotes] }).ChoosePrice("acme", "H100-SXM", CapacityClass.OnDemand)!;

    [Fact]
    public void ChoosePrice_UndatedQuote_LosesToADatedOneAndIsNotNewer()
    {
        // Before: as_of sorted as text, so "undated" (and "late 2024") came after every digit and won.
        var choice = Choose(Quote("old", 1.0, "undated"), Quote("new", 2.0, "2026-09-25"));
        Assert.Equal("new", choice.Quote.Sku);
        Assert.False(choice.Undated);
        Assert.Equal(1, choice.Alternatives);
    }

    [Fact]
    public void ChoosePrice_OnlyUndatedQuotes_TakesTheLowestAndMarksItUndated()
    {
        var choice = Choose(Quote("a", 3.0, "undated"), Quote("b", 2.0, "undated"));
        Assert.Equal("b", choice.Quote.Sku);
        Assert.True(choice.Undated);
    }

    [Fact]
    public void ChoosePrice_CheaperEightGpuSkuDaysOlder_WinsOverOneGpuSku()
    {
        // Before: the 1-GPU SKU quoted five days later won at a higher $/GPU-hour.
        var choice = Choose(Quote("8x", 3.99, "2026-09-20", gpus: 8), Quote("1x", 4.29, "2026-09-25"));
        Assert.Equal("8x", choice.Quote.Sku);
        Assert.Contains("lowest $/GPU-hour of 2 current quotes", choice.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void ChoosePrice_QuoteOlderThanTheWindow_IsNotCurrent()
    {
        var choice = Choose(Quote("stale", 1.0, "2025-03-06"), Quote("fresh", 2.0, "2026-09-26"));
        Assert.Equal("fresh", choice.Quote.Sku);
    }

    [Fact]
    public void ChoosePrice_SameOfferingQuotedTwice_NewerQuoteSupersedes()
    {
        var choice = Choose(Quote("box", 3.49, "2026-09-25"), Quote("box", 3.99, "2026-10-09"));
        Assert.Equal(3.99, choice.Quote.UsdPerGpuHour);
    }

    [Fact]
    public void ChoosePrice_YearOnlyDate_CountsFromTheStartOfTheYear()
    {
        var choice = Choose(Quote("vague", 1.0, "late 2024"), Quote("exact", 2.0, "2026-01-21"));
        Assert.Equal("exact", choice.Quote.Sku);
    }

    [Fact]
    public void ChoosePrice_ShippedLambdaH100_TakesThe399EightGpuQuote()
    {
        var choice = Fixtures.Catalog.ChoosePrice("lambda", "H100-SXM", CapacityClass.OnDemand)!;
        Assert.Equal(("8x NVIDIA H100 SXM", 3.99), (choice.Quote.Sku, choice.Quote.UsdPerGpuHour));
    }

    [Fact]
    public void ChoosePrice_ShippedAzureH100_DatedQuoteBeatsUndatedCopy()
    {
        var choice = Fixtures.Catalog.ChoosePrice("azure", "H100-SXM", CapacityClass.OnDemand)!;
        Assert.Equal("2026-11-09", choice.Quote.Provenance.AsOf);
    }

    [Theory]
    [InlineData("2026-09-25", 2026, 9, 25)]
    [InlineData("2026-11", 2026, 11, 1)]
    [InlineData("2026", 2026, 1, 1)]
    [InlineData("Apr 2025", 2025, 4, 1)]
    [InlineData("late 2024", 2024, 9, 1)]
    public void QuoteDate_Dated_FirstDayOfThePeriod(string asOf, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), QuoteDate.Parse(asOf));

    [Theory]
    [InlineData("undated")]
    [InlineData("commit 9737cba")]
    [InlineData("junk 2025")]
    [InlineData("")]
    public void QuoteDate_NotADate_Null(string asOf) => Assert.Null(QuoteDate.Parse(asOf));
}
