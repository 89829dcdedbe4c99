using System.Text;
using BenchmarkDotNet.Attributes;
using InferenceWall.Application;
using InferenceWall.Application.Estimate;
using InferenceWall.Application.Json;
using InferenceWall.Storage;
using InferenceWall.Web;
using Microsoft.AspNetCore.Builder;

namespace InferenceWall.Benchmarks;

/// <summary>
/// The HTTP server on loopback (issue 9), against the same estimate computed in process (the baseline): one estimate
/// over HTTP, one economics run computed and stored in SQLite (synchronous=FULL), a page of the history, and a batch of
/// 1,600 mixed requests from 16 concurrent clients (its mean over 1,600 is the per-request cost under load).
/// </summary>
[MemoryDiagnoser]
public class ServerBenchmarks
{
    private const int Clients = 16;
    private const int BatchRequests = 1_600;

    private string _folder = null!;
    private IRunStore _store = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string _estimateJson = null!;
    private string _economicsJson = null!;
    private EstimateRequest _estimate = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "iwall-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _store = RunStores.OpenAsync(Path.Combine(_folder, "runs.db")).GetAwaiter().GetResult();
        _app = WebServer.Build(new ServeOptions { Urls = "http://127.0.0.1:0" }, _store);
        _app.StartAsync().GetAwaiter().GetResult();
        _http = new HttpClient { BaseAddress = new Uri(WebServer.Addresses(_app)[0]) };
        _estimate = new EstimateRequest { Model = "wan2.1-t2v-14b", Gpu = "h100-sxm", Gpus = 4, Ulysses = 4, Frames = 81, Steps = 50, Provider = "lambda" };
        _estimateJson = """{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","gpus":4,"ulysses":4,"frames":81,"steps":50,"provider":"lambda"}""";
        var scenario = File.ReadAllText(RepoFiles.Path("scenarios", "startup-720p-h100.yaml"));
        _economicsJson = new System.Text.Json.Nodes.JsonObject { ["kind"] = "economics", ["scenario_yaml"] = scenario }.ToJsonString();
        for (var i = 0; i < 20; i++)
        {
            Post("/api/runs", _economicsJson).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int EstimateInProcess() => ContractJson.Serialize(EstimateUseCase.Run(_estimate, EngineData.Shipped).Value!).Length;

    [Benchmark]
    public Task<int> EstimateOverHttp() => Post("/api/estimate", _estimateJson);

    [Benchmark]
    public Task<int> EconomicsRunStoredOverHttp() => Post("/api/runs", _economicsJson);

    [Benchmark]
    public async Task<int> HistoryPageOverHttp()
    {
        using var answer = await _http.GetAsync("/api/runs?limit=20");
        return Check(answer, (await answer.Content.ReadAsByteArrayAsync()).Length);
    }

    /// <summary>1,600 requests (estimate, economics run, history page in turn) from 16 concurrent clients.</summary>
    [Benchmark(OperationsPerInvoke = BatchRequests)]
    public async Task MixedLoad16Clients()
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < BatchRequests)
            {
                switch (i % 3)
                {
                    case 0: await Post("/api/estimate", _estimateJson); break;
                    case 1: await Post("/api/runs", _economicsJson); break;
                    default: await HistoryPageOverHttp(); break;
                }
            }
        })));
    }

    private async Task<int> Post(string path, string json)
    {
        using var answer = await _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return Check(answer, (await answer.Content.ReadAsByteArrayAsync()).Length);
    }

    private static int Check(HttpResponseMessage answer, int length) =>
        (int)answer.StatusCode >= 500 ? throw new InvalidOperationException($"the server answered {(int)answer.StatusCode}") : length;
}
