using System.CommandLine;
using System.Globalization;
using InferenceWall.Analysis.Calibration;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall validate</c>: predicted against measured for every row of a measurement file.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliIo io)
    {
        var measurements = new Option<string>("--measurements") { Description = "Measurement CSV (format: docs/validation.md)", Required = true };
        var calibrationFile = new Option<string?>("--calibration") { Description = "Calibration file [default: the shipped one]" };
        var catalogDir = new Option<string?>("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };
        var lomo = new Option<bool>("--leave-one-model-out") { Description = "Refit without each model in turn and predict that model (error on unseen models)" };
        var format = new Option<string>("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        var command = new Command("validate", "Predict each row of a measurement file and report the error (median and P90 absolute % error).")
        {
            measurements, calibrationFile, catalogDir, lomo, format,
        };
        command.SetAction(p => Run(io, p.GetValue(measurements)!, p.GetValue(calibrationFile), p.GetValue(catalogDir), p.GetValue(lomo), p.GetValue(format)!));
        return command;
    }

    private static int Run(CliIo io, string path, string? calibrationPath, string? catalogDir, bool leaveOneOut, string formatText)
    {
        var (rows, _, errors) = MeasurementInput.Load(path, catalogDir);
        var format = Parse.Format(formatText, errors, "table", "json");
        var (calibration, calibrationError) = Loading.Calibration(calibrationPath);
        if (calibrationError is not null)
        {
            errors.Add(calibrationError);
        }

        if (leaveOneOut && calibrationPath is not null)
        {
            errors.Add("--leave-one-model-out refits the constants itself; drop --calibration");
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        ValidationReport report;
        if (leaveOneOut)
        {
            if (format == "table")
            {
                io.Err.WriteLine("leave-one-model-out: refitting once per model");
            }

            report = LeaveOneModelOut.Run(rows, model => io.Err.WriteLine($"  fitting without {model}"));
        }
        else
        {
            report = Validation.Run(rows, calibration!);
        }

        if (format == "json")
        {
            io.WriteLegacyJson(new
            {
                method = leaveOneOut ? "leave_one_model_out" : "calibration: " + calibration!.FittedOn,
                scored_rows = report.ScoredRows,
                median_abs_pct_error = report.MedianAbsPctError,
                p90_abs_pct_error = report.P90AbsPctError,
                rows = report.Rows.Select(r => new
                {
                    id = r.Id,
                    model = r.Model,
                    gpu = r.Gpu,
                    num_gpus = r.NumGpus,
                    scope = r.Scope,
                    measured_s = r.MeasuredSeconds,
                    predicted_s = r.PredictedSeconds,
                    abs_pct_error = r.AbsPctError,
                    scored = r.Scored,
                    assumptions = r.Assumptions,
                }),
                skipped = report.Skipped.Select(s => new { id = s.Id, line = s.Line, reason = s.Reason }),
            });
            return ExitCodes.Ok;
        }

        Render(io.Console(), report);
        return ExitCodes.Ok;
    }

    private static void Render(IAnsiConsole console, ValidationReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Predicted vs measured");
        foreach (var c in new[] { "id", "model", "gpu", "GPUs", "scope", "measured (s)", "predicted (s)", "abs error (%)", "scored" })
        {
            table.AddColumn(c);
        }

        foreach (var r in report.Rows)
        {
            table.AddRow(r.Id, r.Model, r.Gpu, r.NumGpus.ToString(CultureInfo.InvariantCulture), r.Scope, Fmt.Sig(r.MeasuredSeconds), Fmt.Sig(r.PredictedSeconds),
                Fmt.Sig(r.AbsPctError, 3), r.Scored ? "yes" : "no (degrees not stated)");
        }

        console.Write(table);
        console.WriteLine($"median absolute error: {Fmt.Sig(report.MedianAbsPctError, 3)}%   P90: {Fmt.Sig(report.P90AbsPctError, 3)}%   " +
            $"over {report.ScoredRows} scored rows (known GPU, stated parallel degrees); {report.Rows.Length - report.ScoredRows} predicted but not scored");
        if (report.Skipped.Length > 0)
        {
            console.WriteLine($"skipped {report.Skipped.Length} rows:");
            foreach (var s in report.Skipped)
            {
                console.WriteLine($"  {s.Id} (line {s.Line}): {s.Reason}");
            }
        }
    }
}
