using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace InferenceWall.Server.Tests;

/// <summary>
/// Every run the server acknowledged survives <c>kill -9</c>: clients store runs as fast as they can and record each
/// acknowledged id; the server is SIGKILLed at a random moment (seeded) and restarted on the same database; every
/// acknowledged run is there, finished, with its result intact. A background run cut off by the kill is marked
/// interrupted, never lost and never left running.
/// </summary>
public sealed class KillTests(ITestOutputHelper output)
{
    private const int Rounds = 3;
    private const int Clients = 8;

    private static readonly string Startup = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    [Fact]
    public async Task Sqlite_AcknowledgedRunsSurviveKill9()
    {
        await using var db = Databases.Sqlite();
        await KillAndCheck(db.Target);
    }

    [Fact]
    public async Task Postgres_AcknowledgedRunsSurviveKill9()
    {
        await using var db = await Databases.PostgresAsync();
        if (db is null)
        {
            output.WriteLine($"skipped: {Databases.PostgresVariable} is not set (CI sets it)");
            return;
        }

        await KillAndCheck(db.Target);
    }

    private async Task KillAndCheck(string target)
    {
        var random = new Random(20261201);
        var acknowledged = new ConcurrentDictionary<long, bool>();
        long? background = null;
        string? expected = null;
        for (var round = 0; round < Rounds; round++)
        {
            using var server = await ServerProcess.StartAsync(target);
            using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
            if (round == 0)
            {
                // A long run in the background, to be cut off by the first kill.
                // A simulated Sora-scale day takes seconds: it is still running at the first kill.
                var queued = await http.PostAsJsonAsync("/api/runs", new JsonObject
                {
                    ["kind"] = "simulate",
                    ["scenario_yaml"] = File.ReadAllText(RepoPaths.Of("scenarios", "sora-scale-day.yaml")),
                    ["options"] = new JsonObject { ["seed"] = 1 },
                });
                Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
                background = (await queued.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
            }

            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var answer = await http.PostAsJsonAsync("/api/runs", new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = Startup }, stop.Token);
                        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"POST /api/runs answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                        var run = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
                        acknowledged[run["id"]!.GetValue<long>()] = true;
                        expected ??= run["result"]!.ToJsonString();
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
                    {
                        return; // the server is gone: what was acknowledged before is what counts
                    }
                }
            })).ToList();
            await Task.Delay(TimeSpan.FromMilliseconds(2_000 + random.Next(3_000)));
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(clients);
            output.WriteLine($"round {round + 1}: {acknowledged.Count:N0} runs acknowledged so far");
        }

        using (var server = await ServerProcess.StartAsync(target))
        using (var http = new HttpClient { BaseAddress = server.Url })
        {
            Assert.True(acknowledged.Count > Rounds, $"only {acknowledged.Count} runs were acknowledged; the test stored too little to mean anything");
            var missing = new List<long>();
            foreach (var id in acknowledged.Keys.Order())
            {
                using var answer = await http.GetAsync($"/api/runs/{id}");
                if (answer.StatusCode != HttpStatusCode.OK)
                {
                    missing.Add(id);
                    continue;
                }

                var run = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
                Assert.Equal("succeeded", run["status"]!.GetValue<string>());
                Assert.Equal(expected, run["result"]!.ToJsonString());
            }

            Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged runs are missing after kill -9: {string.Join(", ", missing.Take(20))}");
            var cut = (await http.GetFromJsonAsync<JsonObject>($"/api/runs/{background}"))!;
            Assert.Equal("interrupted", cut["status"]!.GetValue<string>());
            output.WriteLine($"{acknowledged.Count:N0} acknowledged runs over {Rounds} kills: all present and intact; the background run is {cut["status"]}");
        }
    }
}
