namespace InferenceWall.Storage;

/// <summary>
/// Opens the run store a user names: <c>--db</c>, else the <c>IWALL_DB</c> environment variable, else SQLite in the
/// user's data folder (<c>$XDG_DATA_HOME/inferencewall/runs.db</c>, or <c>~/.local/share/inferencewall/runs.db</c>).
/// A <c>postgres://</c> or <c>postgresql://</c> URL, or a connection string with <c>Host=</c>, is PostgreSQL; anything
/// else is a SQLite file path.
/// </summary>
public static class RunStores
{
    /// <summary>The environment variable that names the store when no <c>--db</c> is given.</summary>
    public const string DatabaseVariable = "IWALL_DB";

    /// <summary>The folder under the data home, and the SQLite file in it.</summary>
    public const string AppFolder = "inferencewall";

    public const string DefaultFileName = "runs.db";

    /// <exception cref="StoreOpenException">The store cannot be opened (the message says why, for the user).</exception>
    public static Task<IRunStore> OpenAsync(string? db, CancellationToken cancel = default) =>
        OpenAsync(db, Environment.GetEnvironmentVariable, cancel);

    internal static async Task<IRunStore> OpenAsync(string? db, Func<string, string?> environment, CancellationToken cancel)
    {
        var target = Resolve(db, environment);
        return IsPostgres(target)
            ? await PostgresRunStore.OpenAsync(target, cancel).ConfigureAwait(false)
            : await SqliteRunStore.OpenAsync(target, cancel).ConfigureAwait(false);
    }

    /// <summary>What the store is: the given <paramref name="db"/>, else <c>IWALL_DB</c>, else the default SQLite path.</summary>
    public static string Resolve(string? db, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(db))
        {
            return db.Trim();
        }

        var fromEnvironment = environment(DatabaseVariable);
        return !string.IsNullOrWhiteSpace(fromEnvironment) ? fromEnvironment.Trim() : DefaultSqlitePath(environment);
    }

    /// <summary>True for a PostgreSQL URL or connection string.</summary>
    public static bool IsPostgres(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return PostgresAddress.IsUrl(target) || target.Contains("Host=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The default SQLite file: <c>$XDG_DATA_HOME/inferencewall/runs.db</c> when XDG_DATA_HOME is an absolute path
    /// (the XDG base directory rule), else <c>$HOME/.local/share/inferencewall/runs.db</c>.
    /// </summary>
    /// <exception cref="StoreOpenException">Neither XDG_DATA_HOME nor a home folder is known.</exception>
    public static string DefaultSqlitePath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var xdg = environment("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, AppFolder, DefaultFileName);
        }

        var home = environment("HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return string.IsNullOrWhiteSpace(home)
            ? throw new StoreOpenException($"no data folder for the run store: neither XDG_DATA_HOME nor HOME is set; give --db or set {DatabaseVariable}")
            : Path.Combine(home, ".local", "share", AppFolder, DefaultFileName);
    }
}
