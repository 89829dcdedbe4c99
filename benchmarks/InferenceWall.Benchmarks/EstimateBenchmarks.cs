using BenchmarkDotNet.Attributes;
using InferenceWall.Core;
using InferenceWall.Core.Cost;

namespace InferenceWall.Benchmarks;

/// <summary>
/// One clip-cost estimate (issue 2's bar: under 10 µs). The baseline is the back-of-envelope formula, measured in
/// the same run, so the ratio says what the physics costs over three multiplications.
/// </summary>
[MemoryDiagnoser]
public class EstimateBenchmarks
{
    private CostRequest _single = null!;
    private CostRequest _parallel = null!;
    private CostCalibration _calibration = null!;
    private double _gpuMinutes;
    private int _gpus;
    private double _usdPerGpuMinute;

    [GlobalSetup]
    public void Setup()
    {
        (_gpuMinutes, _gpus, _usdPerGpuMinute) = (8, 4, 0.08);
        var catalog = EmbeddedData.Catalog();
        _calibration = CostCalibration.Shipped();
        _single = new CostRequest
        {
            Model = catalog.FindModel("wan2.1-t2v-14b").Value!,
            Gpu = catalog.FindGpu("H100-SXM").Value!,
            Clip = new ClipSpec { WidthPixels = 1280, HeightPixels = 720, Frames = 81, Steps = 50 },
            UsdPerGpuHour = 4.29,
        };
        _parallel = _single with { Plan = new ParallelPlan { Gpus = 8, Ulysses = 4, Ring = 2 } };
    }

    [Benchmark(Baseline = true)]
    public double BackOfEnvelope() => Core.Cost.BackOfEnvelope.CostUsd(_gpuMinutes, _gpus, _usdPerGpuMinute);

    [Benchmark]
    public double EstimateOneGpu() => ClipCost.Estimate(_single, _calibration).Estimate!.LatencySeconds;

    [Benchmark]
    public double EstimateEightGpusUlyssesRing() => ClipCost.Estimate(_parallel, _calibration).Estimate!.LatencySeconds;
}
