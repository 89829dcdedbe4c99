using InferenceWall.Application.Runs;
using InferenceWall.Storage;

namespace InferenceWall.Web.Tests;

/// <summary>
/// The real SQLite store (a temporary file) with a record of the writes each run got, so tests can check that a short
/// run is stored in one write and that progress is written at most once a second.
/// </summary>
internal sealed class RecordingRunStore(IRunStore inner, string? folder) : IRunStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<string>> _writes = [];

    public string Description => inner.Description;

    public string Provider => inner.Provider;

    /// <summary>Opens a store on a new SQLite file in a new temporary folder (deleted when the store is disposed).</summary>
    public static async Task<RecordingRunStore> OpenAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "iwall-web-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return await OpenAsync(folder).ConfigureAwait(false);
    }

    /// <summary>Opens (again) the store in this folder, which the store then owns.</summary>
    public static async Task<RecordingRunStore> OpenAsync(string folder) =>
        new(await RunStores.OpenAsync(Path.Combine(folder, "runs.db")).ConfigureAwait(false), folder);

    /// <summary>Opens the folder's store without taking the folder (a test reopens it afterwards).</summary>
    public static async Task<RecordingRunStore> OpenSharedAsync(string folder) =>
        new(await RunStores.OpenAsync(Path.Combine(folder, "runs.db")).ConfigureAwait(false), null);

    /// <summary>The writes of a run, in order: add:status, start, progress, finish:status, label.</summary>
    public IReadOnlyList<string> Writes(long id)
    {
        lock (_gate)
        {
            return _writes.TryGetValue(id, out var list) ? [.. list] : [];
        }
    }

    public async Task<long> AddAsync(NewRun run, CancellationToken cancel = default)
    {
        var id = await inner.AddAsync(run, cancel).ConfigureAwait(false);
        Record(id, "add:" + RunWords.Status.Word(run.Status));
        return id;
    }

    public Task<StoredRun?> GetAsync(long id, CancellationToken cancel = default) => inner.GetAsync(id, cancel);

    public Task<IReadOnlyList<RunListItem>> ListAsync(RunQuery query, CancellationToken cancel = default) => inner.ListAsync(query, cancel);

    public async Task<bool> StartAsync(long id, DateTimeOffset at, CancellationToken cancel = default)
    {
        var started = await inner.StartAsync(id, at, cancel).ConfigureAwait(false);
        if (started)
        {
            Record(id, "start");
        }

        return started;
    }

    public async Task ProgressAsync(long id, double share, CancellationToken cancel = default)
    {
        await inner.ProgressAsync(id, share, cancel).ConfigureAwait(false);
        Record(id, "progress");
    }

    public async Task<bool> FinishAsync(long id, RunFinish finish, CancellationToken cancel = default)
    {
        var finished = await inner.FinishAsync(id, finish, cancel).ConfigureAwait(false);
        if (finished)
        {
            Record(id, "finish:" + RunWords.Status.Word(finish.Status));
        }

        return finished;
    }

    public Task<int> InterruptUnfinishedAsync(DateTimeOffset at, CancellationToken cancel = default) => inner.InterruptUnfinishedAsync(at, cancel);

    public Task<bool> DeleteAsync(long id, CancellationToken cancel = default) => inner.DeleteAsync(id, cancel);

    public Task<bool> SetLabelAsync(long id, string? label, CancellationToken cancel = default) => inner.SetLabelAsync(id, label, cancel);

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        if (folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open elsewhere: the temporary folder is left behind.
            }
        }
    }

    private void Record(long id, string write)
    {
        lock (_gate)
        {
            if (!_writes.TryGetValue(id, out var list))
            {
                _writes[id] = list = [];
            }

            list.Add(write);
        }
    }
}
