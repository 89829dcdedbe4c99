using System.CommandLine;
using InferenceWall.Analysis.Calibration;

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
        command.SetAction(p => Run(io, p.GetValue(measurements)!, p.GetValue(output)!, p.GetValue(catalogDir)));
        return command;
    }

    private static int Run(CliIo io, string path, string outputPath, string? catalogDir)
    {
        var (rows, _, errors) = MeasurementInput.Load(path, catalogDir);
        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        Core.Cost.CostCalibration calibration;
        try
        {
            calibration = Calibrator.Fit(rows, $"{Path.GetFileName(path)} ({rows.Length} rows read)");
        }
        catch (ArgumentException ex)
        {
            return io.InputErrors([$"--measurements {path}: {ex.Message}"]);
        }

        if (Loading.Write("--output", outputPath, calibration.ToJson() + Environment.NewLine) is { } writeError)
        {
            return io.InputErrors([writeError]);
        }

        var report = Validation.Run(rows, calibration);
        io.Out.WriteLine($"fitted on {calibration.RowsUsed} rows; wrote {outputPath}");
        io.Out.WriteLine($"in-sample error: median {Fmt.Sig(report.MedianAbsPctError, 3)}%, P90 {Fmt.Sig(report.P90AbsPctError, 3)}% over {report.ScoredRows} scored rows " +
            "(optimistic: for error on unseen models run `iwall validate --leave-one-model-out`)");
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

        io.Out.WriteLine($"fp8 × {Fmt.Sig(calibration.Fp8Scale, 3)}; VAE decode {Fmt.Sig(calibration.VaeDecodeFlopsPerPixel / 1e6, 3)} MFLOP/pixel; " +
            $"fixed {Fmt.Sig(calibration.FixedSecondsPerClip, 3)} s/clip; parallel overhead {Fmt.Sig(calibration.ParallelOverheadPerDoubling * 100, 3)}% per doubling");
        return ExitCodes.Ok;
    }
}
