using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Tests.Catalog;

/// <summary>levers.csv: every lever typed, sourced and checked against the catalog (issue 11).</summary>
public sealed class LeverRowsTests
{
    private const string Header = "id,name,kind,value,removes_cfg,models,min_steps,excludes,quality_metric,quality_delta,quality_note,notes,source,as_of,quote";

    private static CatalogFile Levers(string text) => new(CatalogKind.Levers, "mine/levers.csv", text);

    [Fact]
    public void Shipped_EveryLeverHasASourceAndAQualityNote()
    {
        Assert.NotEmpty(Fixtures.Catalog.Levers);
        Assert.All(Fixtures.Catalog.Levers, l =>
        {
            Assert.NotEmpty(l.Provenance.Source);
            Assert.NotEmpty(l.QualityNote);
        });
        Assert.Contains(Fixtures.Catalog.Levers, l => l.Kind == LeverKind.StepCache);
        Assert.Contains(Fixtures.Catalog.Levers, l => l.Kind == LeverKind.Distill && l.RemovesCfg);
    }

    [Fact]
    public void Parse_UserLever_TypedFromItsValue()
    {
        var files = EmbeddedData.CatalogFiles().Append(Levers(Header + "\nmy-cache,My cache,step_cache,0.4,,wan2.1-t2v-1.3b,30,teacache-wan21-1.3b,,-0.5,VBench -0.5,,my lab,2026-11-01,\n"));

        var (catalog, errors) = CatalogParser.Parse(files);

        Assert.Empty(errors);
        var l = catalog.FindLever("my-cache").Value!;
        Assert.Equal((LeverKind.StepCache, (double?)0.4, (int?)30, (double?)-0.5), (l.Kind, l.Share, l.MinSteps, l.QualityDelta));
        Assert.Equal("wan2.1-t2v-1.3b", Assert.Single(l.Models));
        Assert.Equal("mine/levers.csv:2", l.Provenance.File);
    }

    [Fact]
    public void Parse_BadLevers_EachReportedWithFieldAndLine()
    {
        var text = Header + "\n" +
            "a,A,warp,1,,,,,,,q,,src,2026-11-01,\n" +
            "b,B,step_cache,1.5,,,,,,,q,,src,2026-11-01,\n" +
            "c,C,precision,fp3,,,,,,,q,,src,2026-11-01,\n" +
            "d,D,cfg_off,,true,,,,,,q,,src,2026-11-01,\n" +
            "e,E,gpu,H1000,,,,,,,q,,src,2026-11-01,\n" +
            "f,F,compile,,,wan9,,nope,,,q,,src,2026-11-01,\n" +
            "g,G,distill,four,,,,,,,,,src,2026-11-01,\n";

        var (_, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(Levers(text)));

        Assert.Contains(errors, e => e.Location!.Line == 2 && e.Path == "kind" && e.Message.Contains("distill", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "value" && e.Message.Contains("(0, 1]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 4 && e.Path == "value" && e.Message.Contains("fp3", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 5 && e.Path == "removes_cfg");
        Assert.Contains(errors, e => e.Location!.Line == 6 && e.Path == "value" && e.Message.Contains("'H1000'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 7 && e.Path == "models" && e.Message.Contains("'wan9'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 7 && e.Path == "excludes" && e.Message.Contains("'nope'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 8 && e.Path == "value" && e.Message.Contains("'four'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 8 && e.Path == "quality_note");
    }

    [Fact]
    public void Parse_MeasuredAsOnAnythingButAStepCache_IsAnError()
    {
        var text = Header + ",measured_as\n" +
            "c1,C1,step_cache,0.5,,,,,,,q,,src,2026-11-01,,teacache:0.3\n" +
            "c2,C2,compile,,,,,,,,q,,src,2026-11-01,,teacache:0.3\n";

        var (catalog, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(Levers(text)));

        Assert.Equal("teacache:0.3", catalog.FindLever("c1").Value!.MeasuredAs);
        var e = Assert.Single(errors);
        Assert.Equal((3, "measured_as"), (e.Location!.Line, e.Path));
    }

    [Fact]
    public void Estimate_SparseAttentionAndStepCache_ScaleTheirWorkOnly()
    {
        var request = Fixtures.Request("wan2.1-t2v-14b", "h100-sxm", 1280, 720, 81, 50);
        var dense = ClipCost.Estimate(request, Fixtures.Simple).Estimate!;
        var cached = ClipCost.Estimate(request with { ComputedStepShare = 0.4 }, Fixtures.Simple).Estimate!;
        var sparse = ClipCost.Estimate(request with { AttentionKeep = 0.25 }, Fixtures.Simple).Estimate!;

        Assert.Equal(0.4 * dense.Seconds(Phase.Denoise), cached.Seconds(Phase.Denoise), 1e-9 * dense.Seconds(Phase.Denoise));
        Assert.Equal(dense.Seconds(Phase.VaeDecode), cached.Seconds(Phase.VaeDecode));
        Assert.Equal(dense.StepSeconds, cached.StepSeconds);
        Assert.Contains(cached.Notes, n => n.Contains("40% of the 50 steps", StringComparison.Ordinal));
        // Attention is most of a 720p step: a quarter of it kept cuts the step, but not below a quarter.
        Assert.InRange(sparse.StepSeconds / dense.StepSeconds, 0.25, 0.9);
        Assert.Contains(sparse.Notes, n => n.Contains("25% of the attention scores", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 1, "attention_keep")]
    [InlineData(1.5, 1, "attention_keep")]
    [InlineData(1, 0, "computed_step_share")]
    [InlineData(1, double.NaN, "computed_step_share")]
    public void Check_SharesOutOfRange_NameTheField(double keep, double computed, string field)
    {
        var request = Fixtures.Request("wan2.1-t2v-1.3b", "h100-sxm", 832, 480, 81, 50) with { AttentionKeep = keep, ComputedStepShare = computed };
        Assert.Contains(ClipCost.Check(request), p => p.Path == field && p.Message.Contains("(0, 1]", StringComparison.Ordinal));
    }
}
