using System.CommandLine;
using System.Globalization;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Core.Problems;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall montecarlo</c>: distributions on uncertain inputs → P10/P50/P90 of cost per clip, daily burn and margin.</summary>
internal static class MonteCarloCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file" };
        var vary = new Option<string[]>("--vary") { Description = "FIELD=uniform(a,b)|normal(mean,sd)|lognormal(median,sigma)|triangular(min,mode,max); repeat (e.g. efficiency=lognormal(1,0.2))", Required = true };
        var samples = new Option<int>("--samples") { Description = $"Samples (at most {MonteCarlo.MaxSamples:N0}; {MonteCarlo.MaxSimulatedSamples:N0} with --simulate) [default: 100,000; 1,000 with --simulate]" };
        var cluster = new Option<string?>("--cluster") { Description = "Run the samples on a cluster of workers (`iwall worker --cluster localhost:PORT`): the same output as one process, byte for byte" };
        var simulate = new Option<bool>("--simulate") { Description = "Each sample is a simulated day of its drawn scenario, priced at what the day's fleet paid (peaks, idle capacity, replica starts)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed gives the same result on any number of threads", DefaultValueFactory = _ => 1 };
        var format = AnalysisOptions.Format();
        var chart = AnalysisOptions.Chart("a histogram of cost per clip");
        var catalog = AnalysisOptions.Catalog();
        var threads = AnalysisOptions.Threads();
        var command = new Command("montecarlo", "Monte Carlo over uncertain inputs: P10/P50/P90 of cost per clip, daily burn and margin. Draws that break a scenario rule are counted and not computed.")
        {
            scenario, vary, samples, seed, simulate, cluster, format, chart, catalog, threads,
        };
        command.SetAction((p, ct) => Task.FromResult(AnalysisOptions.Cancellable(io, () =>
            Run(io, p.GetValue(scenario)!, p.GetValue(vary) ?? [], p.GetResult(samples) is { Implicit: false } ? p.GetValue(samples) : p.GetValue(simulate) ? 1_000 : 100_000,
                p.GetValue(seed), p.GetValue(simulate), p.GetValue(cluster), p.GetValue(format)!, p.GetValue(chart), p.GetValue(catalog), p.GetValue(threads), ct))));
        return command;
    }

    private static int Run(CliIo io, string path, string[] varies, int samples, ulong seed, bool simulate, string? clusterText, string formatText, string? chart, string? catalogDir, int? threads, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var format = AnalysisOptions.Format(formatText, problems, "table", "json", "csv");
        AnalysisOptions.ChartProblem(chart, problems);
        var (source, data) = AnalysisOptions.Inputs(path, catalogDir, problems);
        var cluster = AnalysisOptions.Cluster(clusterText, problems);

        var inputs = new List<UncertainInputRequest>();
        var names = new List<string>();
        for (var i = 0; i < varies.Length; i++)
        {
            var v = varies[i];
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            names.Add(eq > 0 ? v[..eq].Trim() : v);
            if (eq <= 0)
            {
                problems.Add(Problem.BadInput($"inputs[{i}]", $"'{v}' is not FIELD=DISTRIBUTION", "write FIELD=DISTRIBUTION, for example efficiency=lognormal(1,0.2)"));
                continue;
            }

            var (kind, parameters, problem) = Distribution.ParseText($"inputs[{i}].distribution", v[(eq + 1)..]);
            if (kind is null)
            {
                problems.Add(problem!);
                continue;
            }

            inputs.Add(new UncertainInputRequest { Field = v[..eq].Trim(), Distribution = kind.Value, Parameters = parameters });
        }

        string Word(string p) => AnalysisOptions.Listed(p, "inputs", "--vary", names)
            ?? p switch
            {
                "samples" => "--samples",
                "threads" => "--threads",
                _ => p,
            };

        if (problems.Count > 0)
        {
            return io.Problems(problems, Word);
        }

        var request = new MonteCarloRequest { Scenario = source!, Inputs = [.. inputs], Samples = samples, Seed = seed, Threads = threads, Simulate = simulate };
        var outcome = ProgressRunner.Run(io, "Monte Carlo", progress => cluster is null
            ? MonteCarloUseCase.Run(request, data!, progress, ct)
            : AnalysisOptions.OnCluster(io, ledger => Worker.ClusterMonteCarlo.RunAsync(request, data!, cluster, ledger, progress, ct)));
        if (outcome.Value is not { } r)
        {
            return io.Problems(outcome, Word);
        }

        io.Save(request, r, data!);

        switch (format)
        {
            case "json":
                io.WriteJson(r);
                break;
            case "csv":
                io.Out.WriteLine("sample,cost_per_clip_usd,daily_burn_usd,gross_margin,outcome");
                for (var i = 0; i < r.Draws.Count; i++)
                {
                    var d = r.Draws[i];
                    io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{N(d.CostPerClipUsd)},{N(d.DailyBurnUsd)},{N(d.GrossMargin)},{Outcome(d.Outcome)}"));
                }

                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).Title($"Monte Carlo: {r.Samples:N0} {(r.Simulated ? "simulated days" : "samples")}, seed {r.Seed}");
                foreach (var c in new[] { "output", "P10", "P50", "P90", "mean" })
                {
                    table.AddColumn(c);
                }

                table.AddRow("cost per clip ($)", Fmt.Sig(r.CostPerClipUsd.P10), Fmt.Sig(r.CostPerClipUsd.P50), Fmt.Sig(r.CostPerClipUsd.P90), Fmt.Sig(r.CostPerClipUsd.Mean));
                table.AddRow("daily burn, compute + other ($/day)", Fmt.Sig(r.DailyBurnUsd.P10), Fmt.Sig(r.DailyBurnUsd.P50), Fmt.Sig(r.DailyBurnUsd.P90), Fmt.Sig(r.DailyBurnUsd.Mean));
                if (r.GrossMargin is { } m)
                {
                    table.AddRow("gross margin", P(m.P10), P(m.P50), P(m.P90), P(m.Mean));
                }

                io.Console().Write(table);
                io.Out.WriteLine($"above the wall in {r.ShareAboveWall.ToString("P1", CultureInfo.InvariantCulture)} of computed samples; {r.Failed:N0} samples had no answer; {r.Rejected:N0} broke a scenario rule and were not computed");
                foreach (var x in r.Rejections)
                {
                    io.Out.WriteLine($"rejected: {x.Draws:N0} draws at {x.Field}, for example: {CliIo.Word(x.Example)}");
                }

                foreach (var f in r.Failures)
                {
                    io.Out.WriteLine($"no answer: {CliIo.Word(f)}");
                }

                break;
        }

        foreach (var note in r.Notes)
        {
            (format == "table" ? io.Out : io.Err).WriteLine("note: " + note);
        }

        if (chart is not null)
        {
            Reporting.Charts.HistogramChart.Save(chart, $"Cost per clip under uncertainty: {r.Scenario}", r.CostPerClipHistogram, r.CostPerClipUsd.P10, r.CostPerClipUsd.P50, r.CostPerClipUsd.P90, "cost per clip ($)");
            io.Err.WriteLine($"wrote {chart}");
        }

        return ExitCodes.Ok;
    }

    private static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Outcome(DrawOutcome o) => o switch
    {
        DrawOutcome.Ok => "ok",
        DrawOutcome.Rejected => "rejected",
        _ => "no_answer",
    };

    private static string P(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
}
