using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Tests.Catalog;

public class EmbeddedCatalogTests
{
    // Canonical GPU ids of the measurement format (shared/validation/README.md) plus the ones issue 2 adds.
    public static TheoryData<string> RequiredGpus => new()
    {
        "A100-SXM-80GB", "A100-SXM-40GB", "A100-PCIE-80GB", "A800-80GB", "H100-SXM", "H100-PCIE", "H100-NVL", "H800", "H20", "H200-SXM",
        "H200-NVL", "B200", "GB200", "L40", "L40S", "L20", "RTX-4090", "RTX-4090D", "RTX-6000-ADA", "RTX-PRO-6000", "GB10-DGX-SPARK",
        "MI300X", "MI325X", "MI355X", "L4", "B300",
    };

    [Theory]
    [MemberData(nameof(RequiredGpus))]
    public void Gpus_CanonicalId_Present(string id)
    {
        var gpu = Fixtures.Catalog.FindGpu(id).Value;
        Assert.NotNull(gpu);
        Assert.Equal(id, gpu.Id);
    }

    [Fact]
    public void Files_ParseWithoutErrors()
    {
        var (_, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles());
        Assert.Empty(errors);
    }

    [Fact]
    public void Models_AllOfReferenceTable_PresentUnderTheirNames()
    {
        string[] names =
        [
            "Wan2.1-T2V-1.3B", "Wan2.1-T2V-14B", "Wan2.1-I2V-14B", "Wan2.2-T2V-A14B", "Wan2.2-I2V-A14B", "Wan2.2-TI2V-5B", "HunyuanVideo",
            "SkyReels-V1-Hunyuan-T2V", "CogVideoX-2B", "CogVideoX-5B", "CogVideoX1.5-5B", "ConsisID-preview", "Mochi-1-preview", "Open-Sora-2.0",
            "Step-Video-T2V", "LTX-Video-2B", "Allegro", "Cosmos-1.0-Diffusion-7B", "Cosmos-1.0-Diffusion-14B", "Cosmos-Predict2-2B-Video2World",
            "Cosmos-Predict2-14B-Video2World", "SkyReels-V2-T2V-14B-720P", "SkyReels-V2-DF-14B-540P", "SkyReels-V2-I2V-14B-540P", "SkyReels-V2-DF-1.3B-540P",
            "HunyuanVideo-1.5", "LTX-2", "MAGI-1-24B", "MAGI-1-4.5B", "Wan2.2-S2V-14B", "Wan2.2-Animate-14B",
        ];
        Assert.Equal(30, Fixtures.Catalog.Models.Length);
        Assert.All(names, n => Assert.NotNull(Fixtures.Catalog.FindModel(n).Value));
    }

    [Fact]
    public void EveryEntry_HasSourceAndDate()
    {
        var c = Fixtures.Catalog;
        var provenances = c.Gpus.Select(g => g.Provenance).Concat(c.Models.Select(m => m.Provenance))
            .Concat(c.Prices.Select(p => p.Provenance)).Concat(c.Apis.Select(a => a.Provenance));
        Assert.All(provenances, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Source), p.File);
            Assert.False(string.IsNullOrWhiteSpace(p.AsOf), p.File);
        });
    }

    [Fact]
    public void EveryGpu_HasPositivePeaksMemoryAndPower()
    {
        Assert.All(Fixtures.Catalog.Gpus, g =>
        {
            Assert.True(g.Bf16DenseFlopsPerSecond > 1e13, g.Id);
            Assert.True(g.MemoryBytes >= 16e9, g.Id);
            Assert.True(g.MemoryBandwidthBytesPerSecond > 1e11, g.Id);
            Assert.True(g.BoardPowerWatts > 0, g.Id);
            Assert.True(g.Fp8DenseFlopsPerSecond is null || g.Fp8DenseFlopsPerSecond >= g.Bf16DenseFlopsPerSecond, g.Id);
        });
    }

    [Fact]
    public void Prices_CoverRequiredProviders_AndEveryPriceNamesAKnownGpu()
    {
        var providers = Fixtures.Catalog.ProviderIds.ToHashSet();
        Assert.Superset(new HashSet<string> { "aws", "azure", "gcp", "coreweave", "lambda", "runpod", "nebius" }, providers);
        var ids = Fixtures.Catalog.Gpus.Select(g => g.Id).ToHashSet();
        Assert.All(Fixtures.Catalog.Prices, p => Assert.Contains(p.GpuId, ids));
        Assert.Contains(Fixtures.Catalog.Prices, p => p.CapacityClass == CapacityClass.Spot);
        Assert.Contains(Fixtures.Catalog.Prices, p => p.CapacityClass == CapacityClass.Reserved);
    }

    [Fact]
    public void Apis_IncludeSora2AtTenCentsPerSecond()
    {
        var sora = Fixtures.Catalog.Apis.First(a => a.Model == "sora-2" && a.PriceUnit == "per_second");
        Assert.Equal(0.10, sora.PriceUsd);
        Assert.Contains(Fixtures.Catalog.Apis, a => a.Provider.StartsWith("Google", StringComparison.Ordinal));
        Assert.Contains(Fixtures.Catalog.Apis, a => a.Provider == "Runway");
        Assert.Contains(Fixtures.Catalog.Apis, a => a.Provider.StartsWith("Kuaishou Kling", StringComparison.Ordinal));
        Assert.Contains(Fixtures.Catalog.Apis, a => a.Provider == "Luma AI");
    }

    [Theory]
    [InlineData("h100 sxm", "H100-SXM")]
    [InlineData("RTX4090", "RTX-4090")]
    [InlineData("A100/A800", null)]
    public void FindGpu_NormalisesNames(string name, string? expected)
    {
        Assert.Equal(expected, Fixtures.Catalog.FindGpu(name).Value?.Id);
    }

    [Fact]
    public void FindModel_Typo_SuggestsNearest()
    {
        var lookup = Fixtures.Catalog.FindModel("wan2.1-t2v-14");
        Assert.Null(lookup.Value);
        Assert.Contains("wan2.1-t2v-14b", lookup.Suggestions);
    }

    [Fact]
    public void FindPrice_LambdaH100_TakesLowestCurrentQuote()
    {
        var price = Fixtures.Catalog.FindPrice("lambda", "H100-SXM", CapacityClass.OnDemand, out var others);
        Assert.NotNull(price);
        Assert.Equal("2026-09-20", price.Provenance.AsOf);
        Assert.Equal(3.99, price.UsdPerGpuHour);
        Assert.Equal(1, others);
    }
}
