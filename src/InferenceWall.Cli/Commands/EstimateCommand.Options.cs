using System.CommandLine;

namespace InferenceWall.Cli.Commands;

internal static partial class EstimateCommand
{
    /// <summary>The options as typed: numbers stay text until <see cref="OptionText"/> reads them in the invariant format.</summary>
    internal sealed record Values(
        string? Model, string? Gpu, string? Gpus, string? Ulysses, string? Ring, string? CfgParallel, string? TensorParallel, bool ShardWeights,
        string Resolution, string? Frames, string? Steps, string? Cfg, string Precision, string Offload, string AttentionKernel,
        string? Stack, bool Compiled, bool NoCompiled, bool TextEncoderOnCpu, string? LoadGbps,
        string? Provider, string Capacity, string? UsdPerGpuHour, string? Utilization, string? Pue, string? CatalogDir, string? CalibrationFile,
        string Format, string? GpuMinutes, string? UsdPerGpuMinute);

    private sealed class Options
    {
        public Option<string?> Model { get; } = new("--model", "-m") { Description = "Video model id or name (iwall catalog models)" };
        public Option<string?> Gpu { get; } = new("--gpu", "-g") { Description = "GPU id or name (iwall catalog gpus)" };
        public Option<string?> Gpus { get; } = new("--gpus") { Description = "GPUs per clip [default: 1]" };
        public Option<string?> Ulysses { get; } = new("--ulysses") { Description = "Ulysses sequence-parallel degree; must divide the model's attention heads [default: --gpus when no other degree is given]" };
        public Option<string?> Ring { get; } = new("--ring") { Description = "Ring-attention degree [default: 1]" };
        public Option<string?> CfgParallel { get; } = new("--cfg-parallel") { Description = "CFG-parallel degree, 1 or 2 [default: 1]" };
        public Option<string?> TensorParallel { get; } = new("--tensor-parallel") { Description = "Tensor-parallel degree [default: 1]" };
        public Option<bool> ShardWeights { get; } = new("--shard-weights") { Description = "Shard weights across the GPUs (FSDP)" };
        public Option<string> Resolution { get; } = new("--resolution", "-r") { Description = "Output size WIDTHxHEIGHT in pixels, each at most 16384", DefaultValueFactory = _ => "1280x720" };
        public Option<string?> Frames { get; } = new("--frames", "-f") { Description = "Output frames, at most 100000 [default: 81]" };
        public Option<string?> Steps { get; } = new("--steps", "-s") { Description = "Denoising steps, at most 10000 [default: the model's]" };
        public Option<string?> Cfg { get; } = new("--cfg") { Description = "Classifier-free guidance true|false [default: the model's]" };
        public Option<string> Precision { get; } = new("--precision") { Description = "bf16|fp16|fp8|int8|fp8_weight|fp4 (int8 and fp8_weight = weight-only: 1-byte weights, 16-bit math; fp4 = NVFP4 where the GPU has an FP4 peak)", DefaultValueFactory = _ => "bf16" };
        public Option<string> Offload { get; } = new("--offload") { Description = "none|model|sequential|block weight offload to host memory (block = block-by-block prefetch)", DefaultValueFactory = _ => "none" };
        public Option<string> AttentionKernel { get; } = new("--attention-kernel") { Description = "default|fa2|fa3|sage2|cudnn", DefaultValueFactory = _ => "default" };
        public Option<string?> Stack { get; } = new("--stack") { Description = "Inference stack id from the catalog's stacks.csv [default: diffusers where the catalog lists it, else none]" };
        public Option<bool> Compiled { get; } = new("--compiled") { Description = "The transformer runs compiled (torch.compile) [default: as the stack does]" };
        public Option<bool> NoCompiled { get; } = new("--no-compiled") { Description = "The transformer runs eager, not compiled [default: as the stack does]" };
        public Option<bool> TextEncoderOnCpu { get; } = new("--text-encoder-on-cpu") { Description = "The text encoder runs on the host CPU, off the GPU (Wan's --t5_cpu) [default: on the GPU]" };
        public Option<string?> LoadGbps { get; } = new("--load-gbps") { Description = "Cold start: load bandwidth from storage to each GPU in GB/s [default: 1.28, the stock safetensors loader]" };
        public Option<string?> Provider { get; } = new("--provider", "-p") { Description = "Price the GPU time at this provider's catalog price (iwall catalog prices): the lowest $/GPU-hour of its current quotes" };
        public Option<string> Capacity { get; } = new("--capacity") { Description = "on_demand|reserved|spot price with --provider", DefaultValueFactory = _ => "on_demand" };
        public Option<string?> UsdPerGpuHour { get; } = new("--usd-per-gpu-hour") { Description = "Price of GPU time in $/GPU-hour, e.g. 4.29 (instead of --provider)" };
        public Option<string?> Utilization { get; } = new("--utilization") { Description = "Share of paid GPU time spent generating, (0, 1] [default: 1]" };
        public Option<string?> Pue { get; } = new("--pue") { Description = "Data-centre PUE for energy, 1 to 5 [default: 1.58, Uptime Institute 2023 average]" };
        public Option<string?> Catalog { get; } = new("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };
        public Option<string?> Calibration { get; } = new("--calibration") { Description = "Calibration file from `iwall calibrate` [default: the shipped one]" };
        public Option<string> Format { get; } = new("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        public Option<string?> GpuMinutes { get; } = new("--gpu-minutes") { Description = "Back-of-envelope: minutes one clip takes (wall-clock, on each of its --gpus GPUs)" };
        public Option<string?> UsdPerGpuMinute { get; } = new("--usd-per-gpu-minute") { Description = "Back-of-envelope: $ per GPU-minute" };

        public IEnumerable<Option> All =>
        [
            Model, Gpu, Gpus, Ulysses, Ring, CfgParallel, TensorParallel, ShardWeights, Resolution, Frames, Steps, Cfg, Precision, Offload,
            AttentionKernel, Stack, Compiled, NoCompiled, TextEncoderOnCpu, LoadGbps, Provider, Capacity, UsdPerGpuHour, Utilization, Pue, Catalog, Calibration, Format, GpuMinutes, UsdPerGpuMinute,
        ];

        public Values Read(ParseResult p) => new(
            p.GetValue(Model), p.GetValue(Gpu), p.GetValue(Gpus), p.GetValue(Ulysses), p.GetValue(Ring), p.GetValue(CfgParallel),
            p.GetValue(TensorParallel), p.GetValue(ShardWeights), p.GetValue(Resolution)!, p.GetValue(Frames), p.GetValue(Steps),
            p.GetValue(Cfg), p.GetValue(Precision)!, p.GetValue(Offload)!, p.GetValue(AttentionKernel)!,
            p.GetValue(Stack), p.GetValue(Compiled), p.GetValue(NoCompiled), p.GetValue(TextEncoderOnCpu), p.GetValue(LoadGbps), p.GetValue(Provider),
            p.GetValue(Capacity)!, p.GetValue(UsdPerGpuHour), p.GetValue(Utilization), p.GetValue(Pue), p.GetValue(Catalog),
            p.GetValue(Calibration), p.GetValue(Format)!, p.GetValue(GpuMinutes), p.GetValue(UsdPerGpuMinute));
    }
}
