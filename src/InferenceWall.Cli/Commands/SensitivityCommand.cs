using System.CommandLine;
using System.Globalization;
using InferenceWall.Analysis.Scenarios;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall sensitivity</c>: which inputs move cost per clip and margin most (a tornado).</summary>
internal static class SensitivityCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file" };
        var delta = new Option<double>("--delta") { Description = "Relative move of each field, down and up", DefaultValueFactory = _ => 0.2 };
        var fields = new Option<string[]>("--field") { Description = "Only these fields (repeat); default: every numeric field the scenario sets, plus efficiency" };
        var format = AnalysisOptions.Format();
        var chart = AnalysisOptions.Chart("the tornado chart");
        var catalog = AnalysisOptions.Catalog();
        var threads = AnalysisOptions.Threads();
        var command = new Command("sensitivity", "One-at-a-time sensitivity of cost per clip and margin to every input (a tornado).") { scenario, delta, fields, format, chart, catalog, threads };
        command.SetAction((p, ct) => Task.FromResult(AnalysisOptions.Cancellable(io, () =>
            Run(io, p.GetValue(scenario)!, p.GetValue(delta), p.GetValue(fields) ?? [], p.GetValue(format)!, p.GetValue(chart), p.GetValue(catalog), p.GetValue(threads), ct))));
        return command;
    }

    private static int Run(CliIo io, string path, double delta, string[] fieldArgs, string formatText, string? chart, string? catalogDir, int threads, CancellationToken ct)
    {
        var (input, errors) = ScenarioInput.Load(path, catalogDir);
        var format = Parse.Format(formatText, errors, "table", "json", "csv");
        if (!(delta > 0 && delta < 1))
        {
            errors.Add("--delta must be in (0, 1), for example 0.2 for ±20%");
        }

        if (chart is not null && Reporting.Charts.ChartFile.Problem("--chart", chart) is { } cp)
        {
            errors.Add(cp);
        }

        var fields = new List<string>();
        if (input is not null)
        {
            foreach (var f in fieldArgs)
            {
                if (ScenarioFields.Problem(input.Scenario, f) is { } problem)
                {
                    errors.Add("--field " + problem);
                }
                else if (ScenarioFields.IsText(f) || ScenarioFields.Get(input.Scenario, f) is null)
                {
                    errors.Add($"--field {f}: has no numeric value in this scenario to move");
                }
                else
                {
                    fields.Add(f);
                }
            }

            if (fieldArgs.Length == 0)
            {
                fields.AddRange(Sensitivity.Fields(input.Scenario));
            }
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        var (result, problem2) = Sensitivity.Run(input!.Scenario, fields, delta, input.Catalog, input.Calibration, threads, ct);
        if (result is null)
        {
            return io.InputErrors([$"{path}: {problem2}"]);
        }

        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        switch (format)
        {
            case "json":
                io.WriteLegacyJson(new
                {
                    base_cost_per_clip_usd = result.Base.CostPerClipUsd,
                    base_gross_margin = result.Base.GrossMargin,
                    delta,
                    bars = result.Bars.Select(b => new { field = b.Path, @base = b.Base, low = b.Low, high = b.High, cost_low_usd = b.CostLowUsd, cost_high_usd = b.CostHighUsd, margin_low = b.MarginLow, margin_high = b.MarginHigh }),
                    skipped = result.Skipped,
                });
                break;
            case "csv":
                io.Out.WriteLine("field,base,low,high,cost_low_usd,cost_high_usd,margin_low,margin_high");
                foreach (var b in result.Bars)
                {
                    io.Out.WriteLine(string.Join(",", b.Path, F(b.Base), F(b.Low), F(b.High), F(b.CostLowUsd), F(b.CostHighUsd), b.MarginLow is { } ml ? F(ml) : string.Empty, b.MarginHigh is { } mh ? F(mh) : string.Empty));
                }

                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).Title($"What moves cost per clip (base {Fmt.Usd(result.Base.CostPerClipUsd)}), each field ±{delta:P0}");
                foreach (var c in new[] { "field", "base", "cost at −", "cost at +", "swing ($/clip)", "margin at −", "margin at +" })
                {
                    table.AddColumn(c);
                }

                foreach (var b in result.Bars)
                {
                    table.AddRow(Markup.Escape(b.Path), Fmt.Sig(b.Base), Fmt.Usd(b.CostLowUsd), Fmt.Usd(b.CostHighUsd), Fmt.Sig(b.CostSwingUsd),
                        b.MarginLow?.ToString("P1", CultureInfo.InvariantCulture) ?? "—", b.MarginHigh?.ToString("P1", CultureInfo.InvariantCulture) ?? "—");
                }

                io.Console().Write(table);
                foreach (var s in result.Skipped)
                {
                    io.Out.WriteLine("skipped: " + s);
                }

                break;
        }

        if (chart is not null)
        {
            Reporting.Charts.TornadoChart.Save(chart, $"What moves cost per clip: {input.Scenario.Name}", result, delta);
            io.Err.WriteLine($"wrote {chart}");
        }

        return ExitCodes.Ok;
    }
}
