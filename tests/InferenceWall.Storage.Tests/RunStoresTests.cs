using Npgsql;

namespace InferenceWall.Storage.Tests;

/// <summary>Which store a <c>--db</c> value, <c>IWALL_DB</c> or the XDG default names, and PostgreSQL addresses.</summary>
public sealed class RunStoresTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    [Fact]
    public void The_default_is_sqlite_in_the_xdg_data_folder()
    {
        Assert.Equal("/data/inferencewall/runs.db", RunStores.Resolve(null, Env(("XDG_DATA_HOME", "/data"), ("HOME", "/home/u"))));
        Assert.Equal("/home/u/.local/share/inferencewall/runs.db", RunStores.Resolve(null, Env(("HOME", "/home/u"))));

        // XDG: a relative XDG_DATA_HOME is ignored.
        Assert.Equal("/home/u/.local/share/inferencewall/runs.db", RunStores.Resolve("  ", Env(("XDG_DATA_HOME", "rel"), ("HOME", "/home/u"))));
    }

    [Fact]
    public void Db_beats_the_environment_variable_which_beats_the_default()
    {
        var env = Env(("IWALL_DB", "/env/runs.db"), ("HOME", "/home/u"));
        Assert.Equal("/flag.db", RunStores.Resolve("/flag.db", env));
        Assert.Equal("/env/runs.db", RunStores.Resolve(null, env));
    }

    [Theory]
    [InlineData("postgres://u:p@h:5/d", true)]
    [InlineData("POSTGRESQL://h/d", true)]
    [InlineData("Host=127.0.0.1;Database=x", true)]
    [InlineData("username=a;host=db", true)]
    [InlineData("/var/lib/runs.db", false)]
    [InlineData("runs.db", false)]
    [InlineData("postgres.db", false)]
    public void Postgres_is_a_url_or_a_connection_string_with_a_host(string target, bool postgres) =>
        Assert.Equal(postgres, RunStores.IsPostgres(target));

    [Fact]
    public void A_url_becomes_a_connection_string()
    {
        var b = PostgresAddress.ToConnectionString("postgres://alice:p%40ss:w@db.example:6543/run%20s?sslmode=require&application_name=iwall");
        Assert.Equal("db.example", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("alice", b.Username);
        Assert.Equal("p@ss:w", b.Password);
        Assert.Equal("run s", b.Database);
        Assert.Equal(SslMode.Require, b.SslMode);
        Assert.Equal("iwall", b.ApplicationName);

        var d = PostgresAddress.ToConnectionString("postgresql://db/runs");
        Assert.Equal(5432, d.Port);
        Assert.Null(d.Username);
        Assert.Equal("PostgreSQL db:5432/runs", PostgresAddress.Describe(d));
        Assert.Equal("PostgreSQL db.example:6543/run s as alice", PostgresAddress.Describe(b));
    }

    [Fact]
    public void A_bad_address_is_refused_without_its_password()
    {
        var url = Assert.Throws<StoreOpenException>(() => PostgresAddress.ToConnectionString("postgres://u:secret@h:5/d?nonsense_key=1"));
        Assert.DoesNotContain("secret", url.Message);
        Assert.Contains("nonsense_key", url.Message);
        var cs = Assert.Throws<StoreOpenException>(() => PostgresAddress.ToConnectionString("Host=h;Password=secret;Bogus Key=1"));
        Assert.DoesNotContain("secret", cs.Message);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_store_open_exception_without_the_password()
    {
        // Port 1 on loopback: nothing listens there.
        var e = await Assert.ThrowsAsync<StoreOpenException>(() => RunStores.OpenAsync("Host=127.0.0.1;Port=1;Username=u;Password=secret;Database=d;Timeout=3"));
        Assert.DoesNotContain("secret", e.Message);
        Assert.Contains("127.0.0.1:1/d", e.Message);
    }

    [Fact]
    public async Task A_path_opens_sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "iwall-stores-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var store = await RunStores.OpenAsync(Path.Combine(folder, "a", "b", "runs.db"));
            Assert.Equal("sqlite", store.Provider);
            Assert.True(File.Exists(Path.Combine(folder, "a", "b", "runs.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
