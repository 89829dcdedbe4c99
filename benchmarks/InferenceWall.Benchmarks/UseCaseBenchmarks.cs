using BenchmarkDotNet.Attributes;
using InferenceWall.Application;
using InferenceWall.Application.Estimate;
using InferenceWall.Application.Json;
using InferenceWall.Core.Cost;

namespace InferenceWall.Benchmarks;

/// <summary>
/// What the application layer adds to the cost model (issue 8): the same clip through <c>ClipCost.Estimate</c> alone
/// (the baseline), through <c>EstimateUseCase.Run</c> (lookups by name, validation of every field, the price choice,
/// the response record), and through the use case plus the contract JSON the CLI and the API write.
/// </summary>
[MemoryDiagnoser]
public class UseCaseBenchmarks
{
    private CostRequest _costRequest = null!;
    private CostCalibration _calibration = null!;
    private EstimateRequest _request = null!;
    private EngineData _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = EngineData.Shipped;
        _calibration = _data.Calibration;
        _request = new EstimateRequest { Model = "wan2.1-t2v-14b", Gpu = "h100-sxm", Gpus = 4, Ulysses = 4, Frames = 81, Steps = 50, Provider = "lambda" };
        var quote = _data.Catalog.FindPrice("lambda", "H100-SXM", Core.Catalog.CapacityClass.OnDemand, out _)!;
        _costRequest = new CostRequest
        {
            Model = _data.Catalog.FindModel("wan2.1-t2v-14b").Value!,
            Gpu = _data.Catalog.FindGpu("H100-SXM").Value!,
            Clip = new ClipSpec { WidthPixels = 1280, HeightPixels = 720, Frames = 81, Steps = 50 },
            Plan = new ParallelPlan { Gpus = 4, Ulysses = 4 },
            UsdPerGpuHour = quote.UsdPerGpuHour,
        };
    }

    [Benchmark(Baseline = true)]
    public double CostModelOnly() => ClipCost.Estimate(_costRequest, _calibration).Estimate!.CostUsd!.Value;

    [Benchmark]
    public double EstimateUseCase() => Application.Estimate.EstimateUseCase.Run(_request, _data).Value!.CostUsd!.Value;

    [Benchmark]
    public int EstimateUseCaseAndJson() => ContractJson.Serialize(Application.Estimate.EstimateUseCase.Run(_request, _data).Value!).Length;
}
