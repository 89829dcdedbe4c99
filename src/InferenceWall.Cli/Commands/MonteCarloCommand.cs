using System.CommandLine;
using System.Globalization;
using InferenceWall.Analysis.Scenarios;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall montecarlo</c>: distributions on uncertain inputs → P10/P50/P90 of cost per clip, daily burn and margin.</summary>
internal static class MonteCarloCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file" };
        var vary = new Option<string[]>("--vary") { Description = "FIELD=uniform(a,b)|normal(mean,sd)|lognormal(median,sigma)|triangular(min,mode,max); repeat (e.g. efficiency=lognormal(1,0.2))", Required = true };
        var samples = new Option<int>("--samples") { Description = "Samples", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed gives the same result on any number of threads", DefaultValueFactory = _ => 1 };
        var format = AnalysisOptions.Format();
        var chart = AnalysisOptions.Chart("a histogram of cost per clip");
        var catalog = AnalysisOptions.Catalog();
        var threads = AnalysisOptions.Threads();
        var command = new Command("montecarlo", "Monte Carlo over uncertain inputs: P10/P50/P90 of cost per clip, daily burn and margin.") { scenario, vary, samples, seed, format, chart, catalog, threads };
        command.SetAction((p, ct) => Task.FromResult(AnalysisOptions.Cancellable(io, () =>
            Run(io, p.GetValue(scenario)!, p.GetValue(vary) ?? [], p.GetValue(samples), p.GetValue(seed), p.GetValue(format)!, p.GetValue(chart), p.GetValue(catalog), p.GetValue(threads), ct))));
        return command;
    }

    private static int Run(CliIo io, string path, string[] varies, int samples, ulong seed, string formatText, string? chart, string? catalogDir, int threads, CancellationToken ct)
    {
        var (input, errors) = ScenarioInput.Load(path, catalogDir);
        var format = Parse.Format(formatText, errors, "table", "json", "csv");
        if (samples is < 1 or > 10_000_000)
        {
            errors.Add("--samples must be between 1 and 10,000,000");
        }

        if (chart is not null && Reporting.Charts.ChartFile.Problem("--chart", chart) is { } cp)
        {
            errors.Add(cp);
        }

        var inputs = new List<UncertainInput>();
        foreach (var v in varies)
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add($"--vary '{v}': write FIELD=DISTRIBUTION, for example efficiency=lognormal(1,0.2)");
                continue;
            }

            var field = v[..eq].Trim();
            if (input is not null && ScenarioFields.Problem(input.Scenario, field) is { } problem)
            {
                errors.Add("--vary " + problem);
                continue;
            }

            if (ScenarioFields.IsText(field))
            {
                errors.Add($"--vary {field}: a text field cannot take a distribution; sweep it instead");
                continue;
            }

            var (dist, error) = Distribution.Parse(v[(eq + 1)..]);
            if (dist is null)
            {
                errors.Add($"--vary {field}: {error}");
                continue;
            }

            inputs.Add(new UncertainInput(field, dist));
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        var r = ProgressRunner.Run(io, "Monte Carlo", samples, progress => MonteCarlo.Run(input!.Scenario, inputs, samples, seed, input.Catalog, input.Calibration, threads, progress, ct));
        switch (format)
        {
            case "json":
                io.WriteLegacyJson(new
                {
                    samples = r.Samples,
                    failed = r.Failed,
                    seed,
                    cost_per_clip_usd = Json(r.CostPerClip),
                    daily_burn_usd = Json(r.DailyBurn),
                    gross_margin = r.Margin is null ? null : Json(r.Margin),
                    share_above_wall = r.ShareAboveWall,
                });
                break;
            case "csv":
                io.Out.WriteLine("sample,cost_per_clip_usd,daily_burn_usd,gross_margin");
                for (var i = 0; i < r.Samples; i++)
                {
                    io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{r.CostPerClipUsd[i]:R},{r.DailyBurnUsd[i]:R},{r.GrossMargin[i]:R}"));
                }

                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).Title($"Monte Carlo: {r.Samples:N0} samples, seed {seed}");
                foreach (var c in new[] { "output", "P10", "P50", "P90", "mean" })
                {
                    table.AddColumn(c);
                }

                table.AddRow("cost per clip ($)", Fmt.Sig(r.CostPerClip.P10), Fmt.Sig(r.CostPerClip.P50), Fmt.Sig(r.CostPerClip.P90), Fmt.Sig(r.CostPerClip.Mean));
                table.AddRow("daily burn, compute + other ($/day)", Fmt.Sig(r.DailyBurn.P10), Fmt.Sig(r.DailyBurn.P50), Fmt.Sig(r.DailyBurn.P90), Fmt.Sig(r.DailyBurn.Mean));
                if (r.Margin is { } m)
                {
                    table.AddRow("gross margin", P(m.P10), P(m.P50), P(m.P90), P(m.Mean));
                }

                io.Console().Write(table);
                io.Out.WriteLine($"above the wall in {r.ShareAboveWall.ToString("P1", CultureInfo.InvariantCulture)} of samples; {r.Failed:N0} samples had no answer");
                break;
        }

        if (chart is not null)
        {
            Reporting.Charts.HistogramChart.Save(chart, $"Cost per clip under uncertainty: {input!.Scenario.Name}", r.CostPerClipUsd, r.CostPerClip.P10, r.CostPerClip.P50, r.CostPerClip.P90, "cost per clip ($)");
            io.Err.WriteLine($"wrote {chart}");
        }

        return ExitCodes.Ok;
    }

    private static object Json(Spread s) => new { p10 = s.P10, p50 = s.P50, p90 = s.P90, mean = s.Mean };

    private static string P(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
}
