using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using InferenceWall.Application.Runs;

namespace InferenceWall.Storage;

/// <summary>
/// The run store over one SQL database (<see cref="SqliteRunStore"/>, <see cref="PostgresRunStore"/>): the same
/// tables, the same statements, one transaction per write committed before the task completes. What differs per
/// database (connections, time and seed columns, case folding, the migration lock) is left to the subclass.
/// </summary>
public abstract partial class SqlRunStore : IRunStore, Application.Jobs.IJobLedger
{
    private const string SchemaVersionTable = "schema_version";

    private static readonly string Queued = RunWords.Status.Word(RunStatus.Queued);
    private static readonly string Running = RunWords.Status.Word(RunStatus.Running);
    private static readonly string Interrupted = RunWords.Status.Word(RunStatus.Interrupted);
    private static readonly string Unfinished = $"('{Queued}', '{Running}')";

    private const string SummaryColumns = "cost_per_clip_usd, gross_margin, p90_latency_s, slo_attainment, daily_cost_usd, above_wall";

    private const string ListColumns =
        "id, kind, status, label, scenario_title, scenario_sha256, seed, engine_version, created_at, finished_at, progress, " + SummaryColumns;

    /// <summary>Catalog and calibration hashes this store has seen committed (never deleted, so never stale).</summary>
    private readonly ConcurrentDictionary<string, bool> _snapshots = new(StringComparer.Ordinal);

    private int _disposed;

    private protected SqlRunStore()
    {
    }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    public abstract string Provider { get; }

    /// <summary>The schema version this build writes (its newest migration).</summary>
    public int SchemaVersion => Migrations.Newest(Provider);

    /// <summary>An open connection with the store's per-connection settings.</summary>
    private protected abstract ValueTask<DbConnection> ConnectAsync(CancellationToken cancel);

    /// <summary>The parameter value of a time (already truncated to whole microseconds, UTC).</summary>
    private protected abstract object TimeValue(DateTimeOffset at);

    private protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    private protected abstract object SeedValue(ulong seed);

    private protected abstract ulong ReadSeed(DbDataReader reader, int ordinal);

    /// <summary>SQL that is true when <paramref name="column"/> contains <paramref name="parameter"/>, ignoring case.</summary>
    private protected abstract string ContainsIgnoringCase(string column, string parameter);

    /// <summary>The DDL of <c>schema_version (version, name, applied_at)</c>, created when missing.</summary>
    private protected abstract string SchemaVersionDdl { get; }

    /// <summary>Takes what keeps two processes from migrating at once, inside the migration's transaction.</summary>
    private protected virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancel) => Task.CompletedTask;

    /// <summary>Waits for this process's turn to write (SQLite has one writer at a time).</summary>
    private protected virtual ValueTask EnterWriteAsync(CancellationToken cancel) => ValueTask.CompletedTask;

    private protected virtual void ExitWrite()
    {
    }

    /// <summary>Applies the migrations this database lacks, or refuses one written by a newer build (unaltered).</summary>
    private protected async Task MigrateAsync(DbConnection connection, CancellationToken cancel)
    {
        var migrations = Migrations.For(Provider);
        var known = migrations[^1].Version;
        await using var transaction = await connection.BeginTransactionAsync(cancel).ConfigureAwait(false);
        await LockSchemaAsync(connection, transaction, cancel).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, SchemaVersionDdl, cancel).ConfigureAwait(false);
        int found;
        await using (var read = Command(connection, transaction, $"SELECT COALESCE(MAX(version), 0) FROM {SchemaVersionTable}"))
        {
            found = Convert.ToInt32(await read.ExecuteScalarAsync(cancel).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (found > known)
        {
            // Disposing the transaction rolls it back: the newer database is left as it was.
            throw StoreOpenException.Newer(Description, found, known);
        }

        foreach (var migration in migrations.Where(m => m.Version > found))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancel).ConfigureAwait(false);
            await using var record = Command(connection, transaction,
                $"INSERT INTO {SchemaVersionTable} (version, name, applied_at) VALUES (@version, @name, @at)",
                ("@version", migration.Version), ("@name", migration.Name), ("@at", TimeValue(Micro(DateTimeOffset.UtcNow))));
            await record.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> AddAsync(NewRun run, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(run.Provenance);
        var p = run.Provenance;
        RefuseNul(("label", run.Label), ("scenario_name", run.ScenarioName), ("scenario_title", run.ScenarioTitle), ("scenario_yaml", run.ScenarioYaml),
            ("scenario_sha256", run.ScenarioSha256), ("options_json", run.OptionsJson), ("result_json", run.ResultJson), ("problems_json", run.ProblemsJson),
            ("engine_version", p.EngineVersion), ("catalog_json", p.CatalogJson), ("calibration_json", p.CalibrationJson), ("used_catalog_json", p.UsedCatalogJson));
        var summary = run.Summary ?? RunSummary.None;
        var catalogKey = "catalog:" + p.CatalogSha256;
        var calibrationKey = "calibration:" + p.CalibrationSha256;
        var id = await WriteAsync(async (connection, transaction) =>
        {
            // A snapshot is written once per hash (about 100 KB for the shipped catalog); a hash seen committed is not sent again.
            if (!_snapshots.ContainsKey(catalogKey))
            {
                await using var catalog = Command(connection, transaction,
                "INSERT INTO catalogs (sha256, catalog_json) VALUES (@sha, @json) ON CONFLICT (sha256) DO NOTHING",
                    ("@sha", p.CatalogSha256), ("@json", p.CatalogJson));
                await catalog.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
            }

            if (!_snapshots.ContainsKey(calibrationKey))
            {
                await using var calibration = Command(connection, transaction,
                    "INSERT INTO calibrations (sha256, calibration_json) VALUES (@sha, @json) ON CONFLICT (sha256) DO NOTHING",
                    ("@sha", p.CalibrationSha256), ("@json", p.CalibrationJson));
                await calibration.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
            }

            await using var insert = Command(connection, transaction,
                "INSERT INTO runs (kind, status, label, scenario_name, scenario_title, scenario_yaml, scenario_sha256, options_json, seed, " +
                "engine_version, catalog_sha256, calibration_sha256, used_catalog_json, created_at, finished_at, progress, result_json, problems_json, " +
                SummaryColumns + ") VALUES (@kind, @status, @label, @scenario_name, @scenario_title, @scenario_yaml, @scenario_sha256, @options_json, @seed, " +
                "@engine_version, @catalog_sha256, @calibration_sha256, @used_catalog_json, @created_at, @finished_at, @progress, @result_json, @problems_json, " +
                "@cost_per_clip_usd, @gross_margin, @p90_latency_s, @slo_attainment, @daily_cost_usd, @above_wall) RETURNING id",
                ("@kind", RunWords.Kind.Word(run.Kind)), ("@status", RunWords.Status.Word(run.Status)), ("@label", run.Label),
                ("@scenario_name", run.ScenarioName), ("@scenario_title", run.ScenarioTitle), ("@scenario_yaml", run.ScenarioYaml),
                ("@scenario_sha256", run.ScenarioSha256), ("@options_json", run.OptionsJson), ("@seed", run.Seed is { } s ? SeedValue(s) : null),
                ("@engine_version", p.EngineVersion), ("@catalog_sha256", p.CatalogSha256), ("@calibration_sha256", p.CalibrationSha256),
                ("@used_catalog_json", p.UsedCatalogJson), ("@created_at", TimeValue(Micro(run.CreatedAt))),
                ("@finished_at", run.FinishedAt is { } f ? TimeValue(Micro(f)) : null), ("@progress", run.Status == RunStatus.Succeeded ? 1.0 : null),
                ("@result_json", run.ResultJson), ("@problems_json", run.ProblemsJson),
                ("@cost_per_clip_usd", summary.CostPerClipUsd), ("@gross_margin", summary.GrossMargin), ("@p90_latency_s", summary.P90LatencyS),
                ("@slo_attainment", summary.SloAttainment), ("@daily_cost_usd", summary.DailyCostUsd), ("@above_wall", summary.AboveWall));
            return Convert.ToInt64(await insert.ExecuteScalarAsync(cancel).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }, cancel).ConfigureAwait(false);
        _snapshots.TryAdd(catalogKey, true);
        _snapshots.TryAdd(calibrationKey, true);
        return id;
    }

    /// <inheritdoc />
    public Task<StoredRun?> GetAsync(long id, CancellationToken cancel = default) => ReadAsync<StoredRun?>(async connection =>
    {
        await using var command = Command(connection, null,
            "SELECT r.*, c.catalog_json, k.calibration_json FROM runs r " +
            "JOIN catalogs c ON c.sha256 = r.catalog_sha256 JOIN calibrations k ON k.sha256 = r.calibration_sha256 WHERE r.id = @id",
            ("@id", id));
        await using var reader = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancel).ConfigureAwait(false))
        {
            return null;
        }

        var row = new Row(this, reader);
        return new StoredRun
        {
            Id = row.Long("id"),
            Kind = row.Kind(),
            Status = row.Status(),
            Label = row.Text("label"),
            ScenarioName = row.Text("scenario_name"),
            ScenarioTitle = row.Text("scenario_title"),
            ScenarioYaml = row.Text("scenario_yaml"),
            ScenarioSha256 = row.Text("scenario_sha256"),
            OptionsJson = row.Text("options_json")!,
            Seed = row.Seed(),
            Provenance = new RunProvenance
            {
                EngineVersion = row.Text("engine_version")!,
                CatalogSha256 = row.Text("catalog_sha256")!,
                CatalogJson = row.Text("catalog_json")!,
                CalibrationSha256 = row.Text("calibration_sha256")!,
                CalibrationJson = row.Text("calibration_json")!,
                UsedCatalogJson = row.Text("used_catalog_json")!,
            },
            CreatedAt = row.Time("created_at")!.Value,
            StartedAt = row.Time("started_at"),
            FinishedAt = row.Time("finished_at"),
            Progress = row.Double("progress"),
            ResultJson = row.Text("result_json"),
            ProblemsJson = row.Text("problems_json"),
            Summary = row.Summary(),
        };
    }, cancel);

    /// <inheritdoc />
    public Task<IReadOnlyList<RunListItem>> ListAsync(RunQuery query, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync<IReadOnlyList<RunListItem>>(async connection =>
        {
            var sql = new StringBuilder($"SELECT {ListColumns} FROM runs WHERE 1 = 1");
            var parameters = new List<(string, object?)>();
            if (query.Kind is { } kind)
            {
                sql.Append(" AND kind = @kind");
                parameters.Add(("@kind", RunWords.Kind.Word(kind)));
            }

            if (query.Status is { } status)
            {
                sql.Append(" AND status = @status");
                parameters.Add(("@status", RunWords.Status.Word(status)));
            }

            if (!string.IsNullOrWhiteSpace(query.Text))
            {
                sql.Append($" AND ({ContainsIgnoringCase("label", "@text")} OR {ContainsIgnoringCase("scenario_title", "@text")})");
                parameters.Add(("@text", query.Text.Trim()));
            }

            if (!string.IsNullOrWhiteSpace(query.ScenarioSha256))
            {
                sql.Append(" AND scenario_sha256 = @scenario_sha256");
                parameters.Add(("@scenario_sha256", query.ScenarioSha256.Trim()));
            }

            if (query.BeforeId is { } before)
            {
                sql.Append(" AND id < @before");
                parameters.Add(("@before", before));
            }

            sql.Append(" ORDER BY id DESC LIMIT @limit");
            parameters.Add(("@limit", Math.Clamp(query.Limit, 1, RunQuery.MaxLimit)));
            await using var command = Command(connection, null, sql.ToString(), [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
            var items = new List<RunListItem>();
            while (await reader.ReadAsync(cancel).ConfigureAwait(false))
            {
                var row = new Row(this, reader);
                items.Add(new RunListItem
                {
                    Id = row.Long("id"),
                    Kind = row.Kind(),
                    Status = row.Status(),
                    Label = row.Text("label"),
                    ScenarioTitle = row.Text("scenario_title"),
                    ScenarioSha256 = row.Text("scenario_sha256"),
                    Seed = row.Seed(),
                    EngineVersion = row.Text("engine_version")!,
                    CreatedAt = row.Time("created_at")!.Value,
                    FinishedAt = row.Time("finished_at"),
                    Progress = row.Double("progress"),
                    Summary = row.Summary(),
                });
            }

            return items;
        }, cancel);
    }

    /// <inheritdoc />
    public Task<bool> StartAsync(long id, DateTimeOffset at, CancellationToken cancel = default) =>
        UpdateAsync($"UPDATE runs SET status = '{Running}', started_at = @at WHERE id = @id AND status = '{Queued}'",
            cancel, ("@id", id), ("@at", TimeValue(Micro(at))));

    /// <inheritdoc />
    public Task ProgressAsync(long id, double share, CancellationToken cancel = default) => double.IsNaN(share)
        ? throw new ArgumentOutOfRangeException(nameof(share), share, "progress is a share from 0 to 1")
        : UpdateAsync($"UPDATE runs SET progress = @share WHERE id = @id AND status IN {Unfinished}",
            cancel, ("@id", id), ("@share", Math.Clamp(share, 0, 1)));

    /// <inheritdoc />
    public Task<bool> FinishAsync(long id, RunFinish finish, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(finish);
        if (!RunWords.IsFinal(finish.Status))
        {
            throw new ArgumentException($"a run finishes with a final status, not '{RunWords.Status.Word(finish.Status)}'", nameof(finish));
        }

        RefuseNul(("result_json", finish.ResultJson), ("problems_json", finish.ProblemsJson));
        var summary = finish.Summary ?? RunSummary.None;
        return UpdateAsync(
            "UPDATE runs SET status = @status, finished_at = @at, result_json = @result_json, problems_json = @problems_json, " +
            "progress = CASE WHEN @succeeded THEN 1.0 ELSE progress END, cost_per_clip_usd = @cost_per_clip_usd, gross_margin = @gross_margin, " +
            "p90_latency_s = @p90_latency_s, slo_attainment = @slo_attainment, daily_cost_usd = @daily_cost_usd, above_wall = @above_wall " +
            $"WHERE id = @id AND status IN {Unfinished}",
            cancel, ("@id", id), ("@status", RunWords.Status.Word(finish.Status)), ("@at", TimeValue(Micro(finish.FinishedAt))),
            ("@result_json", finish.ResultJson), ("@problems_json", finish.ProblemsJson), ("@succeeded", finish.Status == RunStatus.Succeeded),
            ("@cost_per_clip_usd", summary.CostPerClipUsd), ("@gross_margin", summary.GrossMargin), ("@p90_latency_s", summary.P90LatencyS),
            ("@slo_attainment", summary.SloAttainment), ("@daily_cost_usd", summary.DailyCostUsd), ("@above_wall", summary.AboveWall));
    }

    /// <inheritdoc />
    public Task<int> InterruptUnfinishedAsync(DateTimeOffset at, CancellationToken cancel = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction,
                $"UPDATE runs SET status = '{Interrupted}', finished_at = @at WHERE status IN {Unfinished}", ("@at", TimeValue(Micro(at))));
            return await command.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
        }, cancel);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(long id, CancellationToken cancel = default) =>
        UpdateAsync("DELETE FROM runs WHERE id = @id", cancel, ("@id", id));

    /// <inheritdoc />
    public Task<bool> SetLabelAsync(long id, string? label, CancellationToken cancel = default)
    {
        RefuseNul(("label", label));
        return UpdateAsync("UPDATE runs SET label = @label WHERE id = @id", cancel, ("@id", id), ("@label", label));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await DisposeCoreAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the store's connections.</summary>
    private protected abstract ValueTask DisposeCoreAsync();

    /// <summary>A time as the store keeps it: UTC, whole microseconds (PostgreSQL's precision, used by both).</summary>
    internal static DateTimeOffset Micro(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    /// <summary>
    /// Refuses a text with a NUL character, which PostgreSQL's <c>text</c> cannot hold (SQLite refuses it too, so both
    /// stores behave alike).
    /// </summary>
    /// <exception cref="ArgumentException">A text holds U+0000; the message names its field.</exception>
    private static void RefuseNul(params (string Field, string? Value)[] texts)
    {
        foreach (var (field, value) in texts)
        {
            if (value is not null && value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"{field} contains a NUL character (U+0000), which the run store cannot keep", field);
            }
        }
    }

    private async Task<bool> UpdateAsync(string sql, CancellationToken cancel, params (string Name, object? Value)[] parameters) =>
        await WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction, sql, parameters);
            return await command.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
        }, cancel).ConfigureAwait(false) > 0;

    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken cancel)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await EnterWriteAsync(cancel).ConfigureAwait(false);
        try
        {
            await using var connection = await ConnectAsync(cancel).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancel).ConfigureAwait(false);
            var result = await body(connection, transaction).ConfigureAwait(false);

            // Once the commit starts it is not cancelled: a write that committed is acknowledged.
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        finally
        {
            ExitWrite();
        }
    }

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> body, CancellationToken cancel)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await using var connection = await ConnectAsync(cancel).ConfigureAwait(false);
        return await body(connection).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancel)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
    }

    private protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Reads the columns of one row by name.</summary>
    private readonly struct Row(SqlRunStore store, DbDataReader reader)
    {
        public long Long(string column) => reader.GetInt64(reader.GetOrdinal(column));

        public string? Text(string column)
        {
            var i = reader.GetOrdinal(column);
            return reader.IsDBNull(i) ? null : reader.GetString(i);
        }

        public double? Double(string column)
        {
            var i = reader.GetOrdinal(column);
            return reader.IsDBNull(i) ? null : reader.GetDouble(i);
        }

        public bool? Bool(string column)
        {
            var i = reader.GetOrdinal(column);
            return reader.IsDBNull(i) ? null : reader.GetBoolean(i);
        }

        public DateTimeOffset? Time(string column)
        {
            var i = reader.GetOrdinal(column);
            return reader.IsDBNull(i) ? null : store.ReadTime(reader, i);
        }

        public ulong? Seed()
        {
            var i = reader.GetOrdinal("seed");
            return reader.IsDBNull(i) ? null : store.ReadSeed(reader, i);
        }

        public RunKind Kind() => RunWords.Kind.TryParse(Text("kind"), out var kind)
            ? kind
            : throw new InvalidDataException($"run {Long("id")} has kind '{Text("kind")}', which this build does not know ({RunWords.Kind.Allowed})");

        public RunStatus Status() => RunWords.Status.TryParse(Text("status"), out var status)
            ? status
            : throw new InvalidDataException($"run {Long("id")} has status '{Text("status")}', which this build does not know ({RunWords.Status.Allowed})");

        public RunSummary Summary() => new()
        {
            CostPerClipUsd = Double("cost_per_clip_usd"),
            GrossMargin = Double("gross_margin"),
            P90LatencyS = Double("p90_latency_s"),
            SloAttainment = Double("slo_attainment"),
            DailyCostUsd = Double("daily_cost_usd"),
            AboveWall = Bool("above_wall"),
        };
    }
}
