using System.Text.Json.Nodes;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Catalog;

namespace InferenceWall.Application.Tests.Runs;

public sealed class RunProvenanceTests
{
    private static readonly string Startup = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    private static RunPlan Plan(string kind, string options = "{}") =>
        RunPlanner.Plan(new RunSubmission { Kind = kind, ScenarioYaml = Startup, Options = JsonNode.Parse(options)!.AsObject() }).Value!;

    [Fact]
    public void Thaw_OfAFrozenCatalog_RecomputesTheSameResult()
    {
        var plan = Plan("economics");
        var provenance = RunProvenance.Of(plan, EngineData.Shipped);
        var thawed = RunProvenance.Thaw(provenance.CatalogJson, provenance.CalibrationJson);
        Assert.True(thawed.IsOk, string.Join("; ", thawed.Problems.Select(p => p.Text)));
        Assert.Equal(RunExecutor.Execute(plan, EngineData.Shipped).Value!.ResultJson, RunExecutor.Execute(plan, thawed.Value!).Value!.ResultJson);
        Assert.Equal(provenance.CatalogSha256, RunProvenance.Of(plan, thawed.Value!).CatalogSha256);
        Assert.Equal(provenance.CalibrationSha256, RunProvenance.Of(plan, thawed.Value!).CalibrationSha256);
    }

    [Fact]
    public void Of_ACatalogWithAnOverride_HasAnotherHash_AndKeepsItsPrices()
    {
        var plan = Plan("economics");
        var cheaper = EngineData.Load(new DataInputs
        {
            CatalogFiles = [new CatalogFile(CatalogKind.Prices, "override/prices.csv",
                "provider,provider_name,service,sku,gpu,gpus_per_instance,region,capacity_class,pricing_model,usd_per_gpu_hour,usd_per_instance_hour,per_gpu_is_derived,as_of,source,notes\n" +
                "lambda,Lambda,cloud,test,H100-SXM,8,us,on_demand,on_demand,1.00,8.00,yes,2026-09-26,test fixture,cheaper\n")],
        });
        Assert.True(cheaper.IsOk, string.Join("; ", cheaper.Problems.Select(p => p.Text)));
        var shipped = RunProvenance.Of(plan, EngineData.Shipped);
        var changed = RunProvenance.Of(plan, cheaper.Value!);
        Assert.NotEqual(shipped.CatalogSha256, changed.CatalogSha256);
        Assert.Contains("test fixture", changed.UsedCatalogJson, StringComparison.Ordinal);
        Assert.DoesNotContain("test fixture", shipped.UsedCatalogJson, StringComparison.Ordinal);

        // The frozen copy of the changed catalog gives the changed answer, the shipped one the shipped answer.
        var frozen = RunProvenance.Thaw(changed.CatalogJson, changed.CalibrationJson).Value!;
        Assert.Equal(RunExecutor.Execute(plan, cheaper.Value!).Value!.ResultJson, RunExecutor.Execute(plan, frozen).Value!.ResultJson);
        Assert.NotEqual(RunExecutor.Execute(plan, EngineData.Shipped).Value!.ResultJson, RunExecutor.Execute(plan, frozen).Value!.ResultJson);
    }

    [Fact]
    public void UsedCatalog_OfAnEconomicsRun_HoldsItsModelGpuAndProviderPricesWithSources()
    {
        var used = JsonNode.Parse(RunProvenance.Of(Plan("economics"), EngineData.Shipped).UsedCatalogJson)!;
        Assert.Equal("wan2.1-t2v-14b", Assert.Single(used["models"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal("H100-SXM", Assert.Single(used["gpus"]!.AsArray())!["id"]!.GetValue<string>());
        var prices = used["prices"]!.AsArray();
        Assert.NotEmpty(prices);
        Assert.All(prices, p =>
        {
            Assert.Equal("lambda", p!["provider"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(p["source"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(p["as_of"]!.GetValue<string>()));
        });
    }

    [Fact]
    public void Thaw_RefusesAnUnreadableCatalog()
    {
        Assert.False(RunProvenance.Thaw("not json", EngineData.Shipped.Calibration.ToJson()).IsOk);
        Assert.False(RunProvenance.Thaw("[{\"kind\":\"spaceships\",\"source\":\"x\",\"text\":\"\"}]", EngineData.Shipped.Calibration.ToJson()).IsOk);
    }
}
