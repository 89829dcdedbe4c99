using System.Net;
using System.Net.Sockets;
using InferenceWall.Application;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace InferenceWall.Worker;

/// <summary>An Orleans silo that runs analysis chunks: localhost clustering on loopback, or Redis clustering.</summary>
public static class WorkerHost
{
    internal const string ClusterId = "inferencewall";
    internal const string ServiceId = "inferencewall";

    /// <summary>
    /// The silo's ports. Localhost clustering: the cluster's own where free (this is the first worker), else free ones
    /// that join it. Redis clustering: <paramref name="port"/> and the next one when given, else free ones.
    /// </summary>
    public static (int Silo, int Gateway, bool First) Ports(ClusterAddress cluster, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.IsRedis)
        {
            return port is { } p ? (p, p + 1, false) : (AnyPort(), AnyPort(), false);
        }

        return Free(cluster.Port) && Free(cluster.GatewayPort) ? (cluster.Port, cluster.GatewayPort, true) : (AnyPort(), AnyPort(), false);
    }

    /// <summary>Runs a worker until <paramref name="stop"/>; <paramref name="started"/> hears its ports once it has joined.</summary>
    public static async Task RunAsync(ClusterAddress cluster, EngineData data, Action<(int Silo, int Gateway, bool First)> started, CancellationToken stop) =>
        await RunAsync(cluster, new WorkerSettings(), data, started, stop).ConfigureAwait(false);

    /// <summary>Runs a worker with <paramref name="settings"/> (where it listens, its port, the cluster's token) until <paramref name="stop"/>.</summary>
    public static async Task RunAsync(ClusterAddress cluster, WorkerSettings settings, EngineData data, Action<(int Silo, int Gateway, bool First)> started, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(started);
        var ports = Ports(cluster, settings.Port);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(data);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<PreparedJobs>();
        builder.Services.AddSingleton(new WorkerSlots(settings.Slots));
        builder.UseOrleans(silo =>
        {
            if (cluster.IsRedis && settings.Kubernetes)
            {
                // The pod's name, IP and labels name the silo and its cluster (Orleans' Kubernetes hosting); Redis keeps membership.
                silo.UseKubernetesHosting();
                silo.UseRedisClustering(o => o.ConfigurationOptions = cluster.RedisOptions());
            }
            else if (cluster.IsRedis)
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterId;
                    o.ServiceId = ServiceId;
                });
                silo.ConfigureEndpoints(settings.Listen, ports.Silo, ports.Gateway, listenOnAnyHostAddress: false);
                silo.UseRedisClustering(o => o.ConfigurationOptions = cluster.RedisOptions());
            }
            else
            {
                silo.UseLocalhostClustering(ports.Silo, ports.Gateway, new IPEndPoint(IPAddress.Loopback, cluster.Port), ServiceId, ClusterId);
            }

            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // Fast failure detection that holds on 2 cores (shared/STACK.md: the 3-silo kill test).
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });
        });
        using var host = builder.Build();
        await host.StartAsync(stop).ConfigureAwait(false);
        started(ports);
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>A loopback port whose next one is free too: an address for a new localhost cluster (its first worker takes both).</summary>
    public static int FreePortPair()
    {
        for (var i = 0; i < 50; i++)
        {
            var port = AnyPort();
            if (port < 65000 && Free(port + 1))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free pair of loopback ports after 50 tries");
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int AnyPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>
/// How a worker listens: the address its silo and gateway bind to (loopback unless told otherwise), a fixed port (the
/// silo's; the gateway takes the next), and the cluster's token, which every job must carry when set.
/// </summary>
public sealed record WorkerSettings
{
    public IPAddress Listen { get; init; } = IPAddress.Loopback;

    public int? Port { get; init; }

    public string? Token { get; init; }

    /// <summary>Hosted in a Kubernetes pod: Orleans' Kubernetes hosting names the silo from the pod (untested here).</summary>
    public bool Kubernetes { get; init; }

    /// <summary>Chunks run at once (each on one thread): the cores by default.</summary>
    public int Slots { get; init; } = Environment.ProcessorCount;
}

/// <summary>The worker's slots: at most <see cref="Count"/> chunks compute at once; the others wait their turn.</summary>
public sealed class WorkerSlots(int count) : IDisposable
{
    public int Count { get; } = Math.Max(1, count);

    public SemaphoreSlim Gate { get; } = new(Math.Max(1, count));

    public void Dispose() => Gate.Dispose();
}
