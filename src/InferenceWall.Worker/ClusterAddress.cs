using System.Globalization;
using InferenceWall.Core.Problems;
using StackExchange.Redis;

namespace InferenceWall.Worker;

/// <summary>
/// Where a cluster's workers meet. <c>localhost:PORT</c>: several processes on this machine; the first worker listens
/// at PORT and PORT + 1 for clients, the others join it. <c>redis://[:PASSWORD@]HOST[:PORT][/DB]</c>: workers on any
/// machines find each other, and clients find them, through the membership table in that Redis (port 6379 and
/// database 0 unless given).
/// </summary>
public sealed record ClusterAddress
{
    /// <summary>The Redis port when the address names none.</summary>
    public const int DefaultRedisPort = 6379;

    private ClusterAddress(int port, string? redisHost, int database, string? password)
    {
        Port = port;
        RedisHost = redisHost;
        Database = database;
        Password = password;
    }

    /// <summary>The first worker's port (localhost), or the Redis server's port.</summary>
    public int Port { get; }

    /// <summary>The Redis server's host; null for localhost clustering.</summary>
    public string? RedisHost { get; }

    /// <summary>The Redis database number the membership table lives in.</summary>
    public int Database { get; }

    private string? Password { get; }

    public bool IsRedis => RedisHost is not null;

    /// <summary>The gateway port clients connect to with localhost clustering (the first worker's).</summary>
    public int GatewayPort => Port + 1;

    /// <summary>The address as a user wrote it, without the password.</summary>
    public string Text => IsRedis ? $"redis://{(Password is null ? "" : "***@")}{RedisHost}:{Port}" + (Database == 0 ? "" : $"/{Database}") : $"localhost:{Port}";

    public override string ToString() => Text;

    /// <summary>The StackExchange.Redis options for this address (Redis clustering only).</summary>
    public ConfigurationOptions RedisOptions()
    {
        var options = new ConfigurationOptions { DefaultDatabase = Database, Password = Password, AbortOnConnectFail = false, ConnectTimeout = 5000 };
        options.EndPoints.Add(RedisHost ?? "localhost", Port);
        return options;
    }

    /// <summary>
    /// Null when the Redis server answers a PING within 5 s (or the address is localhost clustering), else why not:
    /// checked before Orleans starts, which would retry for about a minute and report a timeout.
    /// </summary>
    public async Task<string?> RedisUnreachableAsync()
    {
        if (!IsRedis)
        {
            return null;
        }

        var options = RedisOptions();
        options.AbortOnConnectFail = true;
        try
        {
            using var redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            await redis.GetDatabase(Database).PingAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"no Redis server answers at {Text} ({e.GetType().Name}: {FirstSentence(e.Message)})";
        }
    }

    /// <summary>A long library message's first sentence (StackExchange.Redis appends pages of diagnostics).</summary>
    public static string FirstSentence(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = message.Split('\n')[0];
        var stop = line.IndexOf(". ", StringComparison.Ordinal);
        return stop > 0 ? line[..(stop + 1)] : line;
    }

    public static ClusterAddress Localhost(int port) => new(port, null, 0, null);

    public static (ClusterAddress? Address, Problem? Problem) Parse(string path, string? text)
    {
        const string Fix = "give localhost:PORT (workers on this machine; the first listens at PORT and PORT + 1) or redis://HOST:PORT (workers that meet through a Redis server)";
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, Problem.BadInput(path, "is empty", Fix));
        }

        var t = text.Trim();
        if (t.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseRedis(path, t);
        }

        var colon = t.LastIndexOf(':');
        if (colon <= 0 || !string.Equals(t[..colon], "localhost", StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(t[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1024 or > 65534)
        {
            return (null, Problem.BadInput(path, $"'{t}' is not a cluster address (ports 1024 to 65534)", Fix));
        }

        return (Localhost(port), null);
    }

    private static (ClusterAddress? Address, Problem? Problem) ParseRedis(string path, string t)
    {
        const string Fix = "write redis://HOST:PORT, for example redis://127.0.0.1:6379, with :PASSWORD@ before the host and /DB (0 to 15) after it if needed";
        var shown = t.Contains('@', StringComparison.Ordinal) ? "redis://***@" + t[(t.LastIndexOf('@') + 1)..] : t;
        if (!Uri.TryCreate(t, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return (null, Problem.BadInput(path, $"'{shown}' is not a Redis address", Fix));
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultRedisPort : uri.Port;
        if (port is < 1 or > 65535)
        {
            return (null, Problem.BadInput(path, $"'{shown}': port {port} is not a port (1 to 65535)", Fix));
        }

        var db = 0;
        var dbText = uri.AbsolutePath.Trim('/');
        if (dbText.Length > 0 && (!int.TryParse(dbText, NumberStyles.None, CultureInfo.InvariantCulture, out db) || db > 15))
        {
            return (null, Problem.BadInput(path, $"'{shown}': '/{dbText}' is not a Redis database number (0 to 15)", Fix));
        }

        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var info = Uri.UnescapeDataString(uri.UserInfo);
            password = info.Contains(':', StringComparison.Ordinal) ? info[(info.IndexOf(':', StringComparison.Ordinal) + 1)..] : info;
            if (password.Length == 0)
            {
                password = null;
            }
        }

        return (new ClusterAddress(port, uri.Host.Trim('[', ']'), db, password), null);
    }
}
