using Npgsql;

namespace InferenceWall.Storage;

/// <summary>
/// A PostgreSQL address as a user gives it: a <c>postgres://</c> or <c>postgresql://</c> URL
/// (<c>user:password@host:port/database?sslmode=require</c>) or an Npgsql connection string.
/// </summary>
internal static class PostgresAddress
{
    private const int DefaultPort = 5432;

    /// <summary>URL query keys (libpq's names) and the connection string keys they set.</summary>
    private static readonly Dictionary<string, string> QueryKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    public static bool IsUrl(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="StoreOpenException">The URL or connection string cannot be read.</exception>
    public static NpgsqlConnectionStringBuilder ToConnectionString(string target)
    {
        try
        {
            return IsUrl(target) ? FromUrl(target) : new NpgsqlConnectionStringBuilder(target);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            throw new StoreOpenException($"PostgreSQL address '{Redact(target)}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>host:port/database as user, without the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder b) =>
        $"PostgreSQL {b.Host ?? "localhost"}:{b.Port}/{b.Database ?? b.Username ?? "(default)"}" + (b.Username is { } u ? $" as {u}" : "");

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var uri = new Uri(url, UriKind.Absolute);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            builder[QueryKeys.TryGetValue(key, out var mapped) ? mapped : key] = value;
        }

        return builder;
    }

    /// <summary>The address with any password replaced, for messages.</summary>
    internal static string Redact(string target)
    {
        if (IsUrl(target))
        {
            var at = target.LastIndexOf('@');
            var scheme = target.IndexOf("://", StringComparison.Ordinal) + 3;
            var colon = at < 0 ? -1 : target.IndexOf(':', scheme, at - scheme);
            return colon < 0 ? target : target[..(colon + 1)] + "***" + target[at..];
        }

        var parts = target.Split(';').Select(p => p.TrimStart().StartsWith("password", StringComparison.OrdinalIgnoreCase) ? "Password=***" : p);
        return string.Join(";", parts);
    }
}
