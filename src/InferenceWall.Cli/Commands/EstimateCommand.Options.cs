using System.CommandLine;

namespace InferenceWall.Cli.Commands;

internal static partial class EstimateCommand
{
    internal sealed record Values(
        string? Model, string? Gpu, int Gpus, int? Ulysses, int? Ring, int? CfgParallel, int? TensorParallel, bool ShardWeights,
        string Resolution, int Frames, int? Steps, string? Cfg, string Precision, string Offload, string AttentionKernel,
        string? Provider, string Capacity, double? UsdPerGpuHour, double Utilization, double Pue, string? CatalogDir, string? CalibrationFile,
        string Format, double? GpuMinutes, double? UsdPerGpuMinute);

    private sealed class Options
    {
        public Option<string?> Model { get; } = new("--model", "-m") { Description = "Video model id or name (iwall catalog models)" };
        public Option<string?> Gpu { get; } = new("--gpu", "-g") { Description = "GPU id or name (iwall catalog gpus)" };
        public Option<int> Gpus { get; } = new("--gpus") { Description = "GPUs per clip", DefaultValueFactory = _ => 1 };
        public Option<int?> Ulysses { get; } = new("--ulysses") { Description = "Ulysses sequence-parallel degree [default: --gpus when no other degree is given]" };
        public Option<int?> Ring { get; } = new("--ring") { Description = "Ring-attention degree [default: 1]" };
        public Option<int?> CfgParallel { get; } = new("--cfg-parallel") { Description = "CFG-parallel degree, 1 or 2 [default: 1]" };
        public Option<int?> TensorParallel { get; } = new("--tensor-parallel") { Description = "Tensor-parallel degree [default: 1]" };
        public Option<bool> ShardWeights { get; } = new("--shard-weights") { Description = "Shard weights across the GPUs (FSDP)" };
        public Option<string> Resolution { get; } = new("--resolution", "-r") { Description = "Output size WIDTHxHEIGHT in pixels", DefaultValueFactory = _ => "1280x720" };
        public Option<int> Frames { get; } = new("--frames", "-f") { Description = "Output frames", DefaultValueFactory = _ => 81 };
        public Option<int?> Steps { get; } = new("--steps", "-s") { Description = "Denoising steps [default: the model's]" };
        public Option<string?> Cfg { get; } = new("--cfg") { Description = "Classifier-free guidance true|false [default: the model's]" };
        public Option<string> Precision { get; } = new("--precision") { Description = "bf16|fp16|fp8|int8 (int8 = weight-only: 1-byte weights, 16-bit math)", DefaultValueFactory = _ => "bf16" };
        public Option<string> Offload { get; } = new("--offload") { Description = "none|model|sequential weight offload to host memory", DefaultValueFactory = _ => "none" };
        public Option<string> AttentionKernel { get; } = new("--attention-kernel") { Description = "default|fa2|fa3|sage2|cudnn", DefaultValueFactory = _ => "default" };
        public Option<string?> Provider { get; } = new("--provider", "-p") { Description = "Price the GPU time at this provider's catalog price (iwall catalog prices)" };
        public Option<string> Capacity { get; } = new("--capacity") { Description = "on-demand|reserved|spot price with --provider", DefaultValueFactory = _ => "on-demand" };
        public Option<double?> UsdPerGpuHour { get; } = new("--usd-per-gpu-hour") { Description = "Price of GPU time in $/GPU-hour (instead of --provider)" };
        public Option<double> Utilization { get; } = new("--utilization") { Description = "Share of paid GPU time spent generating, (0, 1]", DefaultValueFactory = _ => 1.0 };
        public Option<double> Pue { get; } = new("--pue") { Description = "Data-centre PUE for energy [default: 1.58, Uptime Institute 2023 average]", DefaultValueFactory = _ => Core.Cost.CostRequest.DefaultPue };
        public Option<string?> Catalog { get; } = new("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };
        public Option<string?> Calibration { get; } = new("--calibration") { Description = "Calibration file from `iwall calibrate` [default: the shipped one]" };
        public Option<string> Format { get; } = new("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        public Option<double?> GpuMinutes { get; } = new("--gpu-minutes") { Description = "Back-of-envelope: GPU minutes per clip" };
        public Option<double?> UsdPerGpuMinute { get; } = new("--usd-per-gpu-minute") { Description = "Back-of-envelope: $ per GPU-minute" };

        public IEnumerable<Option> All =>
        [
            Model, Gpu, Gpus, Ulysses, Ring, CfgParallel, TensorParallel, ShardWeights, Resolution, Frames, Steps, Cfg, Precision, Offload,
            AttentionKernel, Provider, Capacity, UsdPerGpuHour, Utilization, Pue, Catalog, Calibration, Format, GpuMinutes, UsdPerGpuMinute,
        ];

        public Values Read(ParseResult p) => new(
            p.GetValue(Model), p.GetValue(Gpu), p.GetValue(Gpus), p.GetValue(Ulysses), p.GetValue(Ring), p.GetValue(CfgParallel),
            p.GetValue(TensorParallel), p.GetValue(ShardWeights), p.GetValue(Resolution)!, p.GetValue(Frames), p.GetValue(Steps),
            p.GetValue(Cfg), p.GetValue(Precision)!, p.GetValue(Offload)!, p.GetValue(AttentionKernel)!, p.GetValue(Provider),
            p.GetValue(Capacity)!, p.GetValue(UsdPerGpuHour), p.GetValue(Utilization), p.GetValue(Pue), p.GetValue(Catalog),
            p.GetValue(Calibration), p.GetValue(Format)!, p.GetValue(GpuMinutes), p.GetValue(UsdPerGpuMinute));
    }
}
