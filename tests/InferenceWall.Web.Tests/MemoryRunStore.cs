using InferenceWall.Application.Runs;
using InferenceWall.Storage;

namespace InferenceWall.Web.Tests;

/// <summary>An in-memory <see cref="IRunStore"/> for the server's tests (the real stores have their own tests).</summary>
internal sealed class MemoryRunStore : IRunStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, StoredRun> _runs = [];
    private long _next;

    public string Description => "memory";

    public string Provider => "memory";

    /// <summary>How many writes each run got (AddAsync, StartAsync, ProgressAsync, FinishAsync), by id.</summary>
    public Dictionary<long, List<string>> Writes { get; } = [];

    public Task<long> AddAsync(NewRun run, CancellationToken cancel = default)
    {
        lock (_gate)
        {
            var id = ++_next;
            _runs[id] = new StoredRun
            {
                Id = id,
                Kind = run.Kind,
                Status = run.Status,
                Label = run.Label,
                ScenarioName = run.ScenarioName,
                ScenarioTitle = run.ScenarioTitle,
                ScenarioYaml = run.ScenarioYaml,
                ScenarioSha256 = run.ScenarioSha256,
                OptionsJson = run.OptionsJson,
                Seed = run.Seed,
                Provenance = run.Provenance,
                CreatedAt = run.CreatedAt,
                FinishedAt = run.FinishedAt,
                ResultJson = run.ResultJson,
                ProblemsJson = run.ProblemsJson,
                Summary = run.Summary,
            };
            Writes[id] = ["add:" + RunWords.Status.Word(run.Status)];
            return Task.FromResult(id);
        }
    }

    public Task<StoredRun?> GetAsync(long id, CancellationToken cancel = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<RunListItem>> ListAsync(RunQuery query, CancellationToken cancel = default)
    {
        lock (_gate)
        {
            IReadOnlyList<RunListItem> items = [.. _runs.Values.Reverse()
                .Where(r => query.Kind is null || r.Kind == query.Kind)
                .Where(r => query.Status is null || r.Status == query.Status)
                .Where(r => query.BeforeId is null || r.Id < query.BeforeId)
                .Where(r => query.ScenarioSha256 is null || r.ScenarioSha256 == query.ScenarioSha256)
                .Where(r => query.Text is null || (r.Label ?? string.Empty).Contains(query.Text, StringComparison.OrdinalIgnoreCase)
                    || (r.ScenarioTitle ?? string.Empty).Contains(query.Text, StringComparison.OrdinalIgnoreCase))
                .Take(query.Limit)
                .Select(r => new RunListItem
                {
                    Id = r.Id,
                    Kind = r.Kind,
                    Status = r.Status,
                    Label = r.Label,
                    ScenarioTitle = r.ScenarioTitle,
                    ScenarioSha256 = r.ScenarioSha256,
                    Seed = r.Seed,
                    EngineVersion = r.Provenance.EngineVersion,
                    CreatedAt = r.CreatedAt,
                    FinishedAt = r.FinishedAt,
                    Progress = r.Progress,
                    Summary = r.Summary,
                })];
            return Task.FromResult(items);
        }
    }

    public Task<bool> StartAsync(long id, DateTimeOffset at, CancellationToken cancel = default) =>
        Change(id, r => r.Status == RunStatus.Queued ? r with { Status = RunStatus.Running, StartedAt = at, Progress = 0 } : null, "start");

    public Task ProgressAsync(long id, double share, CancellationToken cancel = default) =>
        Change(id, r => r.Status == RunStatus.Running ? r with { Progress = share } : null, "progress");

    public Task<bool> FinishAsync(long id, RunFinish finish, CancellationToken cancel = default) =>
        Change(id, r => RunWords.IsFinal(r.Status) ? null : r with
        {
            Status = finish.Status,
            ResultJson = finish.ResultJson,
            ProblemsJson = finish.ProblemsJson,
            Summary = finish.Summary,
            FinishedAt = finish.FinishedAt,
        }, "finish:" + RunWords.Status.Word(finish.Status));

    public Task<int> InterruptUnfinishedAsync(DateTimeOffset at, CancellationToken cancel = default)
    {
        lock (_gate)
        {
            var open = _runs.Values.Where(r => !RunWords.IsFinal(r.Status)).ToList();
            foreach (var r in open)
            {
                _runs[r.Id] = r with { Status = RunStatus.Interrupted, FinishedAt = at };
            }

            return Task.FromResult(open.Count);
        }
    }

    public Task<bool> DeleteAsync(long id, CancellationToken cancel = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.Remove(id));
        }
    }

    public Task<bool> SetLabelAsync(long id, string? label, CancellationToken cancel = default) => Change(id, r => r with { Label = label }, "label");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<bool> Change(long id, Func<StoredRun, StoredRun?> change, string write)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(id, out var run) || change(run) is not { } changed)
            {
                return Task.FromResult(false);
            }

            _runs[id] = changed;
            Writes[id].Add(write);
            return Task.FromResult(true);
        }
    }
}
