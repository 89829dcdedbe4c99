using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InferenceWall.Application;
using InferenceWall.Application.Catalog;
using InferenceWall.Application.Estimate;
using InferenceWall.Application.Json;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;

namespace InferenceWall.Web.Tests;

/// <summary>The stateless routes: health, estimate, scenario validation, catalog; bad input of every kind is a 4xx.</summary>
public sealed class ApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Estimate = """{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","gpus":4,"ulysses":4,"frames":81,"steps":50,"provider":"lambda"}""";
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Health_SaysOkTheStoreAndTheEngineVersion()
    {
        var body = await (await _server.Client.GetAsync("/api/health")).ObjectAsync();
        Assert.Equal("ok", (string)body["status"]!);
        Assert.Equal("sqlite", (string)body["store"]!);
        Assert.Equal(RunProvenance.Engine, (string)body["engine_version"]!);
    }

    [Fact]
    public async Task Jobs_ListAndCancel_RefuseBadInputWithTheField()
    {
        var list = await (await _server.Client.GetAsync("/api/jobs")).ObjectAsync();
        Assert.NotNull(list["jobs"]!.AsArray());

        var limit = await (await _server.Client.GetAsync("/api/jobs?limit=0")).ProblemAsync(400);
        Assert.Contains("limit", limit.ToJsonString(), StringComparison.Ordinal);
        var unknown = await (await _server.Client.GetAsync("/api/jobs?color=red")).ProblemAsync(400);
        Assert.Contains("color", unknown.ToJsonString(), StringComparison.Ordinal);

        await (await _server.PostAsync("/api/jobs/not-a-key/cancel", "{}")).ProblemAsync(404);
        var missing = await (await _server.PostAsync($"/api/jobs/{new string('e', 64)}/cancel", "{}")).ProblemAsync(404);
        Assert.Contains("no running job", missing.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_AnswersTheCliJsonByteForByte()
    {
        var response = await _server.PostAsync("/api/estimate", Estimate);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Type()?.MediaType);
        var problems = new List<Problem>();
        var request = RequestJson.Read<EstimateRequest>(Estimate, string.Empty, problems)!;
        Assert.Empty(problems);
        var expected = ContractJson.Serialize(EstimateUseCase.Run(request, EngineData.Shipped).Value);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Estimate_ThatDoesNotFit_Is422WithTheInfeasibility()
    {
        var body = await (await _server.PostAsync("/api/estimate", """{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","gpus":1,"frames":1281,"width":1920,"height":1080}""")).ProblemAsync(422);
        Assert.Equal("urn:inferencewall:problem:infeasible", (string)body["type"]!);
        Assert.All(body["problems"]!.AsArray(), p => Assert.Equal("infeasible", (string)p!["kind"]!));
    }

    [Theory]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","colour":"red"}""", "colour")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","frames":"many"}""", "frames")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","frames":81.5}""", "frames")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","utilization":NaN}""", "")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","utilization":Infinity}""", "")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","utilization":1e999}""", "utilization")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","frames":1e999}""", "frames")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","frames":99999999999999999999999}""", "frames")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","precision":"fp3"}""", "precision")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","frames":81,}""", "")]
    [InlineData("""{"model":"wan2.1-t2v-14b" "gpu":"h100-sxm"}""", "")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":""", "")]
    [InlineData("""[1,2,3]""", "")]
    [InlineData("""null""", "")]
    [InlineData("""42""", "")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm"} // a comment""", "")]
    [InlineData("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","model":"x"}""", "")]
    [InlineData("""{"model":"nope","gpu":"h100-sxm"}""", "model")]
    public async Task Estimate_BadInput_Is400WithTheFieldPath(string body, string path)
    {
        var problem = await (await _server.PostAsync("/api/estimate", body)).ProblemAsync(400);
        Assert.NotEmpty(problem["problems"]!.AsArray());
        if (path.Length > 0)
        {
            Assert.Contains(path, problem.Paths());
        }

        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
    }

    [Fact]
    public async Task EmptyBody_Is400()
    {
        var problem = await (await _server.PostAsync("/api/estimate", "")).ProblemAsync(400);
        Assert.Contains("empty", (string)problem["detail"]!);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=latin1")]
    public async Task WrongContentType_Is415(string type)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Estimate));
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        var problem = await (await _server.Client.PostAsync("/api/estimate", content)).ProblemAsync(415);
        Assert.Contains("Content-Type", problem.Paths());
    }

    [Fact]
    public async Task NoContentType_Is415()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Estimate));
        await (await _server.Client.PostAsync("/api/estimate", content)).ProblemAsync(415);
    }

    [Fact]
    public async Task InvalidUtf8_Is400()
    {
        var content = new ByteArrayContent([(byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        await (await _server.Client.PostAsync("/api/estimate", content)).ProblemAsync(400);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413_WithContentLengthOrChunked()
    {
        // Just over the limit; the client waits for 100-continue, as a well-behaved client of a server with a limit does.
        var big = "{\"model\":\"" + new string('x', (int)ServeOptions.DefaultMaxBodyBytes) + "\"}";
        var sized = new HttpRequestMessage(HttpMethod.Post, "/api/estimate") { Content = TestServer.Json(big) };
        sized.Headers.ExpectContinue = true;
        var problem = await (await _server.Client.SendAsync(sized)).ProblemAsync(413);
        Assert.Equal("urn:inferencewall:problem:limit_exceeded", (string)problem["type"]!);
        Assert.Contains("4,194,304", (string)problem["detail"]!);

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.ExpectContinue = true;
        await (await _server.Client.SendAsync(request)).ProblemAsync(413);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task DeepNesting_Is400()
    {
        var deep = "{\"model\":" + string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)) + "}";
        await (await _server.PostAsync("/api/estimate", deep)).ProblemAsync(400);
        await (await _server.PostAsync("/api/runs", "{\"kind\":\"estimate\",\"options\":" + deep + "}")).ProblemAsync(400);
    }

    [Fact]
    public async Task ValidScenario_IsOkWithItsTitle()
    {
        var yaml = await File.ReadAllTextAsync(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));
        var response = await _server.PostAsync("/api/scenarios/validate", new JsonObject { ["scenario_yaml"] = yaml, ["scenario_name"] = "startup.yaml" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ObjectAsync();
        Assert.True((bool)body["ok"]!);
        Assert.Equal("Startup, Wan2.1 14B at 720p on rented H100s", (string)body["title"]!);
        Assert.Empty(body["problems"]!.AsArray());
    }

    [Fact]
    public async Task BrokenYaml_Is400NamingTheLineAndTheFieldPath()
    {
        var yaml = (await File.ReadAllTextAsync(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"))).Replace("gpus_per_clip: 4", "gpus_per_clip: four", StringComparison.Ordinal);
        var line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("gpus_per_clip: four", StringComparison.Ordinal)) + 1;
        var problem = await (await _server.PostAsync("/api/scenarios/validate", new JsonObject { ["scenario_yaml"] = yaml, ["scenario_name"] = "/home/someone/startup.yaml" })).ProblemAsync(400);
        var first = problem["problems"]!.AsArray().Single(p => (string)p!["path"]! == "product.gpus_per_clip")!;
        Assert.Equal(line, (int)first["location"]!["line"]!);
        Assert.True((int)first["location"]!["column"]! > 0);
        Assert.Equal("startup.yaml", (string)first["location"]!["source"]!);
        Assert.Contains("product.gpus_per_clip", (string)problem["detail"]!);

        var run = await (await _server.PostAsync("/api/runs", new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = yaml })).ProblemAsync(400);
        Assert.Contains("product.gpus_per_clip", run.Paths());
        Assert.Equal(line, (int)run["problems"]!.AsArray().First(p => (string)p!["path"]! == "product.gpus_per_clip")!["location"]!["line"]!);
    }

    [Theory]
    [InlineData("""{"scenario_yaml":"name: x\n  bad: [unclosed"}""")]
    [InlineData("""{"scenario_yaml":42}""")]
    [InlineData("""{"scenario":"name: x"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"scenario_yaml":""}""")]
    public async Task BadValidationBodies_Are400(string body)
    {
        var problem = await (await _server.PostAsync("/api/scenarios/validate", body)).ProblemAsync(400);
        Assert.NotEmpty(problem["problems"]!.AsArray());
    }

    [Fact]
    public async Task Catalog_AnswersTheCliJsonOfEachPart()
    {
        var data = EngineData.Shipped;
        foreach (var kind in Enum.GetValues<CatalogKind>())
        {
            var response = CatalogUseCase.Run(new CatalogRequest { Kind = kind }, data).Value!;
            var expected = kind switch
            {
                CatalogKind.Gpus => ContractJson.Serialize(response.Gpus),
                CatalogKind.Models => ContractJson.Serialize(response.Models),
                CatalogKind.Apis => ContractJson.Serialize(response.Apis),
                CatalogKind.Hardware => ContractJson.Serialize(response.Hardware),
                CatalogKind.Stacks => ContractJson.Serialize(response.Stacks),
                CatalogKind.Vaes => ContractJson.Serialize(response.Vaes),
                CatalogKind.Levers => ContractJson.Serialize(response.Levers),
                CatalogKind.Upscalers => ContractJson.Serialize(response.Upscalers),
                _ => ContractJson.Serialize(response.Prices),
            };
            Assert.Equal(expected, await _server.Client.GetStringAsync("/api/catalog/" + CatalogUseCase.Name(kind)));
        }

        var lambda = JsonNode.Parse(await _server.Client.GetStringAsync("/api/catalog/prices?provider=lambda"))!.AsArray();
        Assert.NotEmpty(lambda);
        Assert.All(lambda, p => Assert.Equal("lambda", ((string)p!["provider"]!).ToLowerInvariant()));
    }

    [Fact]
    public async Task Catalog_UnknownPartIs404_BadFilterIs400()
    {
        await (await _server.Client.GetAsync("/api/catalog/spaceships")).ProblemAsync(404);
        var problem = await (await _server.Client.GetAsync("/api/catalog/models?gpu=h100-sxm")).ProblemAsync(400);
        Assert.Contains("gpu", problem.Paths());
        await (await _server.Client.GetAsync("/api/catalog/prices?color=red")).ProblemAsync(400);
    }

    [Fact]
    public async Task UnknownApiRoute_Is404ProblemDetails()
    {
        await (await _server.Client.GetAsync("/api/nothing/here")).ProblemAsync(404);
        await (await _server.Client.GetAsync("/api/runs/abc")).ProblemAsync(404);
        await (await _server.Client.PutAsync("/api/runs/abc", null)).ProblemAsync(404);
    }

    [Theory]
    [InlineData("DELETE", "/api/health", "GET")]
    [InlineData("PUT", "/api/runs", "GET, POST")]
    [InlineData("POST", "/api/runs/7/diff/8", "GET")]
    public async Task WrongMethodOnAKnownRoute_Is405WithTheMethodsItTakes(string method, string path, string allow)
    {
        using var answer = await _server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var problem = await answer.ProblemAsync(405);
        Assert.Equal(allow, string.Join(", ", answer.Content.Headers.Allow));
        Assert.Contains(method, (string)problem["detail"]!, StringComparison.Ordinal);
    }
}
