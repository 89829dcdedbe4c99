using Npgsql;

namespace InferenceWall.Tests;

/// <summary>A throwaway database for one test: a SQLite file in a temp folder, or a fresh PostgreSQL database.</summary>
internal sealed class TestDatabases : IAsyncDisposable
{
    public const string PostgresVariable = "IWALL_TEST_POSTGRES";

    private readonly string? _folder;
    private readonly string? _admin;
    private readonly string? _name;

    private TestDatabases(string target, string? folder, string? admin, string? name)
    {
        Target = target;
        _folder = folder;
        _admin = admin;
        _name = name;
    }

    /// <summary>What <c>--db</c> gets.</summary>
    public string Target { get; }

    public static TestDatabases Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "iwall-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestDatabases(Path.Combine(folder, "runs.db"), folder, null, null);
    }

    /// <summary>A fresh database on the server <see cref="PostgresVariable"/> names, or null when it is unset outside CI.</summary>
    public static async Task<TestDatabases?> PostgresAsync()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(admin))
        {
            return Environment.GetEnvironmentVariable("CI") is "true" or "1"
                ? throw new InvalidOperationException($"{PostgresVariable} is not set: .ci/run starts a PostgreSQL cluster and sets it")
                : null;
        }

        var name = "iwall_server_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var target = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
        return new TestDatabases(target, null, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        if (_admin is not null && _name is not null)
        {
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
