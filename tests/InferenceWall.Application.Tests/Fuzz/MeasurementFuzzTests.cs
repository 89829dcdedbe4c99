using System.Globalization;
using System.Text;
using InferenceWall.Application.Calibrate;
using InferenceWall.Application.Json;
using InferenceWall.Application.Tests.Calibrate;
using InferenceWall.Application.Validate;
using InferenceWall.Core.Cost;

namespace InferenceWall.Application.Tests.Fuzz;

/// <summary>
/// Seeded mutations of data/measurements/calibration.csv (cells deleted, duplicated, swapped, borrowed from other rows;
/// garbage, huge, tiny, negative and empty values; unbalanced quotes, truncated lines, binary bytes), run through
/// validate and, on a share of the samples of the rows, calibrate and leave-one-model-out. No exception may escape a use case, every outcome is a response or
/// problems, and no response holds NaN or infinity. Each case has its own seed (<see cref="Seed"/> + its index), so a
/// failing case reruns alone with <see cref="Case"/>.
/// </summary>
public class MeasurementFuzzTests
{
    private const int Seed = 20_261_124;

    /// <summary>Mutations of the whole file, validated.</summary>
    private const int WholeFileCases = 1_000;

    /// <summary>Mutations of a sample of the rows, validated.</summary>
    private const int SampleCases = 2_000;

    /// <summary>Of the sample cases, every this many is also calibrated (a fit costs about 4 validations of the whole file).</summary>
    private const int CalibrateEvery = 5;

    /// <summary>Of the sample cases, every this many also runs leave-one-model-out.</summary>
    private const int LeaveOneModelOutEvery = 100;

    private static readonly string[] Lines = MeasurementTexts.ShippedLines;
    private static readonly string[][] Cells = [.. Lines.Select(l => l.Split(','))];

    private static readonly string[] Huge =
    [
        "2147483647", "2147483648", "4294967296", "9223372036854775807", "99999999999999999999999", "1e308", "1.7976931348623157E+308", "1e309", "1e30",
        "65536", "1000000", "1073741824",
    ];

    private static readonly string[] Tiny = ["1e-320", "5e-324", "4.9E-324", "1e-300", "0.000001", "1e-9", "0", "0.0", "-0"];

    private static readonly string[] Negative = ["-1", "-0.5", "-1e9", "-2147483648", "-1e308", "-Infinity", "-NaN"];

    private static readonly string[] Words =
    [
        "NaN", "Infinity", "∞", "nan", "null", "true", "false", "unknown", "UNKNOWN", "memory_only", "per_step", "denoise", "fp8", "int8",
        "other:sta", "teacache:0.1", "teacache:NaN", "teacache:1e999", "other:", "sage2", "4,29", "1_000", "0x10", "1e", "e5", " 42 ", "٣", "１２",
    ];

    [Fact]
    public void Mutations_NeverThrowAndNeverAnswerNaNOrInfinity()
    {
        var failures = new List<string>();
        for (var index = 0; index < WholeFileCases + SampleCases && failures.Count < 10; index++)
        {
            var (text, sample) = Case(index);
            Check(index, "validate", failures, () => Validated(text, leaveOneModelOut: false));
            if (sample && index % CalibrateEvery == 0)
            {
                Check(index, "calibrate", failures, () => Calibrated(text));
            }

            if (sample && index % LeaveOneModelOutEvery == 0)
            {
                Check(index, "validate (leave one model out)", failures, () => Validated(text, leaveOneModelOut: true));
            }
        }

        Assert.True(failures.Count == 0, $"failing cases (rerun one with Case(index)):\n{string.Join("\n", failures)}");
    }

    /// <summary>The mutated text of case <paramref name="index"/>, and whether it is a sample of the rows.</summary>
    internal static (string Text, bool Sample) Case(int index)
    {
        var random = new Random(Seed + index);
        var sample = index >= WholeFileCases;

        // The header, then every row or (a sample) 8 to 100 rows in the file's order.
        var picked = sample
            ? Enumerable.Range(1, Lines.Length - 1).OrderBy(_ => random.Next()).Take(random.Next(8, 101)).Order().ToList()
            : Enumerable.Range(1, Lines.Length - 1).ToList();
        List<string[]> lines = [.. picked.Prepend(0).Select(i => (string[])Cells[i].Clone())];

        // Half the cases keep to mutations that mostly parse (borrowed values, scaled numbers, rows dropped or
        // swapped), so that they reach the cost model and the fit; the other half mutate anything.
        var deep = random.Next(2) == 0;
        for (var m = random.Next(1, deep ? 9 : 5); m > 0; m--)
        {
            Mutate(random, lines, deep);
        }

        var text = new StringBuilder();
        foreach (var cells in lines)
        {
            text.Append(string.Join(',', cells)).Append(random.Next(50) == 0 ? "\r\n" : "\n");
        }

        var result = text.ToString();
        return (!deep && random.Next(10) == 0 ? TextLevel(random, result) : result, sample);
    }

    /// <summary>One mutation of one line (the header one time in 40; a row only, and one that parses, when <paramref name="deep"/>).</summary>
    private static void Mutate(Random random, List<string[]> lines, bool deep)
    {
        if (lines.Count < 2)
        {
            return;
        }

        var line = !deep && random.Next(40) == 0 ? 0 : random.Next(1, lines.Count);
        var cells = lines[line];
        if (cells.Length == 0)
        {
            return;
        }

        var column = random.Next(cells.Length);
        if (deep)
        {
            Reconfigure(random, lines, line);
            return;
        }

        switch (random.Next(16))
        {
            case 0: // a cell deleted
                lines[line] = [.. cells.Where((_, i) => i != column)];
                break;
            case 1: // a cell duplicated
                lines[line] = [.. cells.Take(column + 1), cells[column], .. cells.Skip(column + 1)];
                break;
            case 2: // two cells swapped
                var other = random.Next(cells.Length);
                (cells[column], cells[other]) = (cells[other], cells[column]);
                break;
            case 3:
                cells[column] = Garbage(random);
                break;
            case 4:
                cells[column] = Huge[random.Next(Huge.Length)];
                break;
            case 5:
                cells[column] = Negative[random.Next(Negative.Length)];
                break;
            case 6:
                cells[column] = Tiny[random.Next(Tiny.Length)];
                break;
            case 7:
                cells[column] = string.Empty;
                break;
            case 8: // an unbalanced quote
                cells[column] = cells[column].Insert(random.Next(cells[column].Length + 1), "\"");
                break;
            case 9: // the line truncated
                var joined = string.Join(',', cells);
                lines[line] = joined[..random.Next(joined.Length + 1)].Split(',');
                break;
            case 10:
                cells[column] = Binary(random, cells[column]);
                break;
            case 11: // a value borrowed from the same column of another row: valid, but a configuration not measured
            case 12:
                var donor = Cells[random.Next(1, Cells.Length)];
                cells[column] = donor[Math.Min(column, donor.Length - 1)];
                break;
            case 13: // a number scaled by a power of ten
                if (double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    var scaled = v * Math.Pow(10, random.Next(-6, 7));
                    cells[column] = random.Next(2) == 0
                        ? ((long)Math.Clamp(scaled, 1, 4e18)).ToString(CultureInfo.InvariantCulture)
                        : scaled.ToString("R", CultureInfo.InvariantCulture);
                }

                break;
            case 14: // a row duplicated (its id repeats) or removed
                if (line > 0 && random.Next(2) == 0)
                {
                    lines.Insert(line, (string[])cells.Clone());
                }
                else if (line > 0)
                {
                    lines.RemoveAt(line);
                }

                break;
            default: // two rows swapped
                if (line > 0)
                {
                    var j = random.Next(1, lines.Count);
                    (lines[line], lines[j]) = (lines[j], lines[line]);
                }

                break;
        }
    }

    /// <summary>
    /// A mutation that keeps the row valid, mostly: a configuration borrowed from another row (model, GPU, degrees,
    /// precision, kernel, scope), a size or latency scaled by a power of ten or set huge or tiny, a row dropped.
    /// </summary>
    private static void Reconfigure(Random random, List<string[]> lines, int line)
    {
        var cells = lines[line];
        var donor = Cells[random.Next(1, Cells.Length)];
        string[] sizes = ["width", "height", "frames", "steps", "latency_s", "peak_mem_gb", "num_gpus"];
        var header = Cells[0];
        int Column(string name) => Array.IndexOf(header, name);
        switch (random.Next(6))
        {
            case 0: // the parallel degrees of another row, together so that they still multiply to num_gpus
                foreach (var name in new[] { "num_gpus", "ulysses", "ring", "cfg_parallel", "tensor_parallel", "parallel_known" })
                {
                    cells[Column(name)] = donor[Column(name)];
                }

                break;
            case 1: // one setting of another row
                string[] settings = ["model", "task", "gpu", "width", "height", "frames", "steps", "cfg", "precision", "offload", "step_cache", "attention_kernel", "compiled", "scope", "latency_s"];
                var setting = Column(settings[random.Next(settings.Length)]);
                cells[setting] = donor[setting];
                break;
            case 2: // a size scaled by a power of ten
                var c = Column(sizes[random.Next(sizes.Length)]);
                if (double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    var scaled = v * Math.Pow(10, random.Next(-6, 7));
                    cells[c] = c == Column("latency_s") || c == Column("peak_mem_gb")
                        ? scaled.ToString("R", CultureInfo.InvariantCulture)
                        : ((long)Math.Clamp(Math.Round(scaled), 1, int.MaxValue)).ToString(CultureInfo.InvariantCulture);
                }

                break;
            case 3: // a size set to the edge of what parses
                cells[Column(sizes[random.Next(4)])] = random.Next(2) == 0 ? "2147483647" : (1 << random.Next(10, 31)).ToString(CultureInfo.InvariantCulture);
                break;
            case 4: // a latency at the edge of what parses
                cells[Column("latency_s")] = random.Next(2) == 0 ? Tiny[random.Next(4)] : Huge[random.Next(5, 9)];
                break;
            default:
                lines.RemoveAt(line);
                break;
        }
    }

    /// <summary>Mutations of the text as a whole: a cut, a byte-order mark, a stray carriage return, a NUL, CR line ends.</summary>
    private static string TextLevel(Random random, string text) => random.Next(5) switch
    {
        0 => text[..random.Next(text.Length + 1)],
        1 => "\uFEFF" + text,
        2 => text.Insert(random.Next(text.Length + 1), "\r"),
        3 => text.Insert(random.Next(text.Length + 1), "\0"),
        _ => text.Replace('\n', '\r'),
    };

    private static string Garbage(Random random)
    {
        if (random.Next(4) == 0)
        {
            return Words[random.Next(Words.Length)];
        }

        var s = new StringBuilder();
        for (var i = random.Next(0, 30); i > 0; i--)
        {
            s.Append((char)random.Next(32, 127));
        }

        return s.ToString();
    }

    private static string Binary(Random random, string cell)
    {
        char[] bytes = ['\0', '\u0001', '\u001B', '\u007F', '\uFFFD', '\uFEFF', '\uD800', '\uDFFF', '\u00FF', '\u200B'];
        var s = new StringBuilder(cell);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            s.Insert(random.Next(s.Length + 1), bytes[random.Next(bytes.Length)]);
        }

        return s.ToString();
    }

    private static void Check(int index, string what, List<string> failures, Func<string?> run)
    {
        try
        {
            if (run() is { } problem)
            {
                failures.Add($"case {index}, {what}: {problem}");
            }
        }
        catch (Exception ex)
        {
            failures.Add($"case {index}, {what}: {ex.GetType().Name} escaped: {ex.Message}");
        }
    }

    /// <summary>Null when the outcome is sound; otherwise what is wrong with it.</summary>
    private static string? Validated(string text, bool leaveOneModelOut)
    {
        var outcome = ValidateUseCase.Run(new ValidateRequest { MeasurementsCsv = text, MeasurementsName = "fuzz.csv", LeaveOneModelOut = leaveOneModelOut }, EngineData.Shipped);
        if (outcome.Value is not { } response)
        {
            return outcome.Problems.IsEmpty ? "neither a response nor a problem" : null;
        }

        var numbers = response.Rows.SelectMany(r => new[] { r.MeasuredS, r.PredictedS, r.AbsPctError }).Append(response.MedianAbsPctError).Append(response.P90AbsPctError);
        if (numbers.Any(x => !double.IsFinite(x)))
        {
            return "a number is NaN or infinite";
        }

        MeasurementTexts.AssertFiniteNumbers(ContractJson.Serialize(response));
        return null;
    }

    private static string? Calibrated(string text)
    {
        var outcome = CalibrateUseCase.Run(new CalibrateRequest { MeasurementsCsv = text, MeasurementsName = "fuzz.csv" }, EngineData.Shipped);
        if (outcome.Value is not { } response)
        {
            return outcome.Problems.IsEmpty ? "neither a response nor a problem" : null;
        }

        var c = response.Calibration;
        double[] efficiencies = [c.Global.Dense, c.Global.Attention, .. c.Families.Values.SelectMany(p => new[] { p.Dense, p.Attention })];
        if (efficiencies.Any(e => !(e is > 0 and <= 1)))
        {
            return "an efficiency outside (0, 1]";
        }

        double[] others = [.. c.GpuScale.Values, .. c.AttentionKernelScale.Values, c.Fp8Scale, c.CompiledScale, c.VaeDecodeFlopsPerPixel, c.FixedSecondsPerClip, c.SoftmaxFlopsPerScore, c.HalfEfficiencyTokens, c.LayerOverheadSeconds, c.CollectiveLatencySeconds, .. c.StackScale.Values, .. c.LinkEfficiency.Values];
        if (others.Any(x => !double.IsFinite(x)))
        {
            return "a constant is NaN or infinite";
        }

        if (CostCalibration.FromJson(response.CalibrationJson, out var error) is null)
        {
            return "the calibration file does not read back: " + error;
        }

        MeasurementTexts.AssertFiniteNumbers(ContractJson.Serialize(response));
        return null;
    }
}
