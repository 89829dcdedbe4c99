using System.Collections.Immutable;
using InferenceWall.Core;
using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Calibration;

/// <summary>
/// Fits the cost model's constants (efficiencies per GPU family and GPU, attention-kernel and FP8 factors, VAE work
/// per pixel, fixed per-clip time, parallel overhead) to measurements by least squares on log latency.
/// GPU, family, kernel and FP8 factors are shrunk toward 1 (a ridge penalty in log space), so that a GPU or family
/// with few rows leans on the rest instead of being tuned to them.
/// </summary>
public static class Calibrator
{
    /// <summary>Weight of the ridge penalty on each log factor, relative to one row's squared log error.</summary>
    public const double Shrinkage = 0.5;

    public static CostCalibration Fit(IReadOnlyList<PreparedRow> rows, string fittedOn)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var start = Start;
        var usable = rows
            .Where(r => r.Request is not null && r.Measurement.Scored && r.Predict(start, out _) is not null)
            .ToList();
        if (usable.Count == 0)
        {
            throw new ArgumentException("no row can be used for calibration: every row is skipped, unscored (degrees not stated, GPU unknown) or refused", nameof(rows));
        }

        var layout = Layout.Of(usable);
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

        var theta = LevenbergMarquardt.Minimize(Residuals, layout.Start());
        return layout.ToCalibration(theta, fittedOn, usable.Count);
    }

    /// <summary>Where the fit starts (also used to screen out rows the memory model refuses).</summary>
    public static CostCalibration Start { get; } = new()
    {
        Global = new EfficiencyPair { Dense = 0.5, Attention = 0.4 },
        VaeDecodeFlopsPerPixel = 1e8,
        FixedSecondsPerClip = 5,
        ParallelOverheadPerDoubling = 0.05,
    };

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

        private int Count => TailIndex + 3;

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
