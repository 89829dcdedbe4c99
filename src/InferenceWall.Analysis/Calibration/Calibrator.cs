using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Calibration;

/// <summary>A fit: the calibration, or why there is none (never both).</summary>
public sealed record CalibrationFit(CostCalibration? Calibration, ImmutableArray<Problem> Problems, int ParametersFitted)
{
    public bool IsOk => Calibration is not null;
}

/// <summary>
/// Fits the cost model's constants (efficiencies per GPU family and GPU, attention-kernel and FP8 factors, VAE work
/// per pixel, fixed per-clip time, parallel overhead) to measurements by least squares on log latency.
/// GPU, family, kernel and FP8 factors are shrunk toward 1 (a ridge penalty in log space), so that a GPU or family
/// with few rows leans on the rest instead of being tuned to them.
/// </summary>
/// <remarks>
/// A fit is refused, never returned, when the rows cannot determine it (fewer usable rows than constants, a GPU family
/// with fewer rows than its two efficiencies, no row on more than one GPU for the parallel overhead) or when its best
/// constants are not physical (a global or family efficiency outside (0, 100%] of peak, a factor not positive, or any
/// constant not a finite number). Each
/// refusal is <see cref="ProblemKind.Infeasible"/>: the rows are valid measurements, they just hold no answer.
/// </remarks>
public static class Calibrator
{
    /// <summary>Weight of the ridge penalty on each log factor, relative to one row's squared log error.</summary>
    public const double Shrinkage = 0.5;

    /// <summary>Rows a GPU family needs: its dense and its attention efficiency.</summary>
    public const int MinRowsPerFamily = 2;

    /// <summary>Path of the problems about the measurements as a whole.</summary>
    public const string MeasurementsPath = "measurements";

    private const string RowsFix = "add rows with a known GPU, stated parallel degrees (parallel_known true), stated steps and a latency";

    public static CalibrationFit Fit(IReadOnlyList<PreparedRow> rows, string fittedOn, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var start = Start;
        var usable = rows
            .Where(r => r.Request is not null && r.Measurement.Scored && r.Predict(start, out _) is not null)
            .ToList();
        if (usable.Count == 0)
        {
            return Refused(0, Problem.Infeasible(MeasurementsPath,
                "no row can be used for calibration: every row is skipped, unscored (parallel degrees not stated, GPU unknown) or refused by the cost model",
                RowsFix));
        }

        var layout = Layout.Of(usable);
        if (UnderDetermined(usable, layout) is { Length: > 0 } missing)
        {
            return Refused(layout.Count, missing);
        }

        var measured = usable.Select(r => Math.Log(r.Measurement.LatencySeconds!.Value)).ToArray();
        var penaltyWeight = Math.Sqrt(Shrinkage);
        double[] Residuals(double[] theta)
        {
            var calibration = layout.ToCalibration(theta, fittedOn, usable.Count);
            var residuals = new double[usable.Count + layout.Penalized.Length];
            for (var i = 0; i < usable.Count; i++)
            {
                var predicted = usable[i].Predict(calibration, out _);
                residuals[i] = predicted is > 0 ? Math.Log(predicted.Value) - measured[i] : 10.0;
            }

            for (var k = 0; k < layout.Penalized.Length; k++)
            {
                residuals[usable.Count + k] = penaltyWeight * theta[layout.Penalized[k]];
            }

            return residuals;
        }

        var theta = LevenbergMarquardt.Minimize(Residuals, layout.Start(), cancel: cancel);
        if (theta.Any(t => !double.IsFinite(t)))
        {
            return Refused(layout.Count, Problem.Infeasible(MeasurementsPath,
                "the fit did not converge to finite constants: the latencies cannot be explained by the cost model", "check the rows' latencies and units (seconds)"));
        }

        var fitted = layout.ToCalibration(theta, fittedOn, usable.Count);
        var unphysical = Unphysical(fitted);
        return unphysical.Length > 0 ? Refused(layout.Count, unphysical) : new CalibrationFit(fitted, [], layout.Count);
    }

    /// <summary>Where the fit starts (also used to screen out rows the memory model refuses).</summary>
    public static CostCalibration Start { get; } = new()
    {
        Global = new EfficiencyPair { Dense = 0.5, Attention = 0.4 },
        VaeDecodeFlopsPerPixel = 1e8,
        FixedSecondsPerClip = 5,
        ParallelOverheadPerDoubling = 0.05,
    };

    private static CalibrationFit Refused(int parameters, params Problem[] problems) => new(null, [.. problems], parameters);

    /// <summary>Every way the rows fall short of determining the constants, each with the minimum it needs.</summary>
    private static Problem[] UnderDetermined(List<PreparedRow> usable, Layout layout)
    {
        var problems = new List<Problem>();
        if (usable.Count < layout.Count)
        {
            problems.Add(Problem.Infeasible(MeasurementsPath,
                $"{Rows(usable.Count)} usable for calibration, but these rows call for {layout.Count} constants ({layout.Describe()}); "
                + $"the fit needs at least {layout.Count} usable rows, one per constant",
                RowsFix));
        }

        foreach (var (family, count) in usable.GroupBy(r => r.Request!.Gpu.Family, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count())).Where(g => g.Item2 < MinRowsPerFamily).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            problems.Add(Problem.Infeasible(MeasurementsPath,
                $"GPU family '{family}' has {count} usable row; its dense and attention efficiencies need at least {MinRowsPerFamily}",
                $"add another usable row on a GPU of the {family} family, or leave out the row on it"));
        }

        if (!usable.Any(r => r.Request!.Plan.Gpus > 1))
        {
            problems.Add(Problem.Infeasible(MeasurementsPath,
                "no usable row ran on more than one GPU, so the parallel overhead per doubling cannot be fitted; the fit needs at least 1 such row",
                "add a usable row measured on 2 or more GPUs"));
        }

        return [.. problems];
    }

    /// <summary>Efficiencies outside (0, 1] of peak, factors that are not positive, constants that are not finite.</summary>
    private static Problem[] Unphysical(CostCalibration c)
    {
        var problems = new List<Problem>();
        var tail = new (string Name, double Value)[]
        {
            ("fp8_scale", c.Fp8Scale), ("vae_decode_flops_per_pixel", c.VaeDecodeFlopsPerPixel),
            ("fixed_seconds_per_clip", c.FixedSecondsPerClip), ("parallel_overhead_per_doubling", c.ParallelOverheadPerDoubling),
        };
        foreach (var (name, value) in tail.Where(t => !double.IsFinite(t.Value) || t.Value < 0)
            .Concat(c.GpuScale.Select(g => ($"gpu_scale.{g.Key}", g.Value)).Where(t => !double.IsFinite(t.Value) || t.Value <= 0))
            .Concat(c.AttentionKernelScale.Select(k => ($"attention_kernel_scale.{k.Key}", k.Value)).Where(t => !double.IsFinite(t.Value) || t.Value <= 0)))
        {
            problems.Add(Problem.Infeasible(MeasurementsPath, $"the best fit gives {name} = {Show(value)}, not a finite positive number; no calibration was written",
                "check the rows' latencies and units (seconds)"));
        }

        // The efficiencies (global, and per GPU family for the GPUs of that family) must be a fraction of peak: above
        // 100% the rows ran faster than the hardware can, which the cost model cannot explain. The per-GPU, kernel and
        // FP8 factors are multipliers, not fractions of peak, and are only required finite and positive: a GPU's
        // factor also corrects its catalog peak (DERIVED figures such as the L20's), and a kernel's is a speed-up over
        // the default kernel (SageAttention computes attention in 8 bits); the shipped fit has H20 × 1.61, FA3 × 1.47.
        var claims = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["global dense"] = c.Global.Dense,
            ["global attention"] = c.Global.Attention,
        };
        foreach (var (family, pair) in c.Families)
        {
            claims[$"{family} dense"] = pair.Dense;
            claims[$"{family} attention"] = pair.Attention;
        }

        var outside = claims.Where(kv => !double.IsFinite(kv.Value) || kv.Value <= 0 || kv.Value > 1).ToList();
        if (outside.Count > 0)
        {
            const int Shown = 5;
            var list = string.Join(", ", outside.Take(Shown).Select(kv => $"{kv.Key} {Percent(kv.Value)}"));
            var more = outside.Count > Shown ? $" and {outside.Count - Shown} more" : string.Empty;
            problems.Add(Problem.Infeasible(MeasurementsPath,
                $"the best fit puts efficiencies outside (0, 100%] of peak ({list}{more}); an efficiency is a fraction of peak, "
                + "so the cost model cannot explain these rows' times; no calibration was written",
                "check the rows' latencies (seconds), GPUs and parallel degrees, or add rows that pin the efficiencies down"));
        }

        return [.. problems];
    }

    private static string Rows(int n) => n == 1 ? "1 row is" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} rows are";

    private static string Show(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : double.IsNaN(v) ? "not a number" : "infinite";

    private static string Percent(double v) => double.IsFinite(v) ? (v * 100).ToString("G4", CultureInfo.InvariantCulture) + "%" : Show(v);

    /// <summary>Which entry of the parameter vector means what.</summary>
    private sealed class Layout
    {
        private readonly List<string> _families = [];
        private readonly List<string> _gpus = [];
        private readonly List<string> _kernels = [];
        private bool _fp8;

        public ImmutableArray<int> Penalized { get; private set; }

        private int FamilyIndex(int f) => 2 + (2 * f);

        private int GpuIndex(int g) => 2 + (2 * _families.Count) + g;

        private int KernelIndex(int k) => 2 + (2 * _families.Count) + _gpus.Count + k;

        private int Fp8Index => 2 + (2 * _families.Count) + _gpus.Count + _kernels.Count;

        private int TailIndex => Fp8Index + (_fp8 ? 1 : 0);

        /// <summary>The number of constants fitted.</summary>
        public int Count => TailIndex + 3;

        /// <summary>What the constants are, for messages.</summary>
        public string Describe()
        {
            var parts = new List<string>
            {
                "2 global efficiencies",
                $"2 per GPU family × {_families.Count}",
                $"1 per GPU × {_gpus.Count}",
            };
            if (_kernels.Count > 0)
            {
                parts.Add($"1 per attention kernel × {_kernels.Count}");
            }

            if (_fp8)
            {
                parts.Add("1 FP8 factor");
            }

            parts.Add("VAE work, fixed time and parallel overhead");
            return string.Join(", ", parts);
        }

        public static Layout Of(IReadOnlyList<PreparedRow> rows)
        {
            var layout = new Layout();
            layout._families.AddRange(rows.Select(r => r.Request!.Gpu.Family).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            layout._gpus.AddRange(rows.Select(r => r.Request!.Gpu.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            layout._kernels.AddRange(rows.Select(r => r.Request!.AttentionKernel).Where(k => k != AttentionKernel.Default).Select(Words.AttentionKernel.Word).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            layout._fp8 = rows.Any(r => r.Request!.Precision == Precision.Fp8);
            var penalized = new List<int>();
            for (var i = 2; i < layout.TailIndex; i++)
            {
                penalized.Add(i);
            }

            layout.Penalized = [.. penalized];
            return layout;
        }

        public double[] Start()
        {
            var theta = new double[Count];
            theta[0] = Math.Log(Calibrator.Start.Global.Dense);
            theta[1] = Math.Log(Calibrator.Start.Global.Attention);
            theta[TailIndex] = Math.Log(Calibrator.Start.VaeDecodeFlopsPerPixel);
            theta[TailIndex + 1] = Math.Log(Calibrator.Start.FixedSecondsPerClip);
            theta[TailIndex + 2] = Math.Log(Calibrator.Start.ParallelOverheadPerDoubling);
            return theta;
        }

        public CostCalibration ToCalibration(double[] theta, string fittedOn, int rows)
        {
            var families = ImmutableSortedDictionary.CreateBuilder<string, EfficiencyPair>(StringComparer.Ordinal);
            for (var f = 0; f < _families.Count; f++)
            {
                families[_families[f]] = new EfficiencyPair
                {
                    Dense = Math.Exp(theta[0] + theta[FamilyIndex(f)]),
                    Attention = Math.Exp(theta[1] + theta[FamilyIndex(f) + 1]),
                };
            }

            var gpus = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
            for (var g = 0; g < _gpus.Count; g++)
            {
                gpus[_gpus[g]] = Math.Exp(theta[GpuIndex(g)]);
            }

            var kernels = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
            for (var k = 0; k < _kernels.Count; k++)
            {
                kernels[_kernels[k]] = Math.Exp(theta[KernelIndex(k)]);
            }

            return new CostCalibration
            {
                Global = new EfficiencyPair { Dense = Math.Exp(theta[0]), Attention = Math.Exp(theta[1]) },
                Families = families.ToImmutable(),
                GpuScale = gpus.ToImmutable(),
                AttentionKernelScale = kernels.ToImmutable(),
                Fp8Scale = _fp8 ? Math.Exp(theta[Fp8Index]) : 1.0,
                VaeDecodeFlopsPerPixel = Math.Exp(theta[TailIndex]),
                FixedSecondsPerClip = Math.Exp(theta[TailIndex + 1]),
                ParallelOverheadPerDoubling = Math.Exp(theta[TailIndex + 2]),
                FittedOn = fittedOn,
                RowsUsed = rows,
            };
        }
    }
}
