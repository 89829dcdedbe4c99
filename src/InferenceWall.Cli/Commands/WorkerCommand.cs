using System.CommandLine;
using System.Net;
using InferenceWall.Core.Problems;
using InferenceWall.Worker;

namespace InferenceWall.Cli.Commands;

/// <summary>
/// <c>iwall worker --cluster localhost:PORT|redis://HOST:PORT</c>: an Orleans silo that runs analysis chunks for
/// clients (<c>--cluster</c> on the analysis commands). Localhost: the first worker listens at PORT (and PORT + 1 for
/// clients), the others join it. Redis: every worker registers in that Redis, on loopback unless <c>--listen</c> names
/// another address, and then only with a cluster token (<c>IWALL_CLUSTER_TOKEN</c>) that every job must carry. Prints
/// <c>worker ready: …</c> when it has joined; stops on SIGTERM or Ctrl+C.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(CliIo io)
    {
        var cluster = new Option<string>("--cluster") { Description = "Where the workers meet: localhost:PORT (the first worker listens at PORT, the others join it) or redis://HOST:PORT", Required = true };
        var listen = new Option<string?>("--listen") { Description = $"Redis clusters: the IP address this worker listens at and other machines reach it by [default: 127.0.0.1]; any other address needs {ClusterJobs.TokenVariable}" };
        var port = new Option<int?>("--port") { Description = "Redis clusters: the silo's port (the gateway for clients takes the next) [default: free ports]" };
        var slots = new Option<int?>("--slots") { Description = $"Chunks this worker computes at once, each on one thread (1 to {MaxSlots:N0}) [default: its cores, {Environment.ProcessorCount}]" };
        var kubernetes = new Option<bool>("--kubernetes")
        {
            Description = $"In a Kubernetes pod, with a redis:// cluster: name the worker from the pod (POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_SERVICE_ID, ORLEANS_CLUSTER_ID; Orleans' Kubernetes hosting; docs/scale.md). Needs {ClusterJobs.TokenVariable}",
        };
        var catalog = AnalysisOptions.Catalog();
        var command = new Command("worker", "Run analysis chunks for a cluster (an Orleans silo); clients submit with --cluster on montecarlo, sweep and optimize.") { cluster, listen, port, slots, kubernetes, catalog };
        command.SetAction((p, cancel) => RunAsync(io, p.GetValue(cluster)!, p.GetValue(listen), p.GetValue(port), p.GetValue(slots), p.GetValue(kubernetes), p.GetValue(catalog), cancel));
        return command;
    }

    /// <summary>The most chunks one worker computes at once.</summary>
    public const int MaxSlots = 1024;

    /// <summary>What Orleans' Kubernetes hosting reads from the pod (the Deployment in docs/scale.md sets them).</summary>
    public static readonly string[] PodVariables = ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"];

    private static async Task<int> RunAsync(CliIo io, string clusterText, string? listenText, int? port, int? slots, bool kubernetes, string? catalogDir, CancellationToken cancel)
    {
        var problems = new List<Problem>();
        if (kubernetes)
        {
            var missing = PodVariables.Where(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToList();
            if (missing.Count > 0)
            {
                problems.Add(Problem.BadInput("--kubernetes", $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set: this is not a pod set up for Orleans' Kubernetes hosting",
                    "set them from the pod's fields and labels as the Deployment in docs/scale.md does, or drop --kubernetes"));
            }

            if (!clusterText.Trim().StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(Problem.BadInput("--kubernetes", "needs a redis:// cluster (Kubernetes hosting names the worker; Redis keeps the membership)", "give --cluster redis://HOST:PORT"));
            }

            if (ClusterJobs.Token is null)
            {
                problems.Add(Problem.BadInput("--kubernetes", $"a pod is reachable from other pods, and {ClusterJobs.TokenVariable} is not set", $"set {ClusterJobs.TokenVariable} from a Secret on every worker and client"));
            }
        }

        if (slots is < 1 or > MaxSlots)
        {
            problems.Add(Problem.BadInput("--slots", $"{slots} is out of range", $"give 1 to {MaxSlots:N0} chunks at once, or drop it for one per core"));
        }

        var (address, problem) = ClusterAddress.Parse("--cluster", clusterText);
        if (problem is not null)
        {
            problems.Add(problem);
        }

        var settings = Settings(address, listenText, port, ClusterJobs.Token, problems) with
        {
            Slots = slots is >= 1 and <= MaxSlots ? slots.Value : Environment.ProcessorCount,
            Kubernetes = kubernetes,
        };
        var data = CliInputs.Engine(catalogDir, null);
        problems.AddRange(data.Problems);
        if (address is null || data.Value is null || problems.Count > 0)
        {
            return io.Problems(problems);
        }

        if (await address.RedisUnreachableAsync().ConfigureAwait(false) is { } noRedis)
        {
            return io.Problems([Problem.Infeasible("--cluster", noRedis, "start redis-server there (for example `redis-server --bind 127.0.0.1 --port 6379`), or give the address of the one the cluster uses")]);
        }

        try
        {
            await WorkerHost.RunAsync(address, settings, data.Value, ports =>
            {
                var role = address.IsRedis ? $"registered in {address.Text}" : ports.First ? "the cluster's first worker" : $"joined {address.Text}";
                io.Out.WriteLine($"worker ready: silo {settings.Listen}:{ports.Silo}, gateway {ports.Gateway}, {settings.Slots} slots, {role}");
                io.Out.Flush();
            }, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return io.Problems([Problem.Infeasible("--cluster", $"the worker could not start or join {address.Text}: {ClusterAddress.FirstSentence(e.Message)}",
                address.IsRedis ? "check that the Redis server answers there, and that the ports are free" : "check that the first worker runs, and that the ports are free")]);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Where the worker listens and its token; problems at <c>--listen</c> and <c>--port</c>.</summary>
    public static WorkerSettings Settings(ClusterAddress? address, string? listenText, int? port, string? token, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var listen = IPAddress.Loopback;
        if (listenText is not null)
        {
            if (address is { IsRedis: false })
            {
                problems.Add(Problem.BadInput("--listen", "applies only to redis:// clusters (localhost clustering listens on loopback)", "drop it, or give --cluster redis://HOST:PORT"));
            }
            else if (!IPAddress.TryParse(listenText.Trim(), out listen) || listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any))
            {
                problems.Add(Problem.BadInput("--listen", $"'{listenText}' is not one IP address of this machine", "give the address other machines reach this one by, for example 10.0.0.5 (not 0.0.0.0)"));
                listen = IPAddress.Loopback;
            }
            else if (!IPAddress.IsLoopback(listen) && token is null)
            {
                problems.Add(Problem.BadInput("--listen", $"{listen} is reachable from other machines, and {ClusterJobs.TokenVariable} is not set",
                    $"set {ClusterJobs.TokenVariable} to a secret on every worker and client, or listen on 127.0.0.1"));
            }
        }

        if (port is { } p)
        {
            if (address is { IsRedis: false })
            {
                problems.Add(Problem.BadInput("--port", "applies only to redis:// clusters (with localhost clustering the first worker takes the address's port)", "drop it"));
            }
            else if (p is < 1024 or > 65534)
            {
                problems.Add(Problem.BadInput("--port", $"{p} is not a worker port (1024 to 65534; the gateway takes the next)", "give a free port, or drop it for free ones"));
            }
        }

        return new WorkerSettings { Listen = listen, Port = port, Token = token };
    }
}
