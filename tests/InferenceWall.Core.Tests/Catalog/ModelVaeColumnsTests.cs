using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Tests.Catalog;

/// <summary>models.csv's per-token weights and VAE columns, and vaes.csv.</summary>
public sealed class ModelVaeColumnsTests
{
    private const string OldModelHeader =
        "id,aliases,params_b,layers,hidden_dim,heads,head_dim,ffn_dim,attention_kind,text_tokens,text_tokens_source,text_encoder,text_encoder_params_b," +
        "vae_temporal_compression,vae_spatial_compression,latent_channels,patch_t,patch_h,patch_w,default_steps,uses_cfg,cfg_note,attention,source,as_of,quote";

    private const string ModelHeader = OldModelHeader + ",token_params_b,text_token_params_b,vae";

    private const string OldModelRow = "mine-1,,10,20,1024,8,128,4096,cross,128,,,,4,8,16,1,2,2,30,true,,,my lab,2026-11-01,";

    private const string VaeHeader = "id,name,decoder_params_b,decode_gflops_per_pixel,decoder_channels,latent_frames_per_call,tile_px,tiled_by_default,notes,source,as_of,quote";

    private static CatalogFile Models(string text) => new(CatalogKind.Models, "mine/models.csv", text);

    private static CatalogFile Vaes(string text) => new(CatalogKind.Vaes, "mine/vaes.csv", text);

    [Fact]
    public void Parse_NewColumns_InBillionsWithTheVaesWorkResolved()
    {
        var files = EmbeddedData.CatalogFiles()
            .Append(Vaes(VaeHeader + "\nmy-vae,My VAE,0.1,0.02,,,,false,,my lab,2026-11-01,\n"))
            .Append(Models(ModelHeader + "\n" + OldModelRow + ",8.5,1.25,MY-VAE\n"));

        var (catalog, errors) = CatalogParser.Parse(files);

        Assert.Empty(errors);
        var model = catalog.FindModel("mine-1").Value!;
        Assert.Equal(8.5e9, model.TokenParameters);
        Assert.Equal(1.25e9, model.TextTokenParameters);
        Assert.Equal("my-vae", model.VaeId);
        Assert.Equal(0.02e9, model.VaeDecodeFlopsPerPixel);
        var vae = catalog.FindVae("my-vae").Value!;
        Assert.Equal(0.1e9, vae.DecoderParameters);
        Assert.Equal("My VAE", vae.Name);
        Assert.Equal("mine/vaes.csv:2", vae.Provenance.File);
    }

    [Fact]
    public void Parse_OverrideWithoutTheNewColumns_ParsesWithThemEmpty()
    {
        var (catalog, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(Models(OldModelHeader + "\n" + OldModelRow + "\n")));

        Assert.Empty(errors);
        var model = catalog.FindModel("mine-1").Value!;
        Assert.Null(model.TokenParameters);
        Assert.Null(model.TextTokenParameters);
        Assert.Equal(string.Empty, model.VaeId);
        Assert.Null(model.VaeDecodeFlopsPerPixel);
        Assert.Equal(10e9, model.TransformerParameters);
    }

    [Fact]
    public void Parse_OverrideOfAShippedModelWithoutTheNewColumns_DropsItsShippedValues()
    {
        // An override row replaces the shipped row whole: what it leaves out is not known for it.
        var (catalog, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(Models(OldModelHeader + "\n" + OldModelRow.Replace("mine-1", "wan2.1-t2v-14b", StringComparison.Ordinal) + "\n")));

        Assert.Empty(errors);
        Assert.NotNull(Fixtures.Model("wan2.1-t2v-14b").TokenParameters);
        Assert.Null(catalog.FindModel("wan2.1-t2v-14b").Value!.TokenParameters);
    }

    [Fact]
    public void Parse_BadNewFields_EachReportedWithFieldAndLine()
    {
        var text = ModelHeader + "\n" +
            OldModelRow.Replace("mine-1", "m2", StringComparison.Ordinal) + ",lots,1,\n" +
            OldModelRow.Replace("mine-1", "m3", StringComparison.Ordinal) + ",-1,0,\n" +
            OldModelRow.Replace("mine-1", "m4", StringComparison.Ordinal) + ",12,,\n" +
            OldModelRow.Replace("mine-1", "m5", StringComparison.Ordinal) + ",5,1,wan21-vae\n";

        var (_, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(Models(text)));

        Assert.Contains(errors, e => e.Location!.Line == 2 && e.Path == "token_params_b" && e.Message.Contains("'lots' is not a number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "token_params_b" && e.Message.Contains("out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "text_token_params_b" && e.Message.Contains("out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 4 && e.Path == "token_params_b" && e.Message.Contains("more than params_b (10)", StringComparison.Ordinal));
        var vae = Assert.Single(errors, e => e.Path == "vae");
        Assert.Equal(5, vae.Location!.Line);
        Assert.Equal("mine/models.csv", vae.Location.Source);
        Assert.Contains("'wan21-vae'", vae.Message, StringComparison.Ordinal);
        Assert.Contains("wan2.1-vae", vae.Message, StringComparison.Ordinal);
        Assert.Contains("ltx-video-vae", vae.Message, StringComparison.Ordinal);
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void Parse_TokenWeightsWithoutParams_AreNotComparedAndParse()
    {
        var row = OldModelRow.Replace(",10,20,", ",,20,", StringComparison.Ordinal) + ",12,1,\n";
        var (catalog, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(Models(ModelHeader + "\n" + row)));

        Assert.Empty(errors);
        Assert.Equal(12e9, catalog.FindModel("mine-1").Value!.TokenParameters);
    }

    [Fact]
    public void Parse_BadVaeRows_EachReportedWithFieldAndLine()
    {
        var text = VaeHeader + "\n" +
            "v1,V1,big,0.01,,,,false,,src,2026-11-01,\n" +
            "v2,V2,0.1,-1,,,,false,,src,2026-11-01,\n" +
            "v3,V3,0.1,0.01,,,,false,,,2026-11-01,\n" +
            ",V4,0.1,0.01,,,,false,,src,2026-11-01,\n" +
            "v5,V5,0.1,0.01,96,1,,true,,src,2026-11-01,\n" +
            "v6,V6,0.1,0.01,wide,0,4,maybe,,src,2026-11-01,\n";

        var (_, errors) = CatalogParser.Parse([Vaes(text)]);

        Assert.Contains(errors, e => e.Location!.Line == 2 && e.Path == "decoder_params_b" && e.Message.Contains("'big' is not a number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "decode_gflops_per_pixel");
        Assert.Contains(errors, e => e.Location!.Line == 4 && e.Path == "source");
        Assert.Contains(errors, e => e.Location!.Line == 5 && e.Path == "id");
        Assert.Contains(errors, e => e.Location!.Line == 6 && e.Path == "tiled_by_default" && e.Message.Contains("tile_px is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 7 && e.Path == "decoder_channels");
        Assert.Contains(errors, e => e.Location!.Line == 7 && e.Path == "latent_frames_per_call");
        Assert.Contains(errors, e => e.Location!.Line == 7 && e.Path == "tile_px");
        Assert.Contains(errors, e => e.Location!.Line == 7 && e.Path == "tiled_by_default");
        Assert.Equal(9, errors.Count);
    }

    [Fact]
    public void Parse_TilingAndRelativeEfficiencyColumns_ReadAndCheckedWithFieldAndLine()
    {
        const string header = "id,name,decoder_params_b,decode_gflops_per_pixel,decoder_channels,latent_frames_per_call,tile_px,tiled_by_default,tile_overlap,tile_frames,efficiency_vs_wan21,notes,source,as_of,quote";
        var text = header + "\n" +
            "good,Good,0.1,0.01,128,4,256,true,0.25,64,1.5,,src,2026-11-01,\n" +
            "v2,V2,0.1,0.01,,,256,true,1,,,,src,2026-11-01,\n" +
            "v3,V3,0.1,0.01,,,,false,0.25,,,,src,2026-11-01,\n" +
            "v4,V4,0.1,0.01,,,,false,,16,,,src,2026-11-01,\n" +
            "v5,V5,0.1,0.01,,,,false,,,11,,src,2026-11-01,\n" +
            "v6,V6,0.1,0.01,,,,false,,,0,,src,2026-11-01,\n";

        var (catalog, errors) = CatalogParser.Parse([Vaes(text)]);

        var good = catalog.FindVae("good").Value!;
        Assert.Equal(0.25, good.TileOverlap);
        Assert.Equal(64, good.TileFrames);
        Assert.Equal(1.5, good.EfficiencyVsWan21);
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "tile_overlap" && e.Message.Contains("not a share below 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 4 && e.Path == "tile_overlap" && e.Message.Contains("tile_px is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 5 && e.Path == "tile_frames" && e.Message.Contains("tile_px is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 6 && e.Path == "efficiency_vs_wan21" && e.Message.Contains("at most 10", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 7 && e.Path == "efficiency_vs_wan21");
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void Parse_VaesWithoutAColumn_NamesIt()
    {
        var (_, errors) = CatalogParser.Parse([Vaes("id,name,decoder_params_b,decoder_channels,latent_frames_per_call,tile_px,tiled_by_default,notes,source,as_of,quote\nv,V,0.1,,,,false,,src,2026-11-01,\n")]);
        var e = Assert.Single(errors);
        Assert.Equal("decode_gflops_per_pixel", e.Path);
        Assert.Equal(1, e.Location!.Line);
    }

    [Fact]
    public void Parse_VaeWithoutDecodeWork_LeavesTheModelsWorkNull()
    {
        var files = EmbeddedData.CatalogFiles()
            .Append(Vaes(VaeHeader + "\nuncounted,Uncounted,,,,,,false,decoder code not read,src,undated,\n"))
            .Append(Models(ModelHeader + "\n" + OldModelRow + ",8,1,uncounted\n"));

        var (catalog, errors) = CatalogParser.Parse(files);

        Assert.Empty(errors);
        var model = catalog.FindModel("mine-1").Value!;
        Assert.Equal("uncounted", model.VaeId);
        Assert.Null(model.VaeDecodeFlopsPerPixel);
    }

    [Fact]
    public void ShippedModels_TokenWeightsWithinTheirParametersAndAVaeThatResolves()
    {
        Assert.All(Fixtures.Catalog.Models, m =>
        {
            Assert.True(m.TokenParameters > 0, m.Id);
            Assert.True(m.TextTokenParameters > 0, m.Id);
            Assert.True(m.TransformerParameters is null || m.TokenParameters <= m.TransformerParameters, m.Id);
            var vae = Fixtures.Catalog.FindVae(m.VaeId).Value;
            Assert.True(vae is not null, $"{m.Id}: vae '{m.VaeId}'");
            Assert.Equal(vae.Id, m.VaeId);
            Assert.Equal(vae.DecodeFlopsPerPixel, m.VaeDecodeFlopsPerPixel);
        });
    }

    [Fact]
    public void ShippedVaes_EachUsedWithSourceAndCountedWorkWherePresent()
    {
        var used = Fixtures.Catalog.Models.Select(m => m.VaeId).ToHashSet(StringComparer.Ordinal);
        Assert.All(Fixtures.Catalog.Vaes, v =>
        {
            Assert.Contains(v.Id, used);
            Assert.False(string.IsNullOrWhiteSpace(v.Provenance.Source), v.Id);
            // Decoder work per output pixel lies between 0.1 and 100 MFLOP for every counted video VAE.
            Assert.True(v.DecodeFlopsPerPixel is null || v.DecodeFlopsPerPixel is > 1e5 and < 1e8, v.Id);
            Assert.True(v.DecodeFlopsPerPixel is null || v.Notes.Length > 0, v.Id);
        });
    }
}
