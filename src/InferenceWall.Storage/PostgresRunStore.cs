using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace InferenceWall.Storage;

/// <summary>
/// Runs in a PostgreSQL database (for a team): the same tables as SQLite with native types (<c>timestamptz</c>,
/// <c>numeric(20,0)</c> for the seed, <c>boolean</c>), through one pooled <see cref="NpgsqlDataSource"/>. Migrations
/// take a transaction-level advisory lock, so servers starting together migrate once.
/// </summary>
public sealed class PostgresRunStore : SqlRunStore
{
    /// <summary>The advisory lock key of the schema migration (any constant, the same in every build).</summary>
    private const long MigrationLockKey = 0x4957_414C_4C5F_4442; // "IWALL_DB"

    private readonly NpgsqlDataSource _source;

    private PostgresRunStore(NpgsqlDataSource source, string description)
    {
        _source = source;
        Description = description;
    }

    /// <inheritdoc />
    public override string Description { get; }

    /// <inheritdoc />
    public override string Provider => Migrations.PostgresProvider;

    /// <summary>
    /// Opens and migrates the database named by a <c>postgres://user:password@host:port/db</c> URL or an Npgsql
    /// connection string (<c>Host=…;Database=…</c>).
    /// </summary>
    /// <exception cref="StoreOpenException">Bad address, unreachable server, refused login, or a newer schema.</exception>
    public static async Task<PostgresRunStore> OpenAsync(string target, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var builder = PostgresAddress.ToConnectionString(target);
        var description = PostgresAddress.Describe(builder);
        NpgsqlDataSource source;
        try
        {
            source = NpgsqlDataSource.Create(builder);
        }
        catch (ArgumentException e)
        {
            throw new StoreOpenException($"{description}: not a usable connection string: {e.Message}", e);
        }

        var store = new PostgresRunStore(source, description);
        try
        {
            await using (var connection = await store.ConnectAsync(cancel).ConfigureAwait(false))
            {
                await store.MigrateAsync(connection, cancel).ConfigureAwait(false);
            }

            return store;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new StoreOpenException($"{description}: cannot open the database: {e.Message}", e);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override string SchemaVersionDdl =>
        "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    private protected override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancel)
    {
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("@key", MigrationLockKey));
        await command.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
    }

    private protected override async ValueTask<DbConnection> ConnectAsync(CancellationToken cancel) =>
        await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);

    private protected override object TimeValue(DateTimeOffset at) => at.UtcDateTime;

    private protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    private protected override object SeedValue(ulong seed) => (decimal)seed;

    private protected override ulong ReadSeed(DbDataReader reader, int ordinal) => (ulong)reader.GetDecimal(ordinal);

    private protected override string ContainsIgnoringCase(string column, string parameter) =>
        $"strpos(lower({column}), lower({parameter})) > 0";

    private protected override ValueTask DisposeCoreAsync() => _source.DisposeAsync();
}
