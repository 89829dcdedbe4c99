using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace InferenceWall.Server.Tests;

/// <summary>
/// Bounded load on loopback: 16 concurrent clients send 20,000 requests mixing a clip estimate, an economics run
/// (computed and stored) and a page of the history; no answer may be a 5xx. Throughput and P99 latency are printed
/// (the benchmark <c>ServerBenchmarks</c> measures them under BenchmarkDotNet).
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Clients = 16;
    private const int Requests = 20_000;

    private static readonly string Startup = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    [Fact]
    public async Task Loopback_16Clients_20000MixedRequests_No5xx()
    {
        await using var db = TestDatabases.Sqlite();
        using var server = await ServerProcess.StartAsync(db.Target);
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(60) };
        var estimate = new JsonObject { ["model"] = "wan2.1-t2v-14b", ["gpu"] = "h100-sxm", ["gpus"] = 4, ["ulysses"] = 4, ["provider"] = "lambda" }.ToJsonString();
        var economics = new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = Startup }.ToJsonString();
        var latencies = new double[Requests];
        var statuses = new int[Requests];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Requests)
            {
                var start = Stopwatch.GetTimestamp();
                using var answer = (i % 3) switch
                {
                    0 => await http.PostAsync("/api/estimate", new StringContent(estimate, System.Text.Encoding.UTF8, "application/json")),
                    1 => await http.PostAsync("/api/runs", new StringContent(economics, System.Text.Encoding.UTF8, "application/json")),
                    _ => await http.GetAsync("/api/runs?limit=20"),
                };
                await answer.Content.ReadAsByteArrayAsync();
                statuses[i] = (int)answer.StatusCode;
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        clock.Stop();
        var errors = statuses.Count(s => s >= 500);
        Array.Sort(latencies);
        var p99 = latencies[(int)Math.Ceiling(0.99 * Requests) - 1];
        var p50 = latencies[Requests / 2];
        output.WriteLine($"{Requests:N0} requests from {Clients} clients in {clock.Elapsed.TotalSeconds:F1} s: {Requests / clock.Elapsed.TotalSeconds:F0} requests/s, " +
            $"latency P50 {p50:F1} ms, P99 {p99:F1} ms; 5xx: {errors}; statuses: {string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
        Assert.Equal(0, errors);
        Assert.All(statuses, s => Assert.True(s is 200 or 201, $"status {s}"));
        var health = await http.GetFromJsonAsync<JsonObject>("/api/health");
        Assert.Equal("ok", health!["status"]!.GetValue<string>());
    }
}
