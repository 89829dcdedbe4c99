using System.CommandLine;
using System.Diagnostics;
using InferenceWall.Simulation;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall simulate</c>: a day of demand through a GPU fleet, or the plain M/M/c queue with --mmc.</summary>
internal static partial class SimulateCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string?>("scenario") { Description = "Scenario YAML with a simulation section", Arity = ArgumentArity.ZeroOrOne };
        var mmc = new Option<bool>("--mmc") { Description = "Run the plain M/M/c queue (exponential service, mean 1 s) and compare with Erlang C" };
        var servers = new Option<int>("--servers") { Description = "M/M/c: servers", DefaultValueFactory = _ => 64 };
        var load = new Option<double>("--load") { Description = "M/M/c: utilisation ρ = λ / (c·μ), in (0, 1)", DefaultValueFactory = _ => 0.9 };
        var requests = new Option<long>("--requests") { Description = "M/M/c: requests", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives the same result", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        var chart = new Option<string?>("--chart") { Description = "Write queue length and fleet size over the day to FILE.png or FILE.svg" };
        var catalogDir = new Option<string?>("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };
        var traceFile = new Option<string?>("--trace") { Description = "Replay arrivals from a CSV (timestamp_s,clip,tier) instead of the Poisson workload" };
        var command = new Command("simulate", "Simulate a day of demand through a GPU fleet (queues, autoscaling, spot preemption, SLOs), or the M/M/c queue.")
        {
            scenario, mmc, servers, load, requests, seed, format, chart, catalogDir, traceFile,
        };
        command.SetAction(p => p.GetValue(mmc)
            ? RunMmc(io, p.GetValue(servers), p.GetValue(load), p.GetValue(requests), p.GetValue(seed), p.GetValue(format)!, p.GetValue(scenario))
            : RunScenario(io, p.GetValue(scenario), p.GetValue(seed), p.GetValue(format)!, p.GetValue(chart), p.GetValue(catalogDir), p.GetValue(traceFile)));
        return command;
    }

    private static int RunMmc(CliIo io, int servers, double load, long requests, ulong seed, string formatText, string? scenario)
    {
        var errors = new List<string>();
        var format = Parse.Format(formatText, errors, "table", "json");
        if (scenario is not null)
        {
            errors.Add("--mmc takes no scenario file; drop one of them");
        }

        if (servers < 1)
        {
            errors.Add("--servers must be at least 1");
        }

        if (!(load > 0 && load < 1))
        {
            errors.Add("--load must be in (0, 1): at ρ ≥ 1 the queue grows without bound");
        }

        if (requests < 1)
        {
            errors.Add("--requests must be at least 1");
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        // Warm-up: requests arriving in the first 2% of the expected run are served but not counted (empty-start bias).
        var spec = SimulationSpec.Mmc(servers, load, requests) with { WarmupSeconds = 0.02 * requests / (load * servers) };
        var clock = Stopwatch.StartNew();
        var result = Simulation.Simulation.Run(spec, seed);
        var seconds = clock.Elapsed.TotalSeconds;
        var erlang = ErlangC.MeanWait(servers, load * servers, 1.0);
        if (format == "json")
        {
            io.WriteLegacyJson(new
            {
                servers,
                load,
                requests,
                seed,
                mean_wait_s = result.MeanWaitSeconds,
                erlang_c_mean_wait_s = erlang,
                wait_p50_s = result.WaitP50Seconds,
                wait_p99_s = result.WaitP99Seconds,
                events = result.Events,
                requests_per_second = requests / seconds,
                wall_seconds = seconds,
                warmup_s = spec.WarmupSeconds,
            });
        }
        else
        {
            io.Out.WriteLine($"M/M/{servers} at ρ = {load}: {requests:N0} requests, seed {seed}");
            io.Out.WriteLine($"mean wait {Fmt.Sig(result.MeanWaitSeconds)} s (Erlang C {Fmt.Sig(erlang)} s); wait P50 {Fmt.Sig(result.WaitP50Seconds)} s, P99 {Fmt.Sig(result.WaitP99Seconds)} s");
            io.Out.WriteLine($"{result.Events:N0} events in {Fmt.Sig(seconds)} s: {Fmt.Sig(requests / seconds)} requests/s (simulation loop only)");
        }

        return ExitCodes.Ok;
    }
}
