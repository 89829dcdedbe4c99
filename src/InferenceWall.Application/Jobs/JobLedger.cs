using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace InferenceWall.Application.Jobs;

/// <summary>
/// Where a coordinator keeps a cluster job: its row (kind, size, status, progress) and every finished chunk's result,
/// written before the chunk counts as done. A coordinator that restarts the same job gets the stored chunks back and
/// runs only the rest; a finished job's chunks are deleted and its row kept. The run store implements it (SQLite or
/// PostgreSQL), so the dashboard's Jobs page reads the same rows and asks a job to stop through them.
/// </summary>
public interface IJobLedger
{
    /// <summary>Records the job as running (anew, or again after a restart) and returns its stored chunks by first index.</summary>
    Task<IReadOnlyDictionary<int, string>> BeginAsync(JobStart job, CancellationToken cancel = default);

    /// <summary>Stores one finished chunk's result; once this completes the chunk survives a crash of the coordinator.</summary>
    Task AddChunkAsync(string key, int start, int count, string result, string worker, CancellationToken cancel = default);

    /// <summary>Stores the job's progress; true when someone asked it to stop.</summary>
    Task<bool> ProgressAsync(string key, JobProgress progress, CancellationToken cancel = default);

    /// <summary>Ends the job with <paramref name="status"/>; a finished (<see cref="JobStatus.Done"/>) job's chunks are deleted.</summary>
    Task EndAsync(string key, JobStatus status, string? detail, JobProgress progress, CancellationToken cancel = default);

    /// <summary>The most recent jobs first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<JobRecord>> ListJobsAsync(int limit, CancellationToken cancel = default);

    /// <summary>Asks a running job to stop (its coordinator sees it within a second); false when no running job has that key.</summary>
    Task<bool> RequestCancelAsync(string key, CancellationToken cancel = default);
}

public enum JobStatus
{
    Running,
    Done,
    Failed,
    Cancelled,
}

/// <summary>A job as its coordinator starts it: the key that names it, what it is, and how it is split.</summary>
public sealed record JobStart(string Key, string Kind, string Cluster, int Total, int ChunkSize, int Chunks, DateTimeOffset At);

/// <summary>How far a job has come: chunks done (stored ones included), taken from the store on resume, retried, and workers alive.</summary>
public readonly record struct JobProgress(int ChunksDone, int Resumed, int Retried, int Workers, DateTimeOffset At);

/// <summary>A job's row, for the Jobs page and <c>GET /api/jobs</c>.</summary>
public sealed record JobRecord
{
    public required string Key { get; init; }
    public required string Kind { get; init; }
    public required string Cluster { get; init; }
    public required JobStatus Status { get; init; }
    public required int Total { get; init; }
    public required int ChunkSize { get; init; }
    public required int Chunks { get; init; }
    public required int ChunksDone { get; init; }
    public required int Resumed { get; init; }
    public required int Retried { get; init; }
    public required int Workers { get; init; }
    public required bool CancelRequested { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Detail { get; init; }
}

/// <summary>The spellings of job statuses, and a job's key.</summary>
public static class JobWords
{
    public static ImmutableArray<string> Statuses { get; } = ["running", "done", "failed", "cancelled"];

    public static string Word(JobStatus status) => Statuses[(int)status];

    public static JobStatus Parse(string? word) => Statuses.IndexOf(word ?? "") is var i and >= 0 ? (JobStatus)i : JobStatus.Failed;

    /// <summary>
    /// A job's key: SHA-256 of its kind, request (wire format), engine version, data hash and chunk size. The same
    /// command resumes the same job; any change that could change a chunk's bytes names another job.
    /// </summary>
    public static string Key(string kind, string request, string engine, string dataHash, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = string.Join('\n', kind, engine, dataHash, chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture), request);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
