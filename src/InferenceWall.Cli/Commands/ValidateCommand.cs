using System.CommandLine;
using System.Globalization;
using InferenceWall.Application.Validate;
using InferenceWall.Core.Problems;
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
        command.SetAction((p, cancel) => Task.FromResult(AnalysisOptions.Cancellable(io, () =>
            Run(io, p.GetValue(measurements)!, p.GetValue(calibrationFile), p.GetValue(catalogDir), p.GetValue(lomo), p.GetValue(format)!, cancel))));
        return command;
    }

    private static int Run(CliIo io, string path, string? calibrationPath, string? catalogDir, bool leaveOneOut, string formatText, CancellationToken cancel)
    {
        var problems = new List<Problem>();
        var (text, data) = MeasurementInput.Load(path, catalogDir, calibrationPath, problems);
        var format = AnalysisOptions.Format(formatText, problems, "table", "json");
        if (leaveOneOut && calibrationPath is not null)
        {
            problems.Add(Problem.BadInput("--leave-one-model-out", "refits the constants itself", "drop --calibration"));
        }

        if (problems.Count > 0)
        {
            return io.Problems(problems, MeasurementInput.WordPath);
        }

        if (leaveOneOut && format == "table")
        {
            io.Err.WriteLine("leave-one-model-out: refitting once per model");
        }

        var request = new ValidateRequest { MeasurementsCsv = text!, MeasurementsName = path, LeaveOneModelOut = leaveOneOut };
        var outcome = ValidateUseCase.Run(request, data!, new Progress(io.Err), cancel);
        if (outcome.Value is not { } response)
        {
            return io.Problems(outcome, MeasurementInput.WordPath);
        }

        if (format == "json")
        {
            io.WriteJson(response);
            return ExitCodes.Ok;
        }

        Render(io.Console(), response);
        return ExitCodes.Ok;
    }

    /// <summary>Leave-one-model-out's progress, written at once (not posted to a thread pool as <see cref="Progress{T}"/> does).</summary>
    private sealed class Progress(TextWriter err) : IProgress<ValidateProgress>
    {
        public void Report(ValidateProgress value) => err.WriteLine($"  fitting without {value.HeldOutModel}");
    }

    private static void Render(IAnsiConsole console, ValidateResponse report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Predicted vs measured");
        foreach (var c in new[] { "id", "model", "gpu", "GPUs", "scope", "measured (s)", "predicted (s)", "abs error (%)", "scored" })
        {
            table.AddColumn(c);
        }

        foreach (var r in report.Rows)
        {
            table.AddRow(r.Id, r.Model, r.Gpu, r.NumGpus.ToString(CultureInfo.InvariantCulture), r.Scope, Fmt.Sig(r.MeasuredS), Fmt.Sig(r.PredictedS),
                Fmt.Sig(r.AbsPctError, 3), r.Scored ? "yes" : r.Lever is not null ? $"apart (step cache: {r.Lever})" : "no (degrees not stated)");
        }

        console.Write(table);
        console.WriteLine($"median absolute error: {Fmt.Sig(report.MedianAbsPctError, 3)}%   P90: {Fmt.Sig(report.P90AbsPctError, 3)}%   " +
            $"over {report.ScoredRows} scored rows (known GPU, stated parallel degrees); {report.Rows.Length - report.ScoredRows} predicted but not scored");
        if (report.LeverRows is { } levered)
        {
            console.WriteLine($"rows with a step cache (priced by levers.csv, not fitted) or distilled: median absolute error {Fmt.Sig(levered.MedianAbsPctError, 3)}%   " +
                $"P90: {Fmt.Sig(levered.P90AbsPctError, 3)}%   over {levered.Rows} rows");
        }

        if (report.Skipped.Length > 0)
        {
            console.WriteLine($"skipped {report.Skipped.Length} rows:");
            foreach (var s in report.Skipped)
            {
                console.WriteLine($"  {s.Id} (line {s.Line}): {s.Reason}");
            }
        }

        RenderBreakdown(console, report.Breakdown);
        RenderMemory(console, report.PeakMemory);
    }

    private static void RenderBreakdown(IAnsiConsole console, LatencyBreakdown breakdown)
    {
        foreach (var (title, groups) in new[] { ("model", breakdown.ByModel), ("GPU", breakdown.ByGpu), ("plan", breakdown.ByPlan), ("stack", breakdown.ByStack) })
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"Latency error per {title} (scored rows)");
            foreach (var c in new[] { title, "rows", "median abs error (%)", "P90 abs error (%)", "median predicted ÷ measured" })
            {
                table.AddColumn(c);
            }

            foreach (var g in groups)
            {
                table.AddRow(g.Name, g.Rows.ToString(CultureInfo.InvariantCulture), Fmt.Sig(g.MedianAbsPctError, 3), Fmt.Sig(g.P90AbsPctError, 3), Fmt.Sig(g.MedianRatio, 3));
            }

            console.Write(table);
        }
    }

    private static void RenderMemory(IAnsiConsole console, PeakMemoryValidation memory)
    {
        if (memory.Rows == 0)
        {
            console.WriteLine($"peak memory: no row has a published peak that can be predicted ({memory.Skipped.Length} skipped)");
            return;
        }

        var rows = new Table().Border(TableBorder.Rounded).Title("Peak memory per GPU: predicted vs published (GB)");
        foreach (var c in new[] { "id", "model", "gpu", "GPUs", "published", "predicted", "error (%)", "weights", "activations", "text encoder", "decode phase", "peak phase" })
        {
            rows.AddColumn(c);
        }

        foreach (var r in memory.Predicted)
        {
            rows.AddRow(r.Id, r.Model, r.Gpu, r.NumGpus.ToString(CultureInfo.InvariantCulture), Fmt.Sig(r.MeasuredGb, 3), Fmt.Sig(r.PredictedGb, 3),
                Fmt.Sig(r.PctError, 3), Fmt.Sig(r.WeightsGb, 3), Fmt.Sig(r.ActivationsGb, 3), Fmt.Sig(r.TextEncoderGb, 3), Fmt.Sig(r.DecodePeakGb, 3), r.PeakPhase);
        }

        console.Write(rows);
        foreach (var (title, groups) in new[] { ("GPU family", memory.ByGpuFamily), ("model", memory.ByModel) })
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"Peak memory error per {title}");
            foreach (var c in new[] { title, "rows", "median abs error (%)", "P90 abs error (%)", "median signed error (%)" })
            {
                table.AddColumn(c);
            }

            foreach (var g in groups)
            {
                table.AddRow(g.Name, g.Rows.ToString(CultureInfo.InvariantCulture), Fmt.Sig(g.MedianAbsPctError, 3), Fmt.Sig(g.P90AbsPctError, 3), Fmt.Sig(g.MedianPctError, 3));
            }

            console.Write(table);
        }

        console.WriteLine($"peak memory: median absolute error {Fmt.Sig(memory.MedianAbsPctError ?? double.NaN, 3)}%   P90: {Fmt.Sig(memory.P90AbsPctError ?? double.NaN, 3)}%   " +
            $"over {memory.Rows} rows with a published peak; {memory.Skipped.Length} such rows skipped");
        foreach (var s in memory.Skipped)
        {
            console.WriteLine($"  {s.Id} (line {s.Line}): {s.Reason}");
        }
    }
}
