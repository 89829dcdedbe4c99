using System.CommandLine;
using InferenceWall.Core.Problems;
using InferenceWall.Worker;

namespace InferenceWall.Cli.Commands;

/// <summary>
/// <c>iwall worker --cluster localhost:PORT</c>: an Orleans silo on loopback that runs analysis chunks for clients
/// (<c>--cluster</c> on the analysis commands). The first worker listens at PORT (and PORT + 1 for clients); the
/// others join it. Prints <c>worker ready: …</c> when it has joined; stops on SIGTERM or Ctrl+C.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(CliIo io)
    {
        var cluster = new Option<string>("--cluster") { Description = "Where the workers meet: localhost:PORT (the first worker listens at PORT, the others join it)", Required = true };
        var catalog = AnalysisOptions.Catalog();
        var command = new Command("worker", "Run analysis chunks for a cluster (an Orleans silo on loopback); clients submit with --cluster on montecarlo.") { cluster, catalog };
        command.SetAction((p, cancel) => RunAsync(io, p.GetValue(cluster)!, p.GetValue(catalog), cancel));
        return command;
    }

    private static async Task<int> RunAsync(CliIo io, string clusterText, string? catalogDir, CancellationToken cancel)
    {
        var (address, problem) = ClusterAddress.Parse("--cluster", clusterText);
        var data = CliInputs.Engine(catalogDir, null);
        if (address is null || data.Value is null)
        {
            return io.Problems([.. problem is null ? [] : new[] { problem }, .. data.Problems]);
        }

        try
        {
            await WorkerHost.RunAsync(address, data.Value, ports =>
            {
                io.Out.WriteLine($"worker ready: silo 127.0.0.1:{ports.Silo}, gateway {ports.Gateway}, {(ports.First ? "the cluster's first worker" : $"joined localhost:{address.Port}")}");
                io.Out.Flush();
            }, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return io.Problems([Problem.Infeasible("--cluster", $"the worker could not start or join localhost:{address.Port}: {e.Message}", "check that the first worker runs, and that the ports are free")]);
        }

        return ExitCodes.Ok;
    }
}
