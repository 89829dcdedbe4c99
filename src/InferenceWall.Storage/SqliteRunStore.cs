using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace InferenceWall.Storage;

/// <summary>
/// Runs in one SQLite file: WAL, <c>synchronous=FULL</c> (a committed run survives a power cut), foreign keys on,
/// a busy timeout for other processes on the same file. A connection per call from the pool; this process's writes
/// take turns (SQLite has one writer at a time) while reads run beside them.
/// </summary>
public sealed class SqliteRunStore : SqlRunStore
{
    /// <summary>How long a statement waits for another process's write lock before it fails.</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private const string FoldFunction = "iwall_fold";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writes = new(1, 1);

    private SqliteRunStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    /// <summary>The database file (absolute).</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Description => "SQLite " + Path;

    /// <inheritdoc />
    public override string Provider => Migrations.SqliteProvider;

    /// <summary>Opens (creating the file and its folder when missing) and migrates the database at <paramref name="path"/>.</summary>
    /// <exception cref="StoreOpenException">The file cannot be opened, is not a SQLite database, or was written by a newer build.</exception>
    public static async Task<SqliteRunStore> OpenAsync(string path, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full;
        try
        {
            full = System.IO.Path.GetFullPath(path);
            var folder = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StoreOpenException($"SQLite {path}: cannot create the database's folder: {e.Message}", e);
        }

        var store = new SqliteRunStore(full);
        try
        {
            await using (var connection = await store.ConnectAsync(cancel).ConfigureAwait(false))
            {
                await store.MigrateAsync(connection, cancel).ConfigureAwait(false);
                await using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL";
                await wal.ExecuteScalarAsync(cancel).ConfigureAwait(false);
            }

            return store;
        }
        catch (SqliteException e)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new StoreOpenException($"{store.Description}: cannot open the database: {e.Message}", e);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override string SchemaVersionDdl =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    private protected override async ValueTask<DbConnection> ConnectAsync(CancellationToken cancel)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancel).ConfigureAwait(false);
            await using (var settings = connection.CreateCommand())
            {
                settings.CommandText = $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={BusyTimeoutMilliseconds}; PRAGMA foreign_keys=ON";
                await settings.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
            }

            // SQLite's lower() folds ASCII only; this folds every letter the same way on both sides of a comparison.
            connection.CreateFunction<string?, string?>(FoldFunction, s => s?.ToLowerInvariant(), isDeterministic: true);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override async ValueTask EnterWriteAsync(CancellationToken cancel) => await _writes.WaitAsync(cancel).ConfigureAwait(false);

    private protected override void ExitWrite() => _writes.Release();

    private protected override object TimeValue(DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private protected override object SeedValue(ulong seed) => seed.ToString(CultureInfo.InvariantCulture);

    private protected override ulong ReadSeed(DbDataReader reader, int ordinal) => ulong.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);

    private protected override string ContainsIgnoringCase(string column, string parameter) =>
        $"instr({FoldFunction}({column}), {FoldFunction}({parameter})) > 0";

    private protected override ValueTask DisposeCoreAsync()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writes.Dispose();
        return ValueTask.CompletedTask;
    }
}
