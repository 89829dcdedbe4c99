using System.CommandLine;
using System.Globalization;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application.Sensitivity;
using InferenceWall.Core.Problems;
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

    private static int Run(CliIo io, string path, double delta, string[] fieldArgs, string formatText, string? chart, string? catalogDir, int? threads, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var format = AnalysisOptions.Format(formatText, problems, "table", "json", "csv");
        AnalysisOptions.ChartProblem(chart, problems);
        var (source, data) = AnalysisOptions.Inputs(path, catalogDir, problems);
        string Word(string p) => AnalysisOptions.Listed(p, "fields", "--field", fieldArgs)
            ?? p switch
            {
                "delta" => "--delta",
                "threads" => "--threads",
                _ => p,
            };

        if (problems.Count > 0)
        {
            return io.Problems(problems, Word);
        }

        var request = new SensitivityRequest { Scenario = source!, Fields = [.. fieldArgs], Delta = delta, Threads = threads };
        var outcome = SensitivityUseCase.Run(request, data!, ct);
        if (outcome.Value is not { } r)
        {
            return io.Problems(outcome, Word);
        }

        io.Save(request, r, data!);

        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        switch (format)
        {
            case "json":
                io.WriteJson(r);
                break;
            case "csv":
                io.Out.WriteLine("field,base,low,high,cost_low_usd,cost_high_usd,margin_low,margin_high");
                foreach (var b in r.Bars)
                {
                    io.Out.WriteLine(string.Join(",", b.Field, F(b.Base), F(b.Low), F(b.High), F(b.CostLowUsd), F(b.CostHighUsd), b.MarginLow is { } ml ? F(ml) : string.Empty, b.MarginHigh is { } mh ? F(mh) : string.Empty));
                }

                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).Title($"What moves cost per clip (base {Fmt.Usd(r.BaseCostPerClipUsd)}), each field ±{r.Delta:P0}");
                foreach (var c in new[] { "field", "base", "cost at −", "cost at +", "swing ($/clip)", "margin at −", "margin at +" })
                {
                    table.AddColumn(c);
                }

                foreach (var b in r.Bars)
                {
                    table.AddRow(Markup.Escape(b.Field), Fmt.Sig(b.Base), Fmt.Usd(b.CostLowUsd), Fmt.Usd(b.CostHighUsd), Fmt.Sig(Math.Abs(b.CostHighUsd - b.CostLowUsd)),
                        b.MarginLow?.ToString("P1", CultureInfo.InvariantCulture) ?? "—", b.MarginHigh?.ToString("P1", CultureInfo.InvariantCulture) ?? "—");
                }

                io.Console().Write(table);
                break;
        }

        foreach (var s in r.Skipped)
        {
            var line = $"skipped: {s.Field} {(s.Side == "low" ? "−" : "+")}{r.Delta:P0} ({Fmt.Sig(s.Value)}), that side stays at the base: {string.Join("; ", s.Problems.Select(x => CliIo.Word(x)))}";
            (format == "table" ? io.Out : io.Err).WriteLine(line);
        }

        if (chart is not null)
        {
            Reporting.Charts.TornadoChart.Save(chart, $"What moves cost per clip: {r.Scenario}", ChartInput(r), r.Delta);
            io.Err.WriteLine($"wrote {chart}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The response as the tornado draws it (it draws the base cost per clip and each bar's two costs).</summary>
    private static SensitivityResult ChartInput(SensitivityResponse r) => new(
        new PointMetrics(r.BaseCostPerClipUsd, 0, r.BaseGrossMargin, 0, 0, 0, 0, 0, 0),
        [.. r.Bars.Select(b => new SensitivityBar(b.Field, b.Base, b.Low, b.High, b.CostLowUsd, b.CostHighUsd, b.MarginLow, b.MarginHigh))],
        []);
}
