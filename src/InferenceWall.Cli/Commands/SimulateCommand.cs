using System.CommandLine;
using InferenceWall.Application;
using InferenceWall.Application.Simulate;
using InferenceWall.Core.Problems;
using InferenceWall.Reporting.Charts;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall simulate</c>: a day of demand through a GPU fleet, or the plain M/M/c queue with --mmc.</summary>
internal static partial class SimulateCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string?>("scenario") { Description = "Scenario YAML with a simulation section", Arity = ArgumentArity.ZeroOrOne };
        var mmc = new Option<bool>("--mmc") { Description = "Run the plain M/M/c queue (exponential service, mean 1 s) and compare with Erlang C" };
        var servers = new Option<long>("--servers") { Description = "M/M/c: servers", DefaultValueFactory = _ => SimulateUseCase.DefaultServers };
        var load = new Option<double>("--load") { Description = "M/M/c: utilisation ρ = λ / (c·μ), in (0, 1)", DefaultValueFactory = _ => SimulateUseCase.DefaultLoad };
        var requests = new Option<long>("--requests") { Description = "M/M/c: requests", DefaultValueFactory = _ => SimulateUseCase.DefaultRequests };
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives the same result", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        var chart = new Option<string?>("--chart") { Description = "Write queue length and fleet size over the day to FILE.png or FILE.svg" };
        var catalogDir = new Option<string?>("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };
        var traceFile = new Option<string?>("--trace") { Description = "Replay arrivals from a CSV (timestamp_s,clip,tier) instead of the Poisson workload" };
        var command = new Command("simulate", "Simulate a day of demand through a GPU fleet (queues, autoscaling, spot preemption, SLOs), or the M/M/c queue.")
        {
            scenario, mmc, servers, load, requests, seed, format, chart, catalogDir, traceFile,
        };
        command.SetAction((p, ct) => Task.FromResult(AnalysisOptions.Cancellable(io, () => Run(io, new Options(
            p.GetValue(scenario),
            p.GetValue(mmc),
            Given(p, servers) ? p.GetValue(servers) : null,
            Given(p, load) ? p.GetValue(load) : null,
            Given(p, requests) ? p.GetValue(requests) : null,
            p.GetValue(seed),
            p.GetValue(format)!,
            p.GetValue(chart),
            p.GetValue(catalogDir),
            p.GetValue(traceFile)), ct))));
        return command;
    }

    /// <summary>What the command line asked for; options left at their defaults are null.</summary>
    private sealed record Options(string? Scenario, bool Mmc, long? Servers, double? Load, long? Requests, ulong Seed, string Format, string? Chart, string? CatalogDir, string? Trace);

    private static bool Given(ParseResult p, Option option) => p.GetResult(option) is { Implicit: false };

    /// <summary>The request's paths in the command line's words.</summary>
    private static string Word(string path) => path switch
    {
        "servers" or "load" or "requests" or "trace" or "mmc" or "seed" => "--" + path,
        "scenario" => "SCENARIO",
        _ => path,
    };

    private static int Run(CliIo io, Options o, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var format = AnalysisOptions.Format(o.Format, problems, "table", "json");

        if (o.Chart is not null)
        {
            if (o.Mmc)
            {
                problems.Add(Problem.BadInput("--chart", "the M/M/c queue has no fleet over a day to chart", "drop --chart, or simulate a scenario"));
            }
            else if (ChartFile.Problem("--chart", o.Chart) is { } chartProblem)
            {
                problems.Add(Problem.BadInput(string.Empty, chartProblem));
            }
        }

        if (o.Mmc && o.CatalogDir is not null)
        {
            problems.Add(Problem.BadInput("--catalog", "the M/M/c queue uses no catalog", "drop --catalog, or simulate a scenario"));
        }

        string? scenarioText = null;
        if (o.Scenario is not null && !o.Mmc)
        {
            var (text, problem) = CliInputs.Text("SCENARIO", o.Scenario);
            scenarioText = text;
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        string? traceText = null;
        if (o.Trace is not null && !o.Mmc)
        {
            var (text, problem) = CliInputs.Text("--trace", o.Trace);
            traceText = text;
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        var data = o.Mmc ? Outcome<EngineData>.Ok(EngineData.Shipped) : CliInputs.Engine(o.CatalogDir, null);
        problems.AddRange(data.Problems);
        if (problems.Count > 0)
        {
            return io.Problems(problems, Word);
        }

        var request = new SimulateRequest
        {
            // The M/M/c form refuses a scenario or a trace: it is told of them without their files being read.
            Scenario = o.Scenario is null ? null : new ScenarioSource(o.Scenario, o.Mmc ? string.Empty : scenarioText ?? string.Empty),
            TraceCsv = o.Mmc && o.Trace is not null ? string.Empty : traceText,
            TraceSource = o.Trace ?? "trace",
            Seed = o.Seed,
            Mmc = o.Mmc,
            Servers = o.Servers,
            Load = o.Load,
            Requests = o.Requests,
        };
        var outcome = ProgressRunner.Run(io, "simulate",
            progress => SimulateUseCase.Run(request, data.Value!, progress is null ? null : new Permille(progress), TimeProvider.System, ct));
        if (!outcome.IsOk)
        {
            return io.Problems(outcome, Word);
        }

        io.Save(request, outcome.Value!, data.Value!);
        if (outcome.Value!.Mmc is { } queue)
        {
            RenderMmc(io, queue, format);
            return ExitCodes.Ok;
        }

        var day = outcome.Value.Day!;
        if (format == "json")
        {
            io.WriteJson(day);
        }
        else
        {
            Render(io.Console(), day);
        }

        if (o.Chart is not null && day.Series is { } series)
        {
            FleetChart.Save(o.Chart, $"Queue and fleet over the day: {day.Scenario}", series);
            io.Err.WriteLine($"wrote {o.Chart}");
        }

        return ExitCodes.Ok;
    }

    private static void RenderMmc(CliIo io, MmcQueueRun r, string format)
    {
        if (format == "json")
        {
            io.WriteJson(r);
            return;
        }

        io.Out.WriteLine($"M/M/{r.Servers} at ρ = {r.Load}: {r.Requests:N0} requests, seed {r.Seed}");
        io.Out.WriteLine(r.MeanWaitSeconds is { } mean
            ? $"mean wait {Fmt.Sig(mean)} s (Erlang C {Fmt.Sig(r.ErlangCMeanWaitSeconds)} s); wait P50 {Seconds(r.WaitP50Seconds)}, P99 {Seconds(r.WaitP99Seconds)}"
            : $"mean wait not measured: {r.WaitReason} (Erlang C {Fmt.Sig(r.ErlangCMeanWaitSeconds)} s)");
        if (r.SteadyStateNote is { } note)
        {
            io.Out.WriteLine("note: " + note);
        }

        io.Out.WriteLine($"{r.Events:N0} events in {(r.WallSeconds is { } wall ? Fmt.Sig(wall) : "untimed")} s" + (r.RequestsPerSecond is { } rate ? $": {Fmt.Sig(rate)} requests/s (simulation loop only)" : string.Empty));
    }

    /// <summary>A duration for a table: its value, or why there is none.</summary>
    private static string Seconds(double? value) => value is { } v ? $"{Fmt.Sig(v)} s" : "n/a";

    /// <summary>The use case's share done (0 to 1) as the progress bar's thousandths.</summary>
    /// <summary>The simulator's share done (0–1) as thousandths for the progress bar.</summary>
    private sealed class Permille(IProgress<Analysis.Studies.AnalysisProgress> bar) : IProgress<double>
    {
        private const int Total = 1000;

        public void Report(double value) => bar.Report(new((long)(value * Total), Total));
    }
}
