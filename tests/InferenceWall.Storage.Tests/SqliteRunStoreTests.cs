using Microsoft.Data.Sqlite;

namespace InferenceWall.Storage.Tests;

/// <summary>The store contract on SQLite: a fresh file in a fresh temporary folder per test.</summary>
public sealed class SqliteRunStoreTests : RunStoreContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), Unique("iwall-store"));

    protected override string ExpectedProvider => "sqlite";

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult(Path.Combine(_folder, "nested", Unique("runs") + ".db"));

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected override async Task<object?> RawAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Target, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_in_a_folder_made_for_it()
    {
        Assert.True(File.Exists(Target));
        Assert.Equal("wal", await RawAsync("PRAGMA journal_mode"));
        Assert.Equal(Path.GetFullPath(Target), ((SqliteRunStore)Store).Path);
        Assert.Equal("SQLite " + Path.GetFullPath(Target), Store.Description);
    }

    [Fact]
    public async Task Text_search_folds_case_beyond_ascii()
    {
        var id = await Store.AddAsync(Runs.Queued(0, "ÉTÉ À PARIS"));
        Assert.Equal([id], (await Store.ListAsync(new RunQuery { Text = "été à" })).Select(i => i.Id));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_with_its_path()
    {
        var path = Path.Combine(_folder, "not-a-db.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));
        var e = await Assert.ThrowsAsync<StoreOpenException>(() => RunStores.OpenAsync(path));
        Assert.Contains(path, e.Message);
        Assert.Equal(new string('x', 4096), await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_made_is_refused()
    {
        var file = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(file, "x");
        var e = await Assert.ThrowsAsync<StoreOpenException>(() => RunStores.OpenAsync(Path.Combine(file, "runs.db")));
        Assert.Contains("folder", e.Message);
    }

    [Fact]
    public async Task A_committed_run_survives_closing_and_reopening()
    {
        var id = await Store.AddAsync(Runs.Queued(0, "durable"));
        await Store.DisposeAsync();
        await using var reopened = await SqliteRunStore.OpenAsync(Target);
        Assert.Equal("durable", (await reopened.GetAsync(id))!.Label);
    }
}
