using System.Net;
using System.Net.Sockets;
using InferenceWall.Application;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace InferenceWall.Worker;

/// <summary>An Orleans silo that runs analysis chunks, on loopback, with localhost clustering.</summary>
public static class WorkerHost
{
    internal const string ClusterId = "inferencewall";
    internal const string ServiceId = "inferencewall";

    /// <summary>The silo's ports: the cluster's own where free (this is the first worker), else free ones that join it.</summary>
    public static (int Silo, int Gateway, bool First) Ports(ClusterAddress cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Free(cluster.Port) && Free(cluster.GatewayPort) ? (cluster.Port, cluster.GatewayPort, true) : (AnyPort(), AnyPort(), false);
    }

    /// <summary>Runs a worker until <paramref name="stop"/>; <paramref name="started"/> hears its ports once it has joined.</summary>
    public static async Task RunAsync(ClusterAddress cluster, EngineData data, Action<(int Silo, int Gateway, bool First)> started, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(started);
        var ports = Ports(cluster);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(data);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ports.Silo, ports.Gateway, new IPEndPoint(IPAddress.Loopback, cluster.Port), ServiceId, ClusterId);
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
