using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InferenceWall.Server.Tests;

/// <summary>
/// A Redis database for one cluster test, emptied first: on the server <c>IWALL_TEST_REDIS</c> names (HOST:PORT, which
/// <c>.ci/run</c> starts), else on a <c>redis-server</c> this test starts on loopback and stops.
/// </summary>
internal sealed class TestRedis : IDisposable
{
    public const string Variable = "IWALL_TEST_REDIS";

    private static int _nextDatabase;
    private readonly Process? _own;

    private TestRedis(string host, int port, int database, Process? own)
    {
        Address = $"redis://{host}:{port}/{database}";
        _own = own;
    }

    /// <summary>What <c>--cluster</c> gets: <c>redis://HOST:PORT/DB</c>.</summary>
    public string Address { get; }

    /// <summary>Why Redis tests cannot run here, or null (a server is named, redis-server is installed, or CI requires them).</summary>
    public static string? SkipReason => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } || OnPath("redis-server") || InCi
        ? null
        : $"no Redis: set {Variable} to HOST:PORT (`source .ci/redis.sh start`) or install redis-server; under CI=true these tests fail instead";

    private static bool InCi => Environment.GetEnvironmentVariable("CI") is "true" or "1";

    public static async Task<TestRedis> StartAsync()
    {
        // Databases 1 to 15 in turn: each test starts from an empty membership table.
        var database = 1 + (Interlocked.Increment(ref _nextDatabase) % 15);
        Process? own = null;
        string host;
        int port;
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named)
        {
            var colon = named.LastIndexOf(':');
            host = named[..colon];
            port = int.Parse(named[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (InCi && !OnPath("redis-server"))
        {
            throw new InvalidOperationException($"CI=true but {Variable} is not set: .ci/run starts redis-server and sets it");
        }
        else
        {
            host = "127.0.0.1";
            port = FreePort();
            var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--bind", host, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no" })
            {
                info.ArgumentList.Add(a);
            }

            own = Process.Start(info) ?? throw new InvalidOperationException("could not start redis-server");
        }

        for (var i = 0; ; i++)
        {
            try
            {
                await CommandAsync(host, port, "SELECT", database.ToString(System.Globalization.CultureInfo.InvariantCulture), "FLUSHDB");
                return new TestRedis(host, port, database, own);
            }
            catch (SocketException) when (i < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Sends <c>SELECT db</c> then the command in RESP, reading one reply to each.</summary>
    private static async Task CommandAsync(string host, int port, string select, string database, string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port);
        var stream = client.GetStream();
        foreach (var parts in new[] { new[] { select, database }, new[] { command } })
        {
            var text = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
            foreach (var p in parts)
            {
                text.Append('$').Append(Encoding.UTF8.GetByteCount(p)).Append("\r\n").Append(p).Append("\r\n");
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
            var buffer = new byte[256];
            var n = await stream.ReadAsync(buffer);
            var reply = Encoding.UTF8.GetString(buffer, 0, n);
            if (!reply.StartsWith("+OK", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Redis answered '{reply.Trim()}' to {string.Join(' ', parts)}");
            }
        }
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, name)));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_own is { HasExited: false })
        {
            _own.Kill();
            _own.WaitForExit(5000);
        }

        _own?.Dispose();
    }
}

/// <summary>A test that needs Redis: skipped with the reason where none can run outside CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute() => Skip = TestRedis.SkipReason;
}
