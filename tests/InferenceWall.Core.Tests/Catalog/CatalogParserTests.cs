using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Tests.Catalog;

public class CatalogParserTests
{
    private const string GpuHeader =
        "id,aliases,name,vendor,family,bf16_dense_tflops,fp16_dense_tflops,fp8_dense_tflops,memory_gb,memory_bandwidth_tbps,gpu_link,gpu_link_bandwidth_gbps,host_link_bandwidth_gbps,board_power_w,confidence,source,as_of,notes";

    [Fact]
    public void Parse_Override_ReplacesEntryWithSameId()
    {
        var user = new CatalogFile(CatalogKind.Gpus, "mine/gpus.csv",
            GpuHeader + "\nH100-SXM,,My H100,NVIDIA,hopper,900,900,1800,80,3.35,NVLink,900,128,700,high,my lab,2026-11-01,measured\n");

        var (catalog, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(user));

        Assert.Empty(errors);
        var gpu = catalog.FindGpu("H100-SXM").Value!;
        Assert.Equal(900e12, gpu.Bf16DenseFlopsPerSecond);
        Assert.Equal("mine/gpus.csv:2", gpu.Provenance.File);
        Assert.Equal(EmbeddedData.Catalog().Gpus.Length, catalog.Gpus.Length);
    }

    [Fact]
    public void Parse_BadRows_ReportsEveryProblemWithLineAndColumn()
    {
        var bad = new CatalogFile(CatalogKind.Gpus, "bad/gpus.csv",
            GpuHeader + "\n" +
            "X1,,X,NV,ada,lots,100,,48,0.9,PCIe,64,64,300,low,src,2026,\n" +
            "X2,,X,NV,ada,100,100,,48,0.9,PCIe,64,64,-5,low,,2026,\n");

        var (_, errors) = CatalogParser.Parse([bad]);

        Assert.Contains(errors, e => e.Location!.Line == 2 && e.Path == "bf16_dense_tflops" && e.Message.Contains("'lots' is not a number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "board_power_w");
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "source");
    }

    [Fact]
    public void Parse_MissingColumn_NamesIt()
    {
        var (_, errors) = CatalogParser.Parse([new CatalogFile(CatalogKind.Gpus, "g.csv", "id,name\nA,B\n")]);
        Assert.Contains(errors, e => e.Path == "board_power_w" && e.Location!.Line == 1);
    }

    [Fact]
    public void Parse_PriceForUnknownGpu_SuggestsId()
    {
        var header = "provider,provider_name,service,sku,gpu,gpus_per_instance,region,capacity_class,pricing_model,usd_per_gpu_hour,usd_per_instance_hour,per_gpu_is_derived,as_of,source,notes";
        var prices = new CatalogFile(CatalogKind.Prices, "p.csv", header + "\nacme,Acme,,box,H100SXM,1,,on_demand,on_demand,2.5,,no,2026-11-01,acme.example,\n");
        var (_, errors) = CatalogParser.Parse(EmbeddedData.CatalogFiles().Append(prices));
        Assert.Contains(errors, e => e.Message.Contains("H100-SXM", StringComparison.Ordinal));
    }
}
