using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Tests.Catalog;

public class StackRowsTests
{
    private const string Header = "id,aliases,name,compiles,parallel_vae,attention_kernel,notes,source,as_of,quote";

    [Fact]
    public void Shipped_HasTheDefaultStackAndEveryRowSourced()
    {
        var catalog = EmbeddedData.Catalog();

        Assert.NotNull(catalog.FindStack(VideoCatalog.DefaultStackId).Value);
        Assert.True(catalog.Stacks.Length >= 6);
        Assert.All(catalog.Stacks, s => Assert.False(string.IsNullOrWhiteSpace(s.Provenance.Source)));
        Assert.All(catalog.Stacks, s => Assert.True(Words.AttentionKernel.TryParse(s.AttentionKernel, out _), s.Id));
    }

    [Theory]
    [InlineData("xfuser", "xdit")]
    [InlineData("SGL-Diffusion", "sglang")]
    [InlineData("LightX2V", "lightx2v")]
    public void FindStack_ByAlias_FindsTheStack(string name, string id) =>
        Assert.Equal(id, EmbeddedData.Catalog().FindStack(name).Value?.Id);

    [Fact]
    public void FindStack_Unknown_SuggestsNearest()
    {
        var lookup = EmbeddedData.Catalog().FindStack("difusers");

        Assert.False(lookup.Found);
        Assert.Contains("diffusers", lookup.Suggestions);
    }

    [Fact]
    public void Parse_Override_ReplacesStackWithSameId()
    {
        var mine = new CatalogFile(CatalogKind.Stacks, "mine/stacks.csv", Header + "\ndiffusers,,Our diffusers fork,true,true,fa3,compiled build,our lab,2026-11-01,\n");

        var (catalog, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(mine));

        Assert.Empty(errors);
        var stack = catalog.FindStack("diffusers").Value!;
        Assert.True(stack.Compiles);
        Assert.True(stack.ParallelVae);
        Assert.Equal("fa3", stack.AttentionKernel);
        Assert.Equal("mine/stacks.csv:2", stack.Provenance.File);
        Assert.Equal(EmbeddedData.Catalog().Stacks.Length, catalog.Stacks.Length);
    }

    [Fact]
    public void Parse_BadRows_ReportsEveryProblemWithLineAndField()
    {
        var bad = new CatalogFile(CatalogKind.Stacks, "bad/stacks.csv", Header + "\n" +
            "s1,,S1,sometimes,false,default,,src,2026,\n" +
            "s2,,S2,false,maybe,flash9,,,2026,\n" +
            ",,S3,false,false,default,,src,2026-13-45,\n");

        var (catalog, errors) = CatalogParser.Parse([bad]);

        Assert.Empty(catalog.Stacks);
        Assert.Contains(errors, e => e.Location!.Line == 2 && e.Path == "compiles");
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "parallel_vae");
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "attention_kernel" && e.Message.Contains("fa3", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "source");
        Assert.Contains(errors, e => e.Location!.Line == 4 && e.Path == "id");
        Assert.Contains(errors, e => e.Location!.Line == 4 && e.Path == "as_of");
    }

    [Fact]
    public void Parse_MissingColumn_NamesIt()
    {
        var (_, errors) = CatalogParser.Parse([new CatalogFile(CatalogKind.Stacks, "s.csv", "id,name\nx,X\n")]);
        Assert.Contains(errors, e => e.Path == "parallel_vae" && e.Location!.Line == 1);
    }
}
