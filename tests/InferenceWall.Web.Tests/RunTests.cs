using System.Net;
using System.Text.Json.Nodes;
using InferenceWall.Application;
using InferenceWall.Application.Runs;
using InferenceWall.Storage;

namespace InferenceWall.Web.Tests;

/// <summary>Stored runs over HTTP: short runs stored whole, long runs in the background, list, label, diff, export, cancel.</summary>
public sealed class RunTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string MonteCarloOptions = """{"inputs":[{"field":"efficiency","distribution":"lognormal","parameters":[1,0.2]}],"samples":200}""";
    private readonly TestServer _server = fixture.Server;

    public static TheoryData<string> Scenarios() => [.. Directory.GetFiles(RepoPaths.Of("scenarios"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static string Yaml(string file) => File.ReadAllText(RepoPaths.Of("scenarios", file));

    private static string Expected(RunSubmission submission)
    {
        var plan = RunPlanner.Plan(submission);
        Assert.True(plan.IsOk, string.Join("; ", plan.Problems));
        var answer = RunExecutor.Execute(plan.Value!, EngineData.Shipped);
        Assert.True(answer.IsOk, string.Join("; ", answer.Problems));
        return answer.Value!.ResultJson;
    }

    private async Task<JsonObject> SubmitAsync(JsonObject body, HttpStatusCode status, string query = "")
    {
        var response = await _server.PostAsync("/api/runs" + query, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {text}");
        var run = JsonNode.Parse(text)!.AsObject();
        Assert.Equal($"/api/runs/{(long)run["id"]!}", response.Headers.Location?.OriginalString);
        return run;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task EveryShippedScenario_IsStoredAndReadBackWithTheCliJson(string file)
    {
        var yaml = Yaml(file);
        var created = await SubmitAsync(new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = yaml, ["scenario_name"] = file }, HttpStatusCode.Created);
        var id = (long)created["id"]!;
        Assert.Equal("succeeded", (string)created["status"]!);

        var run = JsonNode.Parse(await _server.Client.GetStringAsync($"/api/runs/{id}"))!.AsObject();
        var expected = JsonNode.Parse(Expected(new RunSubmission { Kind = "economics", ScenarioYaml = yaml, ScenarioName = file }));
        Assert.True(JsonNode.DeepEquals(expected, run["result"]), "the stored result differs from the CLI's JSON");
        Assert.Equal(id, (long)run["id"]!);
        Assert.Equal("economics", (string)run["kind"]!);
        Assert.Equal(yaml, (string)run["scenario_yaml"]!);
        Assert.Equal(RunPlanner.Sha256(yaml), (string)run["scenario_sha256"]!);
        Assert.Equal(file, (string)run["scenario_name"]!);
        Assert.NotNull(run["summary"]!["cost_per_clip_usd"]);
        Assert.NotEmpty(run["used_catalog"]!["prices"]!.AsArray());
        Assert.Empty(run["problems"]!.AsArray());

        // One write, with the final status and the result: acknowledged only after it.
        Assert.Equal(["add:succeeded"], ((RecordingRunStore)_server.Store).Writes(id));
    }

    [Fact]
    public async Task Result_IsTheStoredJsonEmbeddedAsIs()
    {
        var yaml = Yaml("startup-720p-h100.yaml");
        var created = await SubmitAsync(new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = yaml }, HttpStatusCode.Created);
        var stored = await _server.Store.GetAsync((long)created["id"]!);
        var text = await _server.Client.GetStringAsync($"/api/runs/{(long)created["id"]!}");
        Assert.Contains(stored!.ResultJson!.Split('\n')[1].Trim(), text, StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, JsonValueKind(created["result"]));
    }

    private static System.Text.Json.JsonValueKind JsonValueKind(JsonNode? node) => node?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task MonteCarlo_Is202ThenSucceedsInTheBackground()
    {
        var yaml = Yaml("startup-720p-h100.yaml");
        var accepted = await SubmitAsync(new JsonObject { ["kind"] = "montecarlo", ["scenario_yaml"] = yaml, ["options"] = JsonNode.Parse(MonteCarloOptions) }, HttpStatusCode.Accepted);
        Assert.Equal("queued", (string)accepted["status"]!);
        Assert.Equal("montecarlo", (string)accepted["kind"]!);
        var id = (long)accepted["id"]!;
        Assert.Equal($"/api/runs/{id}", (string)accepted["links"]!["self"]!);

        var run = await _server.WaitFinalAsync(id);
        Assert.Equal("succeeded", (string)run["status"]!);
        var expected = JsonNode.Parse(Expected(new RunSubmission { Kind = "montecarlo", ScenarioYaml = yaml, Options = JsonNode.Parse(MonteCarloOptions)!.AsObject() }));
        Assert.True(JsonNode.DeepEquals(expected, run["result"]), "the background result differs from the CLI's JSON");
        Assert.NotNull(run["started_at"]);
        Assert.NotNull(run["finished_at"]);
        Assert.Equal(1UL, (ulong)run["seed"]!);
        var writes = ((RecordingRunStore)_server.Store).Writes(id);
        Assert.Equal("add:queued", writes[0]);
        Assert.Equal("start", writes[1]);
        Assert.Equal("finish:succeeded", writes[^1]);
    }

    [Fact]
    public async Task Wait_AnswersTheFinishedRun201()
    {
        var run = await SubmitAsync(new JsonObject { ["kind"] = "montecarlo", ["scenario_yaml"] = Yaml("api-reseller.yaml"), ["options"] = JsonNode.Parse(MonteCarloOptions) },
            HttpStatusCode.Created, "?wait=true");
        Assert.Equal("succeeded", (string)run["status"]!);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, JsonValueKind(run["result"]));
        await (await _server.PostAsync("/api/runs?wait=maybe", new JsonObject { ["kind"] = "estimate" })).ProblemAsync(400);
    }

    [Fact]
    public async Task Cancel_RunningAndQueuedRuns_EndCancelled_ProgressIsStoredAtMostOnceASecond_AFinishedRunIs409()
    {
        var options = new JsonObject { ["inputs"] = JsonNode.Parse("""[{"field":"efficiency","distribution":"lognormal","parameters":[1,0.2]}]"""), ["samples"] = 1_000_000, ["threads"] = 1 };
        var yaml = Yaml("startup-720p-h100.yaml");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            // Two workers: the third waits in the queue.
            ids.Add((long)(await SubmitAsync(new JsonObject { ["kind"] = "montecarlo", ["scenario_yaml"] = yaml, ["options"] = options.DeepClone() }, HttpStatusCode.Accepted))["id"]!);
        }

        var started = DateTime.UtcNow;
        JsonObject running;
        do
        {
            await Task.Delay(100);
            running = JsonNode.Parse(await _server.Client.GetStringAsync($"/api/runs/{ids[0]}"))!.AsObject();
        }
        while ((string)running["status"]! != "running" || (double?)running["progress"] is not > 0 && DateTime.UtcNow - started < TimeSpan.FromSeconds(10));

        Assert.Equal("running", (string)running["status"]!);
        Assert.Equal("queued", (string)JsonNode.Parse(await _server.Client.GetStringAsync($"/api/runs/{ids[2]}"))!["status"]!);
        foreach (var id in Enumerable.Reverse(ids))
        {
            // The queued one first: cancelling a running one frees a worker that would start it.
            Assert.Equal(HttpStatusCode.Accepted, (await _server.Client.PostAsync($"/api/runs/{id}/cancel", null)).StatusCode);
        }

        var elapsed = DateTime.UtcNow - started;
        foreach (var id in ids)
        {
            var run = await _server.WaitFinalAsync(id);
            Assert.Equal("cancelled", (string)run["status"]!);
            Assert.Null(run["result"]);
        }

        var store = (RecordingRunStore)_server.Store;
        Assert.Equal(["add:queued", "finish:cancelled"], store.Writes(ids[2]));
        Assert.InRange(store.Writes(ids[0]).Count(w => w == "progress"), 0, (int)Math.Ceiling(elapsed.TotalSeconds) + 1);
        Assert.Equal("finish:cancelled", store.Writes(ids[0])[^1]);
        var again = await (await _server.Client.PostAsync($"/api/runs/{ids[0]}/cancel", null)).ProblemAsync(409);
        Assert.Contains("cancelled", (string)again["detail"]!);
    }

    [Fact]
    public async Task AtStart_RunsCutOffByAStopAreInterrupted_FinishedRunsUntouched()
    {
        var folder = Path.Combine(Path.GetTempPath(), "iwall-web-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        long queued, running, done;
        await using (var before = await RecordingRunStore.OpenSharedAsync(folder))
        {
            // What a process killed mid-run leaves: a queued run, a running one, and a finished one.
            var plan = RunPlanner.Plan(new RunSubmission { Kind = "economics", ScenarioYaml = Yaml("api-reseller.yaml") }).Value!;
            var provenance = RunProvenance.Of(plan, EngineData.Shipped);
            var at = DateTimeOffset.UnixEpoch;
            queued = await before.AddAsync(NewRun.From(plan, provenance, at));
            running = await before.AddAsync(NewRun.From(plan, provenance, at));
            await before.StartAsync(running, at);
            done = await before.AddAsync(NewRun.From(plan, provenance, at) with { Status = RunStatus.Succeeded, ResultJson = "{\"x\": 1}", FinishedAt = at });
        }

        await using var server = await TestServer.StartAsync(store: await RecordingRunStore.OpenAsync(folder));
        var store = server.Store;
        Assert.Equal(RunStatus.Interrupted, (await store.GetAsync(queued))!.Status);
        Assert.Equal(RunStatus.Interrupted, (await store.GetAsync(running))!.Status);
        var finished = (await store.GetAsync(done))!;
        Assert.Equal(RunStatus.Succeeded, finished.Status);
        Assert.Equal("{\"x\": 1}", finished.ResultJson);
        Assert.Equal("interrupted", (string)JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{queued}"))!["status"]!);
    }

    [Fact]
    public async Task BackgroundRunTheUseCaseRefuses_EndsFailedWithItsProblems()
    {
        var options = JsonNode.Parse("""{"axes":[{"field":"product.no_such_field","numbers":[1,2]}]}""");
        var accepted = await SubmitAsync(new JsonObject { ["kind"] = "sweep", ["scenario_yaml"] = Yaml("startup-720p-h100.yaml"), ["options"] = options }, HttpStatusCode.Accepted);
        var run = await _server.WaitFinalAsync((long)accepted["id"]!);
        Assert.Equal("failed", (string)run["status"]!);
        Assert.Null(run["result"]);
        Assert.NotEmpty(run["problems"]!.AsArray());
        Assert.All(run["problems"]!.AsArray(), p => Assert.False(string.IsNullOrEmpty((string?)p!["message"])));
    }

    [Fact]
    public async Task AFullQueue_Is429AndStoresNothing()
    {
        await using var server = await TestServer.StartAsync(new ServeOptions { BackgroundConcurrency = 1, QueueCapacity = 1 });
        var options = new JsonObject { ["inputs"] = JsonNode.Parse("""[{"field":"efficiency","distribution":"lognormal","parameters":[1,0.2]}]"""), ["samples"] = 1_000_000, ["threads"] = 1 };
        JsonObject Body() => new() { ["kind"] = "montecarlo", ["scenario_yaml"] = Yaml("startup-720p-h100.yaml"), ["options"] = options.DeepClone() };
        var first = (long)(await (await server.PostAsync("/api/runs", Body())).ObjectAsync())["id"]!;
        while ((string)JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{first}"))!["status"]! == "queued")
        {
            await Task.Delay(20);
        }

        var second = await server.PostAsync("/api/runs", Body());
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var before = (await server.Store.ListAsync(new RunQuery())).Count;
        var problem = await (await server.PostAsync("/api/runs", Body())).ProblemAsync(429);
        Assert.Contains("the background queue is full: its limit is 1 runs", (string)problem["detail"]!);
        Assert.Equal(before, (await server.Store.ListAsync(new RunQuery())).Count);
        foreach (var id in new[] { (long)(await second.ObjectAsync())["id"]!, first })
        {
            await server.Client.PostAsync($"/api/runs/{id}/cancel", null);
        }
    }

    [Fact]
    public async Task UnknownIds_Are404()
    {
        await (await _server.Client.GetAsync("/api/runs/999999")).ProblemAsync(404);
        await (await _server.Client.GetAsync("/api/runs/999999/export")).ProblemAsync(404);
        await (await _server.Client.PostAsync("/api/runs/999999/cancel", null)).ProblemAsync(404);
        await (await _server.Client.DeleteAsync("/api/runs/999999")).ProblemAsync(404);
        await (await _server.Client.PutAsync("/api/runs/999999/label", TestServer.Json("""{"label":"x"}"""))).ProblemAsync(404);
        await (await _server.Client.PostAsync("/api/runs/999999/rerun", null)).ProblemAsync(404);
        var diff = await (await _server.Client.GetAsync("/api/runs/999998/diff/999999")).ProblemAsync(404);
        Assert.Equal(["a", "b"], diff.Paths());
        await (await _server.Client.GetAsync("/api/runs/-1")).ProblemAsync(404);
    }

    [Fact]
    public async Task ShortRunTheUseCaseRefuses_IsStoredFailedWithItsProblems()
    {
        var run = await SubmitAsync(new JsonObject { ["kind"] = "estimate", ["options"] = new JsonObject { ["model"] = "no-such-model", ["gpu"] = "h100-sxm" } }, HttpStatusCode.Created);
        Assert.Equal("failed", (string)run["status"]!);
        Assert.Null(run["result"]);
        Assert.Contains(run["problems"]!.AsArray(), p => (string)p!["path"]! == "model");
    }

    [Theory]
    [InlineData("""{"kind":"economics"}""", "scenario_yaml")]
    [InlineData("""{"kind":"bananas","scenario_yaml":"x"}""", "kind")]
    [InlineData("""{"kind":"economics","scenario_yaml":"name: x","colour":1}""", "colour")]
    [InlineData("""{"kind":"economics","scenario_yaml":42}""", "scenario_yaml")]
    [InlineData("""{"kind":"economics","scenario_yaml":"name: x","options":[1]}""", "options")]
    [InlineData("""{"kind":"estimate","options":{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","frames":"x"}}""", "options.frames")]
    [InlineData("""{"kind":"estimate","options":{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","wings":2}}""", "options.wings")]
    [InlineData("""{"kind":"montecarlo","scenario_yaml":"name: x","options":{"samples":1e999}}""", "")]
    [InlineData("""{"kind":"estimate","label":"a\nb","options":{"model":"wan2.1-t2v-14b","gpu":"h100-sxm"}}""", "label")]
    [InlineData("""{"kind":"estimate","scenario_name":"x","scenario_yaml":"name: x"}""", "scenario_yaml")]
    public async Task BadSubmissions_Are400AndStoreNothing(string body, string path)
    {
        var before = (await _server.Store.ListAsync(new RunQuery { Limit = 1000 })).Count;
        var problem = await (await _server.PostAsync("/api/runs", body)).ProblemAsync(400);
        if (path.Length > 0)
        {
            Assert.Contains(path, problem.Paths());
        }

        Assert.Equal(before, (await _server.Store.ListAsync(new RunQuery { Limit = 1000 })).Count);
    }

    [Fact]
    public async Task List_IsNewestFirst_Filtered_AndPaged()
    {
        var ids = new List<long>();
        foreach (var file in new[] { "startup-720p-h100.yaml", "api-reseller.yaml", "enterprise-vfx.yaml" })
        {
            ids.Add((long)(await SubmitAsync(new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = Yaml(file), ["label"] = "list " + file }, HttpStatusCode.Created))["id"]!);
        }

        var estimate = (long)(await SubmitAsync(new JsonObject { ["kind"] = "estimate", ["options"] = new JsonObject { ["model"] = "wan2.1-t2v-14b", ["gpu"] = "h100-sxm" } }, HttpStatusCode.Created))["id"]!;
        var all = JsonNode.Parse(await _server.Client.GetStringAsync("/api/runs"))!.AsObject();
        var listed = all["runs"]!.AsArray().Select(r => (long)r!["id"]!).ToList();
        Assert.Equal(listed.OrderDescending(), listed);
        Assert.Contains(estimate, listed);
        Assert.Null(all["next_before"]);
        var item = all["runs"]!.AsArray().First(r => (long)r!["id"]! == ids[0])!;
        foreach (var field in new[] { "id", "kind", "status", "label", "scenario_title", "scenario_sha256", "seed", "engine_version", "created_at", "finished_at", "progress", "summary" })
        {
            Assert.True(item.AsObject().ContainsKey(field), field);
        }

        var economics = JsonNode.Parse(await _server.Client.GetStringAsync("/api/runs?kind=economics&q=list"))!["runs"]!.AsArray();
        Assert.All(economics, r => Assert.Equal("economics", (string)r!["kind"]!));
        Assert.Equal(3, economics.Count);

        var page = JsonNode.Parse(await _server.Client.GetStringAsync("/api/runs?limit=2"))!.AsObject();
        Assert.Equal(2, page["runs"]!.AsArray().Count);
        var next = (long)page["next_before"]!;
        var second = JsonNode.Parse(await _server.Client.GetStringAsync($"/api/runs?limit=2&before={next}"))!["runs"]!.AsArray();
        Assert.All(second, r => Assert.True((long)r!["id"]! < next));

        foreach (var bad in new[] { "?kind=bananas", "?status=done", "?limit=0", "?limit=1001", "?before=x", "?colour=red", "?limit=1&limit=2" })
        {
            await (await _server.Client.GetAsync("/api/runs" + bad)).ProblemAsync(400);
        }
    }

    [Fact]
    public async Task Label_IsSetAndCleared()
    {
        var id = (long)(await SubmitAsync(new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = Yaml("api-reseller.yaml") }, HttpStatusCode.Created))["id"]!;
        var set = await _server.Client.PutAsync($"/api/runs/{id}/label", TestServer.Json("""{"label":"  best case  "}"""));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("best case", (string)(await set.ObjectAsync())["label"]!);
        var cleared = await (await _server.Client.PutAsync($"/api/runs/{id}/label", TestServer.Json("""{"label":null}"""))).ObjectAsync();
        Assert.Null(cleared["label"]);
        await (await _server.Client.PutAsync($"/api/runs/{id}/label", TestServer.Json("""{"label":5}"""))).ProblemAsync(400);
        await (await _server.Client.PutAsync($"/api/runs/{id}/label", TestServer.Json("""{}"""))).ProblemAsync(400);
        await (await _server.Client.PutAsync($"/api/runs/{id}/label", TestServer.Json("{\"label\":\"" + new string('x', 201) + "\"}"))).ProblemAsync(400);
    }

    [Fact]
    public async Task Delete_Is204ThenTheRunIsGone()
    {
        var id = (long)(await SubmitAsync(new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = Yaml("api-reseller.yaml") }, HttpStatusCode.Created))["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/api/runs/{id}")).StatusCode);
        await (await _server.Client.GetAsync($"/api/runs/{id}")).ProblemAsync(404);
    }

    [Fact]
    public async Task Diff_ComparesTwoRuns_InputsByPathOutputsByDelta()
    {
        var a = (long)(await SubmitAsync(new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = Yaml("startup-720p-h100.yaml") }, HttpStatusCode.Created))["id"]!;
        var changed = Yaml("startup-720p-h100.yaml").Replace("utilization: 0.6", "utilization: 0.8", StringComparison.Ordinal);
        var b = (long)(await SubmitAsync(new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = changed }, HttpStatusCode.Created))["id"]!;
        var diff = JsonNode.Parse(await _server.Client.GetStringAsync($"/api/runs/{a}/diff/{b}"))!.AsObject();
        Assert.Equal(a, (long)diff["a"]!);
        Assert.Equal(b, (long)diff["b"]!);
        Assert.Equal("economics", (string)diff["kind_a"]!);
        Assert.False((bool)diff["same_scenario"]!);
        var input = diff["inputs"]!.AsArray().Single(i => (string)i!["field"]! == "product.utilization")!;
        Assert.Equal("0.6", (string)input["a"]!);
        Assert.Equal("0.8", (string)input["b"]!);
        Assert.Contains(diff["outputs"]!.AsArray(), o => ((string)o!["field"]!).Contains("cost_per_clip_usd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rerun_StoresANewRunWithRerunOf()
    {
        var yaml = Yaml("startup-720p-h100.yaml");
        var first = await SubmitAsync(new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = yaml, ["label"] = "original" }, HttpStatusCode.Created);
        var id = (long)first["id"]!;
        var response = await _server.Client.PostAsync($"/api/runs/{id}/rerun", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var again = await response.ObjectAsync();
        Assert.Equal(id, (long)again["rerun_of"]!);
        Assert.NotEqual(id, (long)again["id"]!);
        Assert.True(JsonNode.DeepEquals(first["result"], again["result"]));
        Assert.Equal(first["options"]!.ToJsonString(), again["options"]!.ToJsonString());

        var mc = (long)(await SubmitAsync(new JsonObject { ["kind"] = "montecarlo", ["scenario_yaml"] = yaml, ["options"] = JsonNode.Parse(MonteCarloOptions) }, HttpStatusCode.Accepted))["id"]!;
        await _server.WaitFinalAsync(mc);
        var background = await _server.Client.PostAsync($"/api/runs/{mc}/rerun", null);
        Assert.Equal(HttpStatusCode.Accepted, background.StatusCode);
        var rerun = await background.ObjectAsync();
        Assert.Equal(mc, (long)rerun["rerun_of"]!);
        Assert.Equal("succeeded", (string)(await _server.WaitFinalAsync((long)rerun["id"]!))["status"]!);
    }

    [Fact]
    public async Task Export_IsADownloadOfTheWholeRunWithItsFrozenCatalog()
    {
        var id = (long)(await SubmitAsync(new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = Yaml("api-reseller.yaml") }, HttpStatusCode.Created))["id"]!;
        var response = await _server.Client.GetAsync($"/api/runs/{id}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var export = await response.ObjectAsync();
        Assert.NotEmpty(export["frozen_catalog"]!.AsArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Object, JsonValueKind(export["frozen_calibration"]));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, JsonValueKind(export["result"]));

        // The API and `iwall runs export` write the one view of a stored run (RunJson).
        var stored = (await _server.Store.GetAsync(id))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(RunJson.Run(stored, export: true)), export), "the API's export differs from RunJson's");

        // The frozen catalog thaws into engine data that computes the same result.
        var data = RunProvenance.Thaw(stored.Provenance.CatalogJson, stored.Provenance.CalibrationJson);
        Assert.True(data.IsOk, string.Join("; ", data.Problems));
    }
}
