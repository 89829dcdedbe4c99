using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;

namespace InferenceWall.Core.Tests.Catalog;

/// <summary>upscalers.csv and the upscale phase it prices (issue 11: generate lower, then upscale).</summary>
public sealed class UpscalerRowsTests
{
    private const string Header = "id,name,parameters_b,steps,precision,gpu,output_width_px,output_height_px,frames,seconds,quality_note,notes,source,as_of,quote";

    private static CatalogFile Upscalers(string text) => new(CatalogKind.Upscalers, "mine/upscalers.csv", text);

    [Fact]
    public void Shipped_EveryUpscalerIsSourcedAndMeasuredOnACatalogGpu()
    {
        Assert.NotEmpty(Fixtures.Catalog.Upscalers);
        Assert.All(Fixtures.Catalog.Upscalers, u =>
        {
            Assert.NotEmpty(u.Provenance.Source);
            Assert.NotEmpty(u.QualityNote);
            Assert.NotNull(Fixtures.Catalog.FindGpu(u.Gpu).Value);
        });
        Assert.Contains(Fixtures.Catalog.Levers, l => l.Kind == LeverKind.Resolution && Fixtures.Catalog.FindUpscaler(l.Upscaler!).Value is not null);
    }

    [Fact]
    public void Parse_BadRows_EachReportedWithFieldAndLine()
    {
        var text = Header + "\n" +
            "a,A,0,1,bf16,H100-SXM,1280,720,81,10,q,,src,2026-11-01,\n" +
            "b,B,3,0,fp3,H100-SXM,1280,720,81,-1,q,,src,2026-11-01,\n" +
            "c,C,3,1,bf16,H1000,1280,720,81,10,,,src,2026-11-01,\n";
        var levers = new CatalogFile(CatalogKind.Levers, "mine/levers.csv",
            "id,name,kind,value,removes_cfg,models,min_steps,excludes,quality_metric,quality_delta,quality_note,notes,source,as_of,quote\n" +
            "r1,R1,resolution,480:nope,,,,,,,q,,src,2026-11-01,\n" +
            "r2,R2,resolution,tall,,,,,,,q,,src,2026-11-01,\n");

        var (_, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(Upscalers(text)).Append(levers));

        Assert.Contains(errors, e => e.Location!.Line == 2 && e.Path == "parameters_b");
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "steps");
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "precision" && e.Message.Contains("fp3", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "seconds");
        Assert.Contains(errors, e => e.Location!.Line == 4 && e.Path == "quality_note");
        Assert.Contains(errors, e => e.Location!.Line == 2 && e.Path == "value" && e.Message.Contains("upscaler 'nope'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "value" && e.Message.Contains("480:seedvr2-3b", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_Upscale_APhaseScaledByOutputPixelsAndPeak()
    {
        var upscaler = Fixtures.Catalog.FindUpscaler("seedvr2-3b").Value!;
        var measured = Fixtures.Catalog.FindGpu(upscaler.Gpu).Value!;
        var gpu = Fixtures.Catalog.FindGpu("H100-SXM").Value!;
        var request = new CostRequest
        {
            Model = Fixtures.Catalog.FindModel("wan2.1-t2v-14b").Value!,
            Gpu = gpu,
            Clip = new ClipSpec { WidthPixels = 848, HeightPixels = 480, Frames = 81, Steps = 50 },
        };
        var calibration = CostCalibration.Shipped();
        var plain = ClipCost.Estimate(request, calibration).Estimate!;
        var upscaled = ClipCost.Estimate(request with { Upscale = new UpscaleRequest(upscaler, measured.Bf16DenseFlopsPerSecond, 1280, 720) }, calibration).Estimate!;

        // By hand: its measured seconds × (1280 × 720 × 81) / (1920 × 1080 × 149) × the H100 NVL's peak / the H100 SXM's.
        var expected = upscaler.Seconds * (1280.0 * 720 * 81) / (1920.0 * 1080 * 149) * measured.Bf16DenseFlopsPerSecond / gpu.Bf16DenseFlopsPerSecond;
        Assert.Equal(expected, upscaled.Seconds(Phase.Upscale), 1e-9);
        Assert.Equal(plain.LatencySeconds + expected, upscaled.LatencySeconds, 1e-9);
        Assert.Equal(0, plain.Seconds(Phase.Upscale));
        Assert.Contains(upscaled.Notes, n => n.Contains("upscaled to 1280x720 by seedvr2-3b", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_UpscaleToASmallerSize_Refused()
    {
        var upscaler = Fixtures.Catalog.FindUpscaler("seedvr2-3b").Value!;
        var request = new CostRequest
        {
            Model = Fixtures.Catalog.FindModel("wan2.1-t2v-14b").Value!,
            Gpu = Fixtures.Catalog.FindGpu("H100-SXM").Value!,
            Clip = new ClipSpec { WidthPixels = 1280, HeightPixels = 720, Frames = 81, Steps = 50 },
            Upscale = new UpscaleRequest(upscaler, 1e15, 848, 480),
        };

        var outcome = ClipCost.Estimate(request, CostCalibration.Shipped());

        Assert.Contains(outcome.Problems, p => p.Path == "upscale");
    }

    [Theory]
    [InlineData(1280, 720, 480, 848)]
    [InlineData(1920, 1080, 720, 1280)]
    [InlineData(720, 1280, 480, 272)]
    public void GeneratedSize_KeepsTheAspectRatioOnA16PixelGrid(int width, int height, int generateHeight, int expectedWidth)
    {
        Assert.Equal((expectedWidth, generateHeight), ClipCosting.GeneratedSize(width, height, generateHeight));
    }
}
