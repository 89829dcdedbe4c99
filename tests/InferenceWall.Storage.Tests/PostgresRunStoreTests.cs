using Npgsql;

namespace InferenceWall.Storage.Tests;

/// <summary>
/// The store contract on PostgreSQL (the server in <c>IWALL_TEST_POSTGRES</c>): a new database with a random name per
/// test, dropped after it, so no test sees another's rows.
/// </summary>
public sealed class PostgresRunStoreTests : RunStoreContract, INeedsPostgres
{
    private string? _database;

    protected override string ExpectedProvider => "postgresql";

    protected override async Task<string> CreateDatabaseAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresTarget.Required);
        _database = Unique("iwall_test");
        await AdminAsync(server, $"CREATE DATABASE \"{_database}\"");
        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = _database }.ConnectionString;
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_database is not null)
        {
            await AdminAsync(new NpgsqlConnectionStringBuilder(PostgresTarget.Required), $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
            _database = null;
        }
    }

    protected override async Task<object?> RawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Target) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task AdminAsync(NpgsqlConnectionStringBuilder server, string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = server.Database ?? "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [PostgresFact]
    public async Task The_seed_column_is_numeric_and_times_are_timestamptz()
    {
        var id = await Store.AddAsync(Runs.Queued() with { Seed = ulong.MaxValue });
        Assert.Equal("18446744073709551615", await RawAsync($"SELECT seed::text FROM runs WHERE id = {id}"));
        Assert.Equal("timestamp with time zone", await RawAsync("SELECT data_type FROM information_schema.columns WHERE table_name = 'runs' AND column_name = 'created_at'"));
    }

    [PostgresFact]
    public async Task A_url_opens_the_same_database()
    {
        var b = new NpgsqlConnectionStringBuilder(Target);
        var url = $"postgres://{Uri.EscapeDataString(b.Username ?? "postgres")}@{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database!)}";
        var id = await Store.AddAsync(Runs.Queued(0, "via url"));
        await using var byUrl = await RunStores.OpenAsync(url);
        Assert.Equal("via url", (await byUrl.GetAsync(id))!.Label);
        Assert.Equal($"PostgreSQL {b.Host}:{b.Port}/{b.Database} as {b.Username ?? "postgres"}", byUrl.Description);
    }
}
