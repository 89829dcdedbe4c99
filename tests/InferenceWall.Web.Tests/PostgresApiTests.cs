using System.Net;
using System.Text.Json.Nodes;
using InferenceWall.Application;
using InferenceWall.Application.Runs;
using InferenceWall.Storage;
using Xunit.Abstractions;

namespace InferenceWall.Web.Tests;

/// <summary>
/// The API on PostgreSQL (the rest of this project runs on SQLite): every shipped scenario stored and read back with
/// the CLI's JSON, a background run, the history's filters and paging, label, diff, re-run, delete, and a restart that
/// marks a cut-off run interrupted. Needs <c>IWALL_TEST_POSTGRES</c> (set by <c>.ci/run</c>; under CI its absence fails).
/// </summary>
public sealed class PostgresApiTests(ITestOutputHelper output)
{
    private static string Yaml(string file) => File.ReadAllText(RepoPaths.Of("scenarios", file));

    [Fact]
    public async Task Api_OnPostgres_StoresListsDiffsAndInterrupts()
    {
        await using var db = await TestDatabases.PostgresAsync();
        if (db is null)
        {
            output.WriteLine($"skipped: {TestDatabases.PostgresVariable} is not set (CI sets it)");
            return;
        }

        var ids = new List<long>();
        await using (var server = await TestServer.StartAsync(new ServeOptions { BackgroundConcurrency = 1 }, await RunStores.OpenAsync(db.Target)))
        {
            Assert.Equal("postgresql", (string)(await server.Client.GetFromJsonObjectAsync("/api/health"))["store"]!);
            foreach (var file in Directory.GetFiles(RepoPaths.Of("scenarios"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                var yaml = Yaml(file!);
                var created = await (await server.PostAsync("/api/runs", new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = yaml, ["scenario_name"] = file, ["label"] = "pg " + file }))
                    .ObjectAsync();
                var id = (long)created["id"]!;
                ids.Add(id);
                var run = await server.Client.GetFromJsonObjectAsync($"/api/runs/{id}");
                var plan = RunPlanner.Plan(new RunSubmission { Kind = "economics", ScenarioYaml = yaml, ScenarioName = file }).Value!;
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(RunExecutor.Execute(plan, EngineData.Shipped).Value!.ResultJson), run["result"]), $"{file}: the stored result differs");
                Assert.Equal(yaml, (string)run["scenario_yaml"]!);
            }

            // A background run finishes; the history pages newest first and filters.
            var queued = await server.PostAsync("/api/runs", new JsonObject
            {
                ["kind"] = "montecarlo",
                ["scenario_yaml"] = Yaml("startup-720p-h100.yaml"),
                ["options"] = new JsonObject { ["samples"] = 200, ["inputs"] = new JsonArray(new JsonObject { ["field"] = "efficiency", ["distribution"] = "lognormal", ["parameters"] = new JsonArray(1, 0.2) }) },
            });
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
            var mc = (long)(await queued.ObjectAsync())["id"]!;
            Assert.Equal("succeeded", (string)(await server.WaitFinalAsync(mc))["status"]!);

            var page = await server.Client.GetFromJsonObjectAsync("/api/runs?limit=2");
            Assert.Equal([mc, ids[^1]], page["runs"]!.AsArray().Select(r => (long)r!["id"]!));
            var next = await server.Client.GetFromJsonObjectAsync($"/api/runs?limit=2&before={(long)page["next_before"]!}");
            Assert.Equal([ids[^2], ids[^3]], next["runs"]!.AsArray().Select(r => (long)r!["id"]!));
            Assert.Equal([mc], (await server.Client.GetFromJsonObjectAsync("/api/runs?kind=montecarlo"))["runs"]!.AsArray().Select(r => (long)r!["id"]!));
            Assert.Single((await server.Client.GetFromJsonObjectAsync("/api/runs?q=PG%20ENTERPRISE"))["runs"]!.AsArray());

            var diff = await server.Client.GetFromJsonObjectAsync($"/api/runs/{ids[0]}/diff/{ids[1]}");
            Assert.NotEmpty(diff["inputs"]!.AsArray());
            Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsync($"/api/runs/{ids[0]}/label", TestServer.Json("""{"label":"renamed"}"""))).StatusCode);
            Assert.Equal("renamed", (string)(await server.Client.GetFromJsonObjectAsync($"/api/runs/{ids[0]}"))["label"]!);
            var rerun = await server.PostAsync($"/api/runs/{ids[0]}/rerun", "{}");
            Assert.Equal(HttpStatusCode.Created, rerun.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync($"/api/runs/{ids[1]}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"/api/runs/{ids[1]}")).StatusCode);
        }

        // A run left running by a server that died is marked interrupted by the next one; finished runs are untouched.
        await using (var store = await RunStores.OpenAsync(db.Target))
        {
            var plan = RunPlanner.Plan(new RunSubmission { Kind = "simulate", ScenarioYaml = Yaml("startup-720p-h100.yaml") }).Value!;
            var cut = await store.AddAsync(NewRun.From(plan, RunProvenance.Of(plan, EngineData.Shipped), DateTimeOffset.UtcNow));
            Assert.True(await store.StartAsync(cut, DateTimeOffset.UtcNow));
            ids.Add(cut);
        }

        await using (var server = await TestServer.StartAsync(store: await RunStores.OpenAsync(db.Target)))
        {
            Assert.Equal("interrupted", (string)(await server.Client.GetFromJsonObjectAsync($"/api/runs/{ids[^1]}"))["status"]!);
            Assert.Equal("succeeded", (string)(await server.Client.GetFromJsonObjectAsync($"/api/runs/{ids[0]}"))["status"]!);
        }
    }
}

internal static class JsonClient
{
    public static async Task<JsonObject> GetFromJsonObjectAsync(this HttpClient client, string path) =>
        JsonNode.Parse(await client.GetStringAsync(path))!.AsObject();
}
