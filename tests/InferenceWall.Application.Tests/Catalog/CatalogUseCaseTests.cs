using InferenceWall.Application.Catalog;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Tests.Catalog;

/// <summary>The catalog use case on its own.</summary>
public class CatalogUseCaseTests
{
    [Fact]
    public void Run_PricesForOneProviderAndGpu_OnlyThose()
    {
        var r = CatalogUseCase.Run(new CatalogRequest { Kind = CatalogKind.Prices, Provider = "LAMBDA", Gpu = "h100 sxm" }, EngineData.Shipped).Value!;
        Assert.Equal(2, r.Prices.Length);
        Assert.All(r.Prices, p => Assert.Equal(("lambda", "H100-SXM"), (p.Provider, p.Gpu)));
        Assert.Empty(r.Gpus);
    }

    [Fact]
    public void Run_HardwareForOneGpu_OnlyThatGpu()
    {
        var r = CatalogUseCase.Run(new CatalogRequest { Kind = CatalogKind.Hardware, Gpu = "H100-SXM" }, EngineData.Shipped).Value!;
        Assert.All(r.Hardware, h => Assert.Equal("H100-SXM", h.Gpu));
        Assert.NotEmpty(r.Hardware);
    }

    [Fact]
    public void Run_Stacks_EveryStackWithItsFacts_AndNoGpuFilter()
    {
        var r = CatalogUseCase.Run(new CatalogRequest { Kind = CatalogKind.Stacks }, EngineData.Shipped).Value!;
        // xDiT's parallel VAE is an opt-in flag (off by default); LightX2V splits the Wan VAE by default.
        Assert.False(Assert.Single(r.Stacks, s => s.Id == "xdit").ParallelVae);
        Assert.True(Assert.Single(r.Stacks, s => s.Id == "lightx2v").ParallelVae);
        Assert.Equal(EngineData.Shipped.Catalog.Stacks.Length, r.Stacks.Length);

        var filtered = CatalogUseCase.Run(new CatalogRequest { Kind = CatalogKind.Stacks, Gpu = "h100-sxm" }, EngineData.Shipped);
        Assert.Equal("gpu", Assert.Single(filtered.Problems).Path);
    }

    [Fact]
    public void Run_FiltersThatDoNotApply_BadInputEach()
    {
        var outcome = CatalogUseCase.Run(new CatalogRequest { Kind = CatalogKind.Models, Provider = "aws", Gpu = "h100-sxm" }, EngineData.Shipped);
        Assert.Equal(["provider", "gpu"], outcome.Problems.Select(p => p.Path));
        Assert.All(outcome.Problems, p => Assert.Equal(ProblemKind.BadInput, p.Kind));
    }

    [Fact]
    public void Run_UnknownProviderAndGpu_NotFoundWithSuggestions()
    {
        var outcome = CatalogUseCase.Run(new CatalogRequest { Kind = CatalogKind.Prices, Provider = "lambdaa", Gpu = "h100sx" }, EngineData.Shipped);
        Assert.Equal([ProblemKind.NotFound, ProblemKind.NotFound], outcome.Problems.Select(p => p.Kind));
        Assert.Contains("'lambda'", outcome.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("'H100-SXM'", outcome.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Models_CarryHeadsForTheUlyssesCheck()
    {
        var r = CatalogUseCase.Run(new CatalogRequest { Kind = CatalogKind.Models }, EngineData.Shipped).Value!;
        Assert.Equal(12, r.Models.Single(m => m.Id == "wan2.1-t2v-1.3b").Heads);
        Assert.Null(r.Models.Single(m => m.Id == "consisid-preview").Heads);
    }
}
