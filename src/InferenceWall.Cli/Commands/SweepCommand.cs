using System.CommandLine;
using InferenceWall.Analysis.Scenarios;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall sweep</c>: scenario fields over lists or ranges (a grid of several), as a table, CSV and a chart.</summary>
internal static class SweepCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file" };
        var set = new Option<string[]>("--set") { Description = "FIELD=V1,V2,... or FIELD=START:STOP:STEP; repeat for a grid (e.g. product.gpu=H100-SXM,B200)", Required = true, AllowMultipleArgumentsPerToken = false };
        var format = AnalysisOptions.Format();
        var chart = AnalysisOptions.Chart("cost per clip against the first numeric field (one line per value of the others)");
        var catalog = AnalysisOptions.Catalog();
        var threads = AnalysisOptions.Threads();
        var command = new Command("sweep", "Sweep scenario fields over lists or ranges; several --set make a grid.") { scenario, set, format, chart, catalog, threads };
        command.SetAction((p, ct) => Task.FromResult(AnalysisOptions.Cancellable(io, () =>
            Run(io, p.GetValue(scenario)!, p.GetValue(set) ?? [], p.GetValue(format)!, p.GetValue(chart), p.GetValue(catalog), p.GetValue(threads), ct))));
        return command;
    }

    private static int Run(CliIo io, string path, string[] sets, string formatText, string? chart, string? catalogDir, int threads, CancellationToken ct)
    {
        var (input, errors) = ScenarioInput.Load(path, catalogDir);
        var format = Parse.Format(formatText, errors, "table", "json", "csv");
        if (chart is not null && Reporting.Charts.ChartFile.Problem("--chart", chart) is { } cp)
        {
            errors.Add(cp);
        }

        var axes = new List<SweepAxis>();
        if (input is not null)
        {
            foreach (var s in sets)
            {
                if (AnalysisOptions.Axis(s, input.Scenario, errors) is { } axis)
                {
                    axes.Add(axis);
                }
            }

            var points = axes.Aggregate(1L, (n, a) => n * a.Values.Length);
            if (points > 1_000_000)
            {
                errors.Add($"--set: the grid has {points:N0} points; keep it under 1,000,000");
            }
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        var total = axes.Aggregate(1, (n, a) => n * a.Values.Length);
        var result = ProgressRunner.Run(io, "sweep", total, progress => Sweep.Run(input!.Scenario, axes, input.Catalog, input.Calibration, threads, progress, ct));
        var headers = axes.Select(a => a.Path).Concat(["cost_per_clip_usd", "revenue_per_clip_usd", "gross_margin", "daily_burn_usd", "efficiency_gain_needed", "latency_s", "problem"]).ToList();
        var rows = result.Select(pt => pt.Values.Select(v => v.ToString()).Concat(pt.Metrics is { } m
            ? [F(m.CostPerClipUsd), F(m.RevenuePerClipUsd), m.GrossMargin is { } g ? F(g) : string.Empty, F(m.DailyBurnUsd), F(m.EfficiencyGainNeeded), F(m.LatencySeconds), string.Empty]
            : Enumerable.Repeat(string.Empty, 6).Append(pt.Problem ?? string.Empty)).ToList()).ToList();
        switch (format)
        {
            case "csv":
                io.Out.WriteLine(string.Join(",", headers));
                foreach (var row in rows)
                {
                    io.Out.WriteLine(string.Join(",", row.Select(EconomicsView.CsvField)));
                }

                break;
            case "json":
                io.WriteLegacyJson(rows.Select(r => headers.Zip(r).ToDictionary(x => x.First, x => x.Second)));
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).Title($"Sweep of {input!.Scenario.Name} ({rows.Count} points)");
                foreach (var h in headers)
                {
                    table.AddColumn(Markup.Escape(h));
                }

                foreach (var r in rows)
                {
                    table.AddRow(r.Select(c => Markup.Escape(Display(c))).ToArray());
                }

                io.Console().Write(table);
                break;
        }

        if (chart is not null)
        {
            Reporting.Charts.SweepChart.Save(chart, $"Sweep: {input!.Scenario.Name}", axes, result);
            io.Err.WriteLine($"wrote {chart}");
        }

        return ExitCodes.Ok;
    }

    private static string F(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Display(string cell) => AnalysisOptions.Num(cell, out var v) ? Fmt.Sig(v) : cell;
}
