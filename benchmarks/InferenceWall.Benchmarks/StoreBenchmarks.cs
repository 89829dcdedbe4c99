using BenchmarkDotNet.Attributes;
using InferenceWall.Application;
using InferenceWall.Application.Runs;
using InferenceWall.Storage;

namespace InferenceWall.Benchmarks;

/// <summary>
/// The SQLite run store (issue 9) on a temporary file, as the server uses it (WAL, <c>synchronous=FULL</c>, so each add
/// waits for its fsync): adding a finished economics run with the shipped catalog's provenance (the frozen catalog is
/// written once, then shared), reading it back whole, and listing a page of the history.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private const int HistoryRuns = 200;

    private string _folder = null!;
    private SqliteRunStore _store = null!;
    private NewRun _run = null!;
    private long _id;

    [GlobalSetup]
    public void Setup()
    {
        var yaml = File.ReadAllText(RepoFiles.Path("scenarios", "startup-720p-h100.yaml"));
        var plan = RunPlanner.Plan(new RunSubmission { Kind = "economics", ScenarioYaml = yaml, ScenarioName = "startup-720p-h100.yaml" }).Value!;
        var answer = RunExecutor.Execute(plan, EngineData.Shipped).Value!;
        _run = NewRun.From(plan, RunProvenance.Of(plan, EngineData.Shipped), DateTimeOffset.UnixEpoch) with
        {
            Status = RunStatus.Succeeded,
            ResultJson = answer.ResultJson,
            Summary = answer.Summary,
            FinishedAt = DateTimeOffset.UnixEpoch,
        };
        _folder = Path.Combine(Path.GetTempPath(), "iwall-bench-" + Guid.NewGuid().ToString("N"));
        _store = SqliteRunStore.OpenAsync(Path.Combine(_folder, "runs.db")).GetAwaiter().GetResult();
        for (var i = 0; i < HistoryRuns; i++)
        {
            _id = _store.AddAsync(_run).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public long AddFinishedRun() => _store.AddAsync(_run).GetAwaiter().GetResult();

    [Benchmark]
    public int GetRun() => _store.GetAsync(_id).GetAwaiter().GetResult()!.ResultJson!.Length;

    [Benchmark]
    public int ListPageOf50() => _store.ListAsync(new RunQuery { Limit = 50 }).GetAwaiter().GetResult().Count;
}
