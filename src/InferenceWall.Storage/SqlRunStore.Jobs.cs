using System.Data.Common;
using System.Globalization;
using InferenceWall.Application.Jobs;

namespace InferenceWall.Storage;

/// <summary>The cluster job ledger (<see cref="IJobLedger"/>) in the same database as the runs: one transaction per write.</summary>
public abstract partial class SqlRunStore
{
    private const string JobColumns = "job_key, kind, cluster, status, total, chunk_size, chunks, chunks_done, resumed, retried, workers, cancel_requested, started_at, updated_at, finished_at, detail";

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<int, string>> BeginAsync(JobStart job, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        RefuseNul(("job_key", job.Key), ("kind", job.Kind), ("cluster", job.Cluster));
        var at = TimeValue(Micro(job.At));
        await UpdateAsync($"""
            INSERT INTO cluster_jobs (job_key, kind, cluster, status, total, chunk_size, chunks, started_at, updated_at)
            VALUES (@key, @kind, @cluster, @status, @total, @size, @chunks, @at, @at)
            ON CONFLICT (job_key) DO UPDATE SET status = @status, cluster = @cluster, cancel_requested = FALSE, updated_at = @at, finished_at = NULL, detail = NULL
            """, cancel, ("@key", job.Key), ("@kind", job.Kind), ("@cluster", job.Cluster), ("@status", JobWords.Word(JobStatus.Running)), ("@total", job.Total),
            ("@size", job.ChunkSize), ("@chunks", job.Chunks), ("@at", at)).ConfigureAwait(false);
        return await ReadAsync<IReadOnlyDictionary<int, string>>(async connection =>
        {
            await using var command = Command(connection, null, "SELECT chunk_start, result FROM cluster_chunks WHERE job_key = @key", ("@key", job.Key));
            await using var reader = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
            var chunks = new Dictionary<int, string>();
            while (await reader.ReadAsync(cancel).ConfigureAwait(false))
            {
                chunks[Int(reader, 0)] = reader.GetString(1);
            }

            return chunks;
        }, cancel).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task AddChunkAsync(string key, int start, int count, string result, string worker, CancellationToken cancel = default)
    {
        RefuseNul(("job_key", key), ("result", result), ("worker", worker));
        await UpdateAsync("""
            INSERT INTO cluster_chunks (job_key, chunk_start, chunk_count, result, worker) VALUES (@key, @start, @count, @result, @worker)
            ON CONFLICT (job_key, chunk_start) DO NOTHING
            """, cancel, ("@key", key), ("@start", start), ("@count", count), ("@result", result), ("@worker", worker)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> ProgressAsync(string key, JobProgress progress, CancellationToken cancel = default)
    {
        await UpdateAsync("UPDATE cluster_jobs SET chunks_done = @done, resumed = @resumed, retried = @retried, workers = @workers, updated_at = @at WHERE job_key = @key",
            cancel, Progress(key, progress)).ConfigureAwait(false);
        return await ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, "SELECT cancel_requested FROM cluster_jobs WHERE job_key = @key", ("@key", key));
            var value = await command.ExecuteScalarAsync(cancel).ConfigureAwait(false);
            return value is not null and not DBNull && Convert.ToBoolean(value, CultureInfo.InvariantCulture);
        }, cancel).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task EndAsync(string key, JobStatus status, string? detail, JobProgress progress, CancellationToken cancel = default)
    {
        RefuseNul(("detail", detail));
        await WriteAsync(async (connection, transaction) =>
        {
            await using (var update = Command(connection, transaction,
                "UPDATE cluster_jobs SET status = @status, detail = @detail, finished_at = @at, chunks_done = @done, resumed = @resumed, retried = @retried, workers = @workers, updated_at = @at WHERE job_key = @key",
                [("@status", JobWords.Word(status)), ("@detail", detail), .. Progress(key, progress)]))
            {
                await update.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
            }

            if (status == JobStatus.Done)
            {
                await using var delete = Command(connection, transaction, "DELETE FROM cluster_chunks WHERE job_key = @key", ("@key", key));
                await delete.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
            }

            return 0;
        }, cancel).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(int limit, CancellationToken cancel = default) => ReadAsync<IReadOnlyList<JobRecord>>(async connection =>
    {
        await using var command = Command(connection, null, $"SELECT {JobColumns} FROM cluster_jobs ORDER BY updated_at DESC, job_key LIMIT @limit", ("@limit", Math.Clamp(limit, 1, 1000)));
        await using var reader = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        var jobs = new List<JobRecord>();
        while (await reader.ReadAsync(cancel).ConfigureAwait(false))
        {
            jobs.Add(new JobRecord
            {
                Key = reader.GetString(0),
                Kind = reader.GetString(1),
                Cluster = reader.GetString(2),
                Status = JobWords.Parse(reader.GetString(3)),
                Total = Int(reader, 4),
                ChunkSize = Int(reader, 5),
                Chunks = Int(reader, 6),
                ChunksDone = Int(reader, 7),
                Resumed = Int(reader, 8),
                Retried = Int(reader, 9),
                Workers = Int(reader, 10),
                CancelRequested = Convert.ToBoolean(reader.GetValue(11), CultureInfo.InvariantCulture),
                StartedAt = ReadTime(reader, 12),
                UpdatedAt = ReadTime(reader, 13),
                FinishedAt = reader.IsDBNull(14) ? null : ReadTime(reader, 14),
                Detail = reader.IsDBNull(15) ? null : reader.GetString(15),
            });
        }

        return jobs;
    }, cancel);

    /// <inheritdoc />
    public Task<bool> RequestCancelAsync(string key, CancellationToken cancel = default) =>
        UpdateAsync("UPDATE cluster_jobs SET cancel_requested = TRUE WHERE job_key = @key AND status = @running", cancel, ("@key", key), ("@running", JobWords.Word(JobStatus.Running)));

    private (string, object?)[] Progress(string key, JobProgress p) =>
        [("@key", key), ("@done", p.ChunksDone), ("@resumed", p.Resumed), ("@retried", p.Retried), ("@workers", p.Workers), ("@at", TimeValue(Micro(p.At)))];

    private static int Int(DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
