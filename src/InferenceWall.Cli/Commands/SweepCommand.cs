using System.CommandLine;
using System.Globalization;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application.Sweep;
using InferenceWall.Core.Problems;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall sweep</c>: scenario fields over lists or ranges (a grid of several), as a table, CSV and a chart.</summary>
internal static class SweepCommand
{
    private static readonly string[] Figures = ["cost_per_clip_usd", "revenue_per_clip_usd", "gross_margin", "daily_burn_usd", "efficiency_gain_needed", "latency_s", "problem"];

    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file" };
        var set = new Option<string[]>("--set") { Description = "FIELD=V1,V2,... or FIELD=START:STOP:STEP; repeat for a grid (e.g. product.gpu=H100-SXM,B200)", Required = true, AllowMultipleArgumentsPerToken = false };
        var format = AnalysisOptions.Format();
        var chart = AnalysisOptions.Chart("cost per clip against the first numeric field (one line per value of the others)");
        var catalog = AnalysisOptions.Catalog();
        var threads = AnalysisOptions.Threads();
        var simulate = new Option<bool>("--simulate") { Description = $"Each point is its simulated day, priced at what the day's fleet paid (at most {Sweep.MaxSimulatedPoints:N0} points)" };
        var cluster = new Option<string?>("--cluster") { Description = "Run the points on a cluster of workers (`iwall worker --cluster localhost:PORT`): the same output as one process, byte for byte" };
        var seed = new Option<ulong>("--seed") { Description = "The day seed of every simulated point (the same for all, so points differ by their fields only)", DefaultValueFactory = _ => 1 };
        var command = new Command("sweep", $"Sweep scenario fields over lists or ranges; several --set make a grid (at most {Sweep.MaxPoints:N0} points; a table shows at most {AnalysisOptions.MaxTableRows:N0}, CSV and JSON stream).")
        {
            scenario, set, simulate, seed, cluster, format, chart, catalog, threads,
        };
        command.SetAction((p, ct) => Task.FromResult(AnalysisOptions.Cancellable(io, () =>
            Run(io, p.GetValue(scenario)!, p.GetValue(set) ?? [], p.GetValue(simulate), p.GetValue(seed), p.GetValue(cluster), p.GetValue(format)!, p.GetValue(chart), p.GetValue(catalog), p.GetValue(threads), ct))));
        return command;
    }

    private static int Run(CliIo io, string path, string[] sets, bool simulate, ulong seed, string? clusterText, string formatText, string? chart, string? catalogDir, int? threads, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var format = AnalysisOptions.Format(formatText, problems, "table", "json", "csv");
        AnalysisOptions.ChartProblem(chart, problems);
        var (source, data) = AnalysisOptions.Inputs(path, catalogDir, problems);
        var cluster = AnalysisOptions.Cluster(clusterText, problems);
        var axes = sets.Select((s, i) => AnalysisOptions.Axis(s, i, problems)).ToList();
        var names = sets.Select(s => s.Split('=')[0].Trim()).ToList();
        string Word(string p) => AnalysisOptions.Listed(p, "axes", "--set", names)
            ?? p switch
            {
                "max_points" => "--format table",
                "threads" => "--threads",
                _ => p,
            };

        if (problems.Count > 0)
        {
            return io.Problems(problems, Word);
        }

        var request = new SweepRequest { Scenario = source!, Axes = [.. axes.OfType<SweepAxisRequest>()], Threads = threads, MaxPoints = format == "table" ? AnalysisOptions.MaxTableRows : null, Simulate = simulate, Seed = seed };
        var outcome = ProgressRunner.Run(io, "sweep", progress => cluster is null
            ? SweepUseCase.Run(request, data!, progress, ct)
            : AnalysisOptions.OnCluster(io, ledger => Worker.ClusterSweep.RunAsync(request, data!, cluster, ledger, progress, ct)));
        if (outcome.Value is not { } r)
        {
            return io.Problems(outcome.Problems.Select(p => p.Path == "max_points"
                ? p with { Fix = "use --format csv or --format json, which stream every point, or narrow the --set ranges" }
                : p).ToList(), Word);
        }

        io.Save(request, r, data!);

        switch (format)
        {
            case "csv":
                io.Out.WriteLine(string.Join(",", r.Fields.Concat(Figures)));
                foreach (var point in r.Points)
                {
                    io.Out.WriteLine(string.Join(",", Row(point, G6, R).Select(EconomicsView.CsvField)));
                }

                break;
            case "json":
                AnalysisOptions.WriteJsonStreamed(io, r);
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).Title($"Sweep of {r.Scenario} ({r.PointCount} points{(r.Simulated ? $", each a simulated day, seed {r.DaySeed}" : string.Empty)})");
                foreach (var h in r.Fields.Concat(Figures))
                {
                    table.AddColumn(Markup.Escape(h));
                }

                foreach (var point in r.Points)
                {
                    table.AddRow([.. Row(point, v => Fmt.Sig(v), v => Fmt.Sig(v)).Select(Markup.Escape)]);
                }

                io.Console().Write(table);
                break;
        }

        if (r.PointsWithoutFigures > 0 && format != "table")
        {
            io.Err.WriteLine($"{r.PointsWithoutFigures:N0} of {r.PointCount:N0} points have no figures; their problem column says why");
        }

        if (chart is not null)
        {
            var (chartAxes, chartPoints) = ChartInput(r);
            Reporting.Charts.SweepChart.Save(chart, $"Sweep: {r.Scenario}", chartAxes, chartPoints);
            io.Err.WriteLine($"wrote {chart}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>A point's cells: its values, then the figures (empty where there are none) and its problems.</summary>
    private static IEnumerable<string> Row(SweepPointResponse p, Func<double, string> value, Func<double, string> number)
    {
        foreach (var v in p.Values)
        {
            yield return v.Text ?? (v.Number is { } x ? value(x) : string.Empty);
        }

        string N(double? v) => v is { } x ? number(x) : string.Empty;
        yield return N(p.CostPerClipUsd);
        yield return N(p.RevenuePerClipUsd);
        yield return N(p.GrossMargin);
        yield return N(p.DailyBurnUsd);
        yield return N(p.EfficiencyGainNeeded);
        yield return N(p.LatencyS);
        yield return string.Join("; ", p.Problems.Select(x => CliIo.Word(x)));
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string G6(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The response as the chart draws it: each field's values in order, and each point's cost per clip.</summary>
    private static (List<SweepAxis> Axes, System.Collections.Immutable.ImmutableArray<SweepPoint> Points) ChartInput(SweepResponse r)
    {
        var values = r.Points.Select(p => p.Values.Select(v => new FieldValue(v.Field, v.Number, v.Text)).ToArray()).ToList();
        var axes = r.Fields.Select((f, i) => new SweepAxis(f, [.. values.Select(v => v[i]).Distinct()])).ToList();
        var points = r.Points.Select((p, k) => new SweepPoint([.. values[k]],
            p.CostPerClipUsd is { } cost
                ? new PointMetrics(cost, p.RevenuePerClipUsd ?? 0, p.GrossMargin, p.DailyBurnUsd ?? 0, p.GrossProfitUsdPerDay ?? 0, p.EfficiencyGainNeeded ?? double.PositiveInfinity, p.LatencyS ?? 0, p.ClipsPerDay ?? 0, p.GpuHoursPerDay ?? 0)
                : null,
            p.Problems)).ToList();
        return (axes, [.. points]);
    }
}
