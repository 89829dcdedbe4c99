namespace InferenceWall.Storage;

/// <summary>
/// Where runs are kept: SQLite (the default, one file) or PostgreSQL (for teams). Every acknowledged write is durable
/// when its task completes (one transaction per call, committed before it returns). Frozen catalogs and calibrations
/// are stored once per SHA-256 and shared by the runs that used them.
/// </summary>
public interface IRunStore : IAsyncDisposable
{
    /// <summary>Which database this is, for messages (no password).</summary>
    string Description { get; }

    /// <summary>Which kind of database: <c>sqlite</c> or <c>postgresql</c> (the health answer's <c>store</c>).</summary>
    string Provider { get; }

    /// <summary>Stores a run; its id once committed.</summary>
    Task<long> AddAsync(NewRun run, CancellationToken cancel = default);

    Task<StoredRun?> GetAsync(long id, CancellationToken cancel = default);

    /// <summary>Runs newest first (by id), filtered.</summary>
    Task<IReadOnlyList<RunListItem>> ListAsync(RunQuery query, CancellationToken cancel = default);

    /// <summary>Queued → running; false when the run is missing or not queued.</summary>
    Task<bool> StartAsync(long id, DateTimeOffset at, CancellationToken cancel = default);

    /// <summary>Stores the share done (0 to 1) of a running run.</summary>
    Task ProgressAsync(long id, double share, CancellationToken cancel = default);

    /// <summary>Ends a queued or running run; false when it is missing or already final (a final run never changes).</summary>
    Task<bool> FinishAsync(long id, RunFinish finish, CancellationToken cancel = default);

    /// <summary>Marks every queued or running run interrupted (at server start: they were cut off); how many.</summary>
    Task<int> InterruptUnfinishedAsync(DateTimeOffset at, CancellationToken cancel = default);

    Task<bool> DeleteAsync(long id, CancellationToken cancel = default);

    /// <summary>Sets or clears (null) a run's label; false when the run is missing.</summary>
    Task<bool> SetLabelAsync(long id, string? label, CancellationToken cancel = default);
}
