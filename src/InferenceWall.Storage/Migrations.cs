using System.Collections.Immutable;
using System.Globalization;

namespace InferenceWall.Storage;

/// <summary>One schema step: its version (the file name's number), its name and its SQL.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The migrations of each database: embedded SQL files <c>Migrations/&lt;provider&gt;/NNNN_name.sql</c>, numbered
/// 1, 2, 3, … without a gap, applied in order inside one transaction and recorded in <c>schema_version</c>.
/// </summary>
internal static class Migrations
{
    public const string SqliteProvider = "sqlite";
    public const string PostgresProvider = "postgresql";

    private static readonly Lazy<ImmutableArray<Migration>> Sqlite = new(() => Load(SqliteProvider));
    private static readonly Lazy<ImmutableArray<Migration>> Postgres = new(() => Load(PostgresProvider));

    public static ImmutableArray<Migration> For(string provider) => provider switch
    {
        SqliteProvider => Sqlite.Value,
        PostgresProvider => Postgres.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "no migrations for this database"),
    };

    /// <summary>The newest schema version this build knows for the database.</summary>
    public static int Newest(string provider) => For(provider)[^1].Version;

    private static ImmutableArray<Migration> Load(string provider)
    {
        var assembly = typeof(Migrations).Assembly;
        var prefix = $"Migrations/{provider}/";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..^".sql".Length];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(file[..underscore], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"migration '{resource}' is not named NNNN_name.sql");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(version, file, reader.ReadToEnd()));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1)
            {
                throw new InvalidOperationException($"the {provider} migrations are not numbered 1, 2, 3, … without a gap: '{list[i].Name}' is number {i + 1}");
            }
        }

        return list.Count == 0 ? throw new InvalidOperationException($"no {provider} migrations are embedded") : [.. list];
    }
}
