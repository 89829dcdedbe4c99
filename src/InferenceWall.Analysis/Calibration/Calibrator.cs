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

    /// <summary>Rows left out of the fit, each with why (measured faster than the GPU's peak allows).</summary>
    public ImmutableArray<ExcludedRow> Excluded { get; init; } = [];
}

/// <summary>A measurement row the fit left out, and why.</summary>
public sealed record ExcludedRow(string Id, string Reason);

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
            .Where(r => r.Fitted && r.Predict(start, out _) is not null)
            .ToList();
        if (usable.Count == 0)
        {
            return Refused(0, Problem.Infeasible(MeasurementsPath,
                "no row can be used for calibration: every row is skipped, unscored (parallel degrees not stated, GPU unknown) or refused by the cost model",
                RowsFix));
        }

        // A row measured faster than the GPU's peak allows (under the row's stated or assumed configuration) cannot be
        // explained by any efficiency; it is left out and named. When most rows are, the file as a whole is wrong.
        var tooFast = FasterThanPeak(usable);
        if (tooFast.Count > 0 && tooFast.Count * 2 >= usable.Count)
        {
            return Refused(Layout.Of(usable).Count, TooFastProblem(tooFast));
        }

        usable = [.. usable.Where(r => !tooFast.Contains(r.Measurement.Id))];
        ImmutableArray<ExcludedRow> excluded = [.. tooFast.Select(id => new ExcludedRow(id, FasterThanPeakReason))];
        var layout = Layout.Of(usable);
        if (UnderDetermined(usable, layout) is { Length: > 0 } missing)
        {
            return Refused(layout.Count, missing) with { Excluded = excluded };
        }

        var measured = usable.Select(r => Math.Log(r.Measurement.LatencySeconds!.Value)).ToArray();
        double[] Residuals(double[] theta)
        {
            var calibration = layout.ToCalibration(theta, fittedOn, usable.Count);
            var residuals = new double[(3 * usable.Count) + layout.Penalized.Length];
            for (var i = 0; i < usable.Count; i++)
            {
                var predicted = usable[i].Predict(calibration, out _);
                residuals[i] = predicted is > 0 ? Math.Log(predicted.Value) - measured[i] : 10.0;

                // The physical ceiling: no row may run its matmuls or its attention faster than the GPU's peak.
                var (dense, attention) = calibration.AchievedShares(usable[i].Request!);
                residuals[usable.Count + (2 * i)] = CeilingWeight * Math.Max(0.0, Math.Log(dense));
                residuals[usable.Count + (2 * i) + 1] = CeilingWeight * Math.Max(0.0, Math.Log(attention));
            }

            for (var k = 0; k < layout.Penalized.Length; k++)
            {
                var (index, weight) = layout.Penalized[k];
                residuals[(3 * usable.Count) + k] = weight * (theta[index] - layout.Prior(index));
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
        var unphysical = Unphysical(fitted, usable);
        return (unphysical.Length > 0 ? Refused(layout.Count, unphysical) : new CalibrationFit(fitted, [], layout.Count)) with { Excluded = excluded };
    }

    /// <summary>Weight of the penalty on a row whose achieved efficiency passes 100% of peak, per unit of log excess.</summary>
    private const double CeilingWeight = 30;

    /// <summary>How far past 100% of peak a fitted row may land (the ceiling is a steep penalty, not a hard wall).</summary>
    public const double CeilingTolerance = 0.01;

    /// <summary>
    /// The cost model at the hardware's limit: every efficiency 100% of peak, every factor 1, no overhead, no VAE, no
    /// fixed time. A row measured faster than this ran faster than the GPU can.
    /// </summary>
    private static CostCalibration AtPeak { get; } = new()
    {
        Global = new EfficiencyPair { Dense = 1, Attention = 1 },
        VaeDecodeFlopsPerPixel = 0,
        FixedSecondsPerClip = 0,
        VaeEfficiency = 1,
    };

    /// <summary>Why a row measured faster than the peak is left out of the fit.</summary>
    public const string FasterThanPeakReason =
        "measured faster than the GPU's peak allows for this configuration (every efficiency at 100%): left out of the fit; check its precision (int8 and fp8 may compute in 8 bits), steps and GPUs";

    /// <summary>Rows whose measured time is below what the GPU's peak allows (SageAttention rows aside: it computes in 8 bits).</summary>
    private static HashSet<string> FasterThanPeak(List<PreparedRow> usable) =>
        usable
            .Where(r => r.Request!.EffectiveAttentionKernel != AttentionKernel.SageAttention2 && r.Predict(AtPeak, out _) is { } bound && r.Measurement.LatencySeconds < bound)
            .Select(r => r.Measurement.Id)
            .ToHashSet(StringComparer.Ordinal);

    private static Problem TooFastProblem(HashSet<string> fast)
    {
        const int Shown = 5;
        var ordered = fast.Order(StringComparer.Ordinal).ToList();
        var list = string.Join(", ", ordered.Take(Shown)) + (ordered.Count > Shown ? $" and {ordered.Count - Shown} more" : string.Empty);
        return Problem.Infeasible(MeasurementsPath,
            $"{Rows(fast.Count)} measured faster than the GPU's peak allows ({list}), at least half the usable rows: matching them needs an efficiency outside (0, 100%] of peak, "
            + "so the cost model cannot explain these rows' times; no calibration was written",
            "check the rows' latencies (seconds), GPUs, steps and parallel degrees");
    }

    /// <summary>Where the fit starts (also used to screen out rows the memory model refuses).</summary>
    public static CostCalibration Start { get; } = new()
    {
        Global = new EfficiencyPair { Dense = 0.5, Attention = 0.4 },
        VaeDecodeFlopsPerPixel = 1e8,
        FixedSecondsPerClip = 2,
        CompiledScale = 0.9,
        SoftmaxFlopsPerScore = 64,
        HalfEfficiencyTokens = 256,
        LayerOverheadSeconds = 2e-4,
        ElementwisePasses = 20,
        CollectiveLatencySeconds = 3e-5,
        VaeEfficiency = 0.3,
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
                "no usable row ran on more than one GPU, so the link efficiency and collective latency cannot be fitted; the fit needs at least 1 such row",
                "add a usable row measured on 2 or more GPUs"));
        }

        return [.. problems];
    }

    /// <summary>Efficiencies outside (0, 1] of peak, factors that are not positive, constants that are not finite.</summary>
    private static Problem[] Unphysical(CostCalibration c, List<PreparedRow> usable)
    {
        var problems = new List<Problem>();
        var tail = new (string Name, double Value)[]
        {
            ("fp8_scale", c.Fp8Scale), ("compiled_scale", c.CompiledScale), ("vae_decode_flops_per_pixel", c.VaeDecodeFlopsPerPixel),
            ("fixed_seconds_per_clip", c.FixedSecondsPerClip), ("softmax_flops_per_score", c.SoftmaxFlopsPerScore),
            ("half_efficiency_tokens", c.HalfEfficiencyTokens), ("layer_overhead_seconds", c.LayerOverheadSeconds), ("elementwise_passes", c.ElementwisePasses),
            ("collective_latency_seconds", c.CollectiveLatencySeconds), ("vae_efficiency", c.VaeEfficiency),
        };
        foreach (var (name, value) in tail.Where(t => !double.IsFinite(t.Value) || t.Value < 0)
            .Concat(c.GpuScale.Select(g => ($"gpu_scale.{g.Key}", g.Value)).Where(t => !double.IsFinite(t.Value) || t.Value <= 0))
            .Concat(c.AttentionKernelScale.Select(k => ($"attention_kernel_scale.{k.Key}", k.Value)).Where(t => !double.IsFinite(t.Value) || t.Value <= 0)))
        {
            problems.Add(Problem.Infeasible(MeasurementsPath, $"the best fit gives {name} = {Show(value)}, not a finite positive number; no calibration was written",
                "check the rows' latencies and units (seconds)"));
        }

        // What every row achieves must be a fraction of peak: above 100% the row ran faster than the hardware can,
        // which the cost model cannot explain. The per-GPU, kernel and
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

        foreach (var row in usable)
        {
            var (dense, attention) = c.AchievedShares(row.Request!);
            foreach (var (what, value) in new[] { ("dense", dense), ("attention", attention) })
            {
                if (value > 1 + CeilingTolerance)
                {
                    claims[$"row {row.Measurement.Id} {what}"] = value;
                }
            }
        }

        // The global and family efficiencies only ever act multiplied by a kernel, GPU, precision and stack factor, so
        // the ceiling is on what a row achieves (decision 0006); they themselves must be finite and positive.
        var outside = claims.Where(kv => !double.IsFinite(kv.Value) || kv.Value <= 0 || (kv.Key.StartsWith("row ", StringComparison.Ordinal) && kv.Value > 1 + CeilingTolerance)).ToList();
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


    /// <summary>Which entry of the parameter vector means what: each constant by name, its start and its prior.</summary>
    /// <remarks>
    /// Factors and amounts are fitted as logarithms; shares (link and VAE efficiency) as logits, so that they stay in
    /// (0, 1). Correction factors (family, GPU, kernel, FP8, stack, compile) are shrunk toward 1 with
    /// <see cref="Shrinkage"/>; the physical constants (softmax work, fill, per-layer and per-collective time) are held
    /// weakly near their start, so that a constant the rows do not inform stays where physics puts it.
    /// </remarks>
    private sealed class Layout
    {
        private const double PhysicsHold = 0.05;

        private readonly List<(string Name, double Start, double Weight)> _parameters = [];
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _families = [];
        private readonly List<string> _gpus = [];
        private readonly List<string> _kernels = [];
        private readonly List<string> _stacks = [];
        private readonly List<string> _links = [];

        public ImmutableArray<(int Index, double Weight)> Penalized { get; private set; }

        /// <summary>The number of constants fitted.</summary>
        public int Count => _parameters.Count;

        public double Prior(int index) => _parameters[index].Start;

        private void Add(string name, double start, double weight)
        {
            _index[name] = _parameters.Count;
            _parameters.Add((name, start, weight));
        }

        private bool Has(string name) => _index.ContainsKey(name);

        private double Value(double[] theta, string name, double absent) => _index.TryGetValue(name, out var i) ? theta[i] : absent;

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

            if (_stacks.Count > 0)
            {
                parts.Add($"1 per stack × {_stacks.Count}");
            }

            if (_links.Count > 0)
            {
                parts.Add($"1 per link class × {_links.Count}");
            }

            var singles = _parameters.Count - 2 - (2 * _families.Count) - _gpus.Count - _kernels.Count - _stacks.Count - _links.Count;
            parts.Add($"{singles} more (FP8 and compile factors, softmax work, fill, per-layer and per-collective time, VAE work, host rate, fixed time)");
            return string.Join(", ", parts);
        }

        public static Layout Of(IReadOnlyList<PreparedRow> rows)
        {
            var layout = new Layout();
            var requests = rows.Select(r => r.Request!).ToList();
            var shrink = Math.Sqrt(Shrinkage);
            layout.Add("global.dense", Math.Log(Calibrator.Start.Global.Dense), 0);
            layout.Add("global.attention", Math.Log(Calibrator.Start.Global.Attention), 0);
            layout._families.AddRange(requests.Select(r => r.Gpu.Family).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            foreach (var family in layout._families)
            {
                layout.Add($"family.{family}.dense", 0, shrink);
                layout.Add($"family.{family}.attention", 0, shrink);
            }

            layout._gpus.AddRange(requests.Select(r => r.Gpu.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            foreach (var gpu in layout._gpus)
            {
                layout.Add($"gpu.{gpu}", 0, shrink);
            }

            layout._kernels.AddRange(requests.Select(r => r.EffectiveAttentionKernel).Where(k => k != AttentionKernel.Default).Select(Words.AttentionKernel.Word).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            foreach (var kernel in layout._kernels)
            {
                layout.Add($"kernel.{kernel}", 0, shrink);
            }

            layout._stacks.AddRange(requests.Where(r => r.Stack is not null).Select(r => r.Stack!.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            foreach (var stack in layout._stacks)
            {
                layout.Add($"stack.{stack}", 0, shrink);
            }

            if (requests.Any(r => r.Precision == Precision.Fp8))
            {
                layout.Add("fp8", 0, shrink);
            }

            if (requests.Any(r => r.RunsCompiled))
            {
                layout.Add("compiled", 0, shrink);
            }

            layout.Add("softmax", Math.Log(Calibrator.Start.SoftmaxFlopsPerScore), PhysicsHold);
            layout.Add("fill", Math.Log(Calibrator.Start.HalfEfficiencyTokens), PhysicsHold);
            layout.Add("layer", Math.Log(Calibrator.Start.LayerOverheadSeconds), PhysicsHold);
            layout.Add("elementwise", Math.Log(Calibrator.Start.ElementwisePasses), PhysicsHold);
            var multi = requests.Where(r => r.Plan.Gpus > 1).ToList();
            layout._links.AddRange(multi.Select(r => CostCalibration.LinkClass(r.Gpu)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            foreach (var link in layout._links)
            {
                layout.Add($"link.{link}", Logit(0.7), PhysicsHold);
            }

            if (multi.Count > 0)
            {
                layout.Add("collective", Math.Log(Calibrator.Start.CollectiveLatencySeconds), PhysicsHold);
            }

            if (requests.Any(r => r.Model.VaeDecodeFlopsPerPixel is not null))
            {
                layout.Add("vae.efficiency", Logit(Calibrator.Start.VaeEfficiency), 0);
            }

            if (requests.Any(r => r.Model.VaeDecodeFlopsPerPixel is null))
            {
                layout.Add("vae.flops", Math.Log(Calibrator.Start.VaeDecodeFlopsPerPixel), 0);
            }

            if (requests.Any(r => r.TextEncoderOnCpu))
            {
                layout.Add("host", Math.Log(CostCalibration.DefaultHostFlopsPerSecond), PhysicsHold);
            }

            layout.Add("fixed", Math.Log(Calibrator.Start.FixedSecondsPerClip), 0);
            layout.Penalized = [.. layout._parameters.Select((p, i) => (i, p.Weight)).Where(p => p.Weight > 0)];
            return layout;
        }

        public double[] Start() => [.. _parameters.Select(p => p.Start)];

        private static double Logit(double p) => Math.Log(p / (1 - p));

        private static double Share(double x) => 1.0 / (1.0 + Math.Exp(-x));

        public CostCalibration ToCalibration(double[] theta, string fittedOn, int rows)
        {
            var families = ImmutableSortedDictionary.CreateBuilder<string, EfficiencyPair>(StringComparer.Ordinal);
            var globalDense = theta[_index["global.dense"]];
            var globalAttention = theta[_index["global.attention"]];
            foreach (var family in _families)
            {
                families[family] = new EfficiencyPair
                {
                    Dense = Math.Exp(globalDense + theta[_index[$"family.{family}.dense"]]),
                    Attention = Math.Exp(globalAttention + theta[_index[$"family.{family}.attention"]]),
                };
            }

            ImmutableSortedDictionary<string, double> Factors(List<string> keys, string prefix, Func<double, double> map) =>
                keys.ToImmutableSortedDictionary(k => k, k => map(theta[_index[$"{prefix}.{k}"]]), StringComparer.Ordinal);

            return new CostCalibration
            {
                Global = new EfficiencyPair { Dense = Math.Exp(globalDense), Attention = Math.Exp(globalAttention) },
                Families = families.ToImmutable(),
                GpuScale = Factors(_gpus, "gpu", Math.Exp),
                AttentionKernelScale = Factors(_kernels, "kernel", Math.Exp),
                StackScale = Factors(_stacks, "stack", Math.Exp),
                LinkEfficiency = Factors(_links, "link", Share),
                Fp8Scale = Math.Exp(Value(theta, "fp8", 0)),
                CompiledScale = Math.Exp(Value(theta, "compiled", 0)),
                SoftmaxFlopsPerScore = Math.Exp(theta[_index["softmax"]]),
                HalfEfficiencyTokens = Has("fill") ? Math.Exp(theta[_index["fill"]]) : 0,
                LayerOverheadSeconds = Math.Exp(theta[_index["layer"]]),
                ElementwisePasses = Math.Exp(theta[_index["elementwise"]]),
                CollectiveLatencySeconds = Has("collective") ? Math.Exp(theta[_index["collective"]]) : Calibrator.Start.CollectiveLatencySeconds,
                VaeEfficiency = Has("vae.efficiency") ? Share(theta[_index["vae.efficiency"]]) : Calibrator.Start.VaeEfficiency,
                VaeDecodeFlopsPerPixel = Has("vae.flops") ? Math.Exp(theta[_index["vae.flops"]]) : 0,
                FixedSecondsPerClip = Math.Exp(theta[_index["fixed"]]),
                HostFlopsPerSecond = Has("host") ? Math.Exp(theta[_index["host"]]) : CostCalibration.DefaultHostFlopsPerSecond,
                FittedOn = fittedOn,
                RowsUsed = rows,
            };
        }
    }
}
