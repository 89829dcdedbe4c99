using System.CommandLine;
using InferenceWall.Application.Calibrate;
using InferenceWall.Core.Problems;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall calibrate</c>: fit the cost model's efficiencies to measurements and write a calibration file.</summary>
internal static class CalibrateCommand
{
    public static Command Create(CliIo io)
    {
        var measurements = new Option<string>("--measurements") { Description = "Measurement CSV (format: docs/validation.md)", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Calibration file to write", DefaultValueFactory = _ => "calibration.json" };
        var catalogDir = new Option<string?>("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };
        var command = new Command("calibrate", "Fit the efficiencies to measurements; use the result with --calibration FILE.")
        {
            measurements, output, catalogDir,
        };
        command.SetAction((p, cancel) => Task.FromResult(AnalysisOptions.Cancellable(io, () => Run(io, p.GetValue(measurements)!, p.GetValue(output)!, p.GetValue(catalogDir), cancel))));
        return command;
    }

    private static int Run(CliIo io, string path, string outputPath, string? catalogDir, CancellationToken cancel)
    {
        var problems = new List<Problem>();
        var (text, data) = MeasurementInput.Load(path, catalogDir, null, problems);
        if (problems.Count > 0)
        {
            return io.Problems(problems, MeasurementInput.WordPath);
        }

        var outcome = CalibrateUseCase.Run(new CalibrateRequest { MeasurementsCsv = text!, MeasurementsName = path }, data!, cancel);
        if (outcome.Value is not { } fit)
        {
            return io.Problems(outcome, MeasurementInput.WordPath);
        }

        if (CliInputs.Write("--output", outputPath, fit.CalibrationJson + Environment.NewLine) is { } writeProblem)
        {
            return io.Problems([writeProblem]);
        }

        var calibration = fit.Calibration;
        io.Out.WriteLine($"fitted on {fit.RowsUsed} rows; wrote {outputPath}");
        io.Out.WriteLine(fit.InSample is { MedianAbsPctError: { } median, P90AbsPctError: { } p90 }
            ? $"in-sample error: median {Fmt.Sig(median, 3)}%, P90 {Fmt.Sig(p90, 3)}% over {fit.InSample.ScoredRows} scored rows " +
              "(optimistic: for error on unseen models run `iwall validate --leave-one-model-out`)"
            : $"in-sample error: none ({fit.InSample.NoValueReason})");
        foreach (var row in fit.ExcludedRows)
        {
            io.Out.WriteLine($"left out {row.Id}: {row.Reason}");
        }

        io.Out.WriteLine($"global efficiency: dense {Fmt.Sig(calibration.Global.Dense, 3)}, attention {Fmt.Sig(calibration.Global.Attention, 3)}");
        foreach (var (family, pair) in calibration.Families)
        {
            io.Out.WriteLine($"  {family}: dense {Fmt.Sig(pair.Dense, 3)}, attention {Fmt.Sig(pair.Attention, 3)}");
        }

        foreach (var (gpu, scale) in calibration.GpuScale)
        {
            io.Out.WriteLine($"  {gpu}: × {Fmt.Sig(scale, 3)}");
        }

        foreach (var (kernel, scale) in calibration.AttentionKernelScale)
        {
            io.Out.WriteLine($"  attention kernel {kernel}: × {Fmt.Sig(scale, 3)}");
        }

        foreach (var (stack, scale) in calibration.StackScale)
        {
            io.Out.WriteLine($"  stack {stack}: × {Fmt.Sig(scale, 3)}");
        }

        foreach (var (link, share) in calibration.LinkEfficiency)
        {
            io.Out.WriteLine($"  {link} links: {Fmt.Sig(share * 100, 3)}% of one-way bandwidth");
        }

        io.Out.WriteLine($"fp8 × {Fmt.Sig(calibration.Fp8Scale, 3)}; compiled × {Fmt.Sig(calibration.CompiledScale, 3)} on transformer time; " +
            $"softmax {Fmt.Sig(calibration.SoftmaxFlopsPerScore, 3)} FLOP-equivalents per score and head; half efficiency at {Fmt.Sig(calibration.HalfEfficiencyTokens, 3)} tokens per GPU");
        io.Out.WriteLine($"per block {Fmt.Sig(calibration.LayerOverheadSeconds * 1e6, 3)} µs and {Fmt.Sig(calibration.ElementwisePasses, 3)} elementwise passes per forward; per collective {Fmt.Sig(calibration.CollectiveLatencySeconds * 1e6, 3)} µs; " +
            $"VAE at {Fmt.Sig(calibration.VaeEfficiency * 100, 3)}% of BF16 peak (counted VAEs), {Fmt.Sig(calibration.VaeDecodeFlopsPerPixel / 1e6, 3)} MFLOP/pixel (others); " +
            $"text encoder on the host CPU at {Fmt.Sig(calibration.HostFlopsPerSecond / 1e12, 3)} TFLOP/s; fixed {Fmt.Sig(calibration.FixedSecondsPerClip, 3)} s/clip");
        return ExitCodes.Ok;
    }
}
