using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Cost;

/// <summary>Achieved fraction of peak for dense matmuls and for attention.</summary>
public sealed record EfficiencyPair
{
    public required double Dense { get; init; }
    public required double Attention { get; init; }
}

/// <summary>
/// The fitted constants of the cost model. Produced by <c>iwall calibrate</c> from published measurements;
/// the shipped one (<c>data/calibration.json</c>) is fitted on the project's calibration set.
/// </summary>
public sealed record CostCalibration
{
    /// <summary>Efficiencies for a GPU whose family has no measurements.</summary>
    public required EfficiencyPair Global { get; init; }

    /// <summary>Efficiencies per GPU family (hopper, ampere, ada, blackwell).</summary>
    public ImmutableSortedDictionary<string, EfficiencyPair> Families { get; init; } = ImmutableSortedDictionary<string, EfficiencyPair>.Empty;

    /// <summary>Per-GPU multiplier on its family's efficiencies, where measurements on that GPU exist.</summary>
    public ImmutableSortedDictionary<string, double> GpuScale { get; init; } = ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>Multiplier on attention efficiency per attention kernel (sage2 quantizes attention, for example).</summary>
    public ImmutableSortedDictionary<string, double> AttentionKernelScale { get; init; } = ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>Multiplier on efficiency when running FP8 against the FP8 peak.</summary>
    public double Fp8Scale { get; init; } = 1.0;

    /// <summary>Multiplier on efficiency per inference stack (stacks.csv id), where measurements on that stack exist.</summary>
    public ImmutableSortedDictionary<string, double> StackScale { get; init; } = ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>Multiplier on the transformer's compute time when it runs compiled (torch.compile fuses and retunes kernels).</summary>
    public double CompiledScale { get; init; } = 1.0;

    /// <summary>
    /// Non-matmul work of attention per score and head, in tensor-core FLOP equivalents (exp, max and scaling run on the
    /// special-function units, which are two orders of magnitude slower than the tensor cores): attention costs
    /// <c>S² · heads · (4 · head_dim + this)</c>, so a small head dimension is slower per FLOP.
    /// </summary>
    public double SoftmaxFlopsPerScore { get; init; }

    /// <summary>Tokens per GPU at which matmul efficiency is half its large-sequence value (small matmuls do not fill the GPU).</summary>
    public double HalfEfficiencyTokens { get; init; }

    /// <summary>Seconds per transformer block per forward pass that no FLOP count explains (kernel launches, host synchronisation).</summary>
    public double LayerOverheadSeconds { get; init; }

    /// <summary>
    /// Passes over the block's activations (tokens × hidden, 16-bit) that memory-bound elementwise kernels make per
    /// block per forward (norms, modulation, gates, residuals, rotary embedding, activation functions), run at the GPU's
    /// memory bandwidth; compiling fuses them (the compiled factor applies).
    /// </summary>
    public double ElementwisePasses { get; init; }

    /// <summary>Share of the catalog's one-way GPU-link bandwidth a collective achieves, per link class (nvlink, pcie).</summary>
    public ImmutableSortedDictionary<string, double> LinkEfficiency { get; init; } = ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>Fixed time of one collective (all-to-all, all-reduce, gather): launch and synchronisation latency.</summary>
    public double CollectiveLatencySeconds { get; init; }

    /// <summary>Share of the BF16 peak the VAE decoder's convolutions achieve, where its work per pixel is counted in the catalog.</summary>
    public double VaeEfficiency { get; init; } = 0.3;

    /// <summary>VAE decoder work per output pixel (FLOPs) for a model whose VAE's work is not in the catalog, fitted.</summary>
    public required double VaeDecodeFlopsPerPixel { get; init; }

    /// <summary>
    /// FLOP/s the host CPU achieves on a text encoder that runs there (<see cref="CostRequest.TextEncoderOnCpu"/>),
    /// fitted on the rows that say so; the start where a file predates it.
    /// </summary>
    public double HostFlopsPerSecond { get; init; } = DefaultHostFlopsPerSecond;

    /// <summary>The start of the host rate: 1 TFLOP/s, a many-core server CPU running 16-bit matmuls.</summary>
    public const double DefaultHostFlopsPerSecond = 1e12;

    /// <summary>Per-clip time outside the modelled phases (scheduler setup, host work), fitted.</summary>
    public required double FixedSecondsPerClip { get; init; }

    /// <summary>
    /// Hypothetical hardware this many times faster than the catalog's peak: the ceiling on the achieved share of peak
    /// (and the efficiency lever of sweeps, sensitivity and Monte Carlo, which scales the efficiencies with it). Not
    /// fitted and not in the calibration file: a fit is always against today's peaks.
    /// </summary>
    [JsonIgnore]
    public double PeakScale { get; init; } = 1.0;

    /// <summary>What the constants were fitted on, for the record.</summary>
    public string FittedOn { get; init; } = string.Empty;
    public int RowsUsed { get; init; }

    public double DenseEfficiency(Gpu gpu, Precision precision) =>
        Family(gpu).Dense * Scale(gpu, precision);

    public double AttentionEfficiency(Gpu gpu, Precision precision, AttentionKernel kernel) =>
        Family(gpu).Attention * Scale(gpu, precision) * (AttentionKernelScale.TryGetValue(Words.AttentionKernel.Word(kernel), out var k) ? k : 1.0);

    /// <summary>
    /// The share of the GPU's peak a request's dense matmuls and its attention achieve, with every factor applied
    /// (family, GPU, precision, kernel, stack, compile), before the small-sequence fill and before any ceiling.
    /// </summary>
    public (double Dense, double Attention) AchievedShares(CostRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stack = StackFactor(request.Stack);
        var compile = CompileFactor(request);
        return (DenseEfficiency(request.Gpu, request.Precision) * stack / compile,
            AttentionEfficiency(request.Gpu, request.Precision, request.EffectiveAttentionKernel) * stack / compile);
    }

    /// <summary>The factor on the transformer's time: <see cref="CompiledScale"/> when the run is compiled, else 1.</summary>
    public double CompileFactor(CostRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.RunsCompiled ? CompiledScale : 1.0;
    }

    /// <summary>The stack's factor on efficiency; 1 for no stack or a stack without measurements.</summary>
    public double StackFactor(StackProfile? stack) => stack is not null && StackScale.TryGetValue(stack.Id, out var s) ? s : 1.0;

    /// <summary>The link class of a GPU's GPU-to-GPU link: nvlink (a switched or bridged fabric of 300 GB/s or more) or pcie.</summary>
    public static string LinkClass(Gpu gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return gpu.GpuLinkBandwidthBytesPerSecond >= NvlinkClassBytesPerSecond ? "nvlink" : "pcie";
    }

    /// <summary>Bidirectional GPU-link bandwidth from which a link counts as NVLink-class (PCIe Gen5 x16 is 128 GB/s).</summary>
    public const double NvlinkClassBytesPerSecond = 300e9;

    /// <summary>The achieved share of a GPU's link bandwidth (1 where not fitted).</summary>
    public double LinkShare(Gpu gpu) => LinkEfficiency.TryGetValue(LinkClass(gpu), out var e) ? e : 1.0;

    /// <summary>True when the GPU's family has fitted efficiencies (otherwise the global ones apply).</summary>
    public bool HasFamily(Gpu gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return Families.ContainsKey(gpu.Family);
    }

    private EfficiencyPair Family(Gpu gpu) => Families.TryGetValue(gpu.Family, out var pair) ? pair : Global;

    private double Scale(Gpu gpu, Precision precision) =>
        (GpuScale.TryGetValue(gpu.Id, out var s) ? s : 1.0) * (precision is Precision.Fp8 or Precision.Fp4 ? Fp8Scale : 1.0);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,

        // A misspelt key (familes) would otherwise fall back to the global efficiencies silently.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses a calibration file; returns null and an error message where it is not one.</summary>
    public static CostCalibration? FromJson(string json, out string? error)
    {
        try
        {
            var calibration = JsonSerializer.Deserialize<CostCalibration>(json, JsonOptions);
            error = calibration is null ? "the file is empty" : calibration.Problem();
            return error is null ? calibration : null;
        }
        catch (JsonException ex)
        {
            // The serializer's message names .NET types; say it in the file's words.
            var message = ex.Message.Replace($"type '{typeof(CostCalibration).FullName}'", "the calibration", StringComparison.Ordinal)
                .Replace($"'{typeof(CostCalibration).FullName}'", "the calibration", StringComparison.Ordinal)
                .Replace($"'{typeof(EfficiencyPair).FullName}'", "an efficiency pair (dense, attention)", StringComparison.Ordinal);
            var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
            error = $"not a calibration file: {(cut > 0 ? message[..cut] : message)}" + (ex.Path is { Length: > 0 } path ? $" (at {path}, line {ex.LineNumber + 1})" : string.Empty);
            return null;
        }
    }

    private string? Problem()
    {
        // The same bounds the calibrator holds its fits to: efficiencies are shares of peak, in (0, 1]; the per-GPU,
        // kernel and FP8 factors correct them and may pass 1, but a factor of ten on a published peak is no correction.
        static bool BadEfficiency(double v) => !double.IsFinite(v) || v <= 0 || v > 1;
        static bool BadFactor(double v) => !double.IsFinite(v) || v <= 0 || v > MaxFactor;
        if (Global is null || BadEfficiency(Global.Dense) || BadEfficiency(Global.Attention))
        {
            return "global: dense and attention efficiencies must be shares of peak in (0, 1]";
        }

        foreach (var (name, pair) in Families)
        {
            if (pair is null || BadEfficiency(pair.Dense) || BadEfficiency(pair.Attention))
            {
                return $"families.{name}: dense and attention efficiencies must be shares of peak in (0, 1]";
            }
        }

        if (GpuScale.Values.Any(BadFactor) || AttentionKernelScale.Values.Any(BadFactor) || StackScale.Values.Any(BadFactor) || BadFactor(Fp8Scale) || BadFactor(CompiledScale))
        {
            return $"gpu_scale, attention_kernel_scale, stack_scale, fp8_scale and compiled_scale must be positive factors of at most {MaxFactor}";
        }

        if (LinkEfficiency.Values.Any(BadEfficiency) || BadEfficiency(VaeEfficiency))
        {
            return "link_efficiency and vae_efficiency must be shares of peak in (0, 1]";
        }

        static bool BadAmount(double v) => !double.IsFinite(v) || v < 0;
        return BadAmount(VaeDecodeFlopsPerPixel) || BadAmount(FixedSecondsPerClip) || BadAmount(SoftmaxFlopsPerScore) || BadAmount(HalfEfficiencyTokens)
            || BadAmount(LayerOverheadSeconds) || BadAmount(ElementwisePasses) || BadAmount(CollectiveLatencySeconds)
            ? "vae_decode_flops_per_pixel, fixed_seconds_per_clip, softmax_flops_per_score, half_efficiency_tokens, layer_overhead_seconds, elementwise_passes and collective_latency_seconds must be non-negative numbers"
            : !double.IsFinite(HostFlopsPerSecond) || HostFlopsPerSecond <= 0
                ? "host_flops_per_second must be a positive rate"
                : null;
    }

    /// <summary>The largest correction factor a calibration file may hold.</summary>
    public const double MaxFactor = 10;

    /// <summary>The calibration shipped in <c>data/calibration.json</c>.</summary>
    public static CostCalibration Shipped()
    {
        var calibration = FromJson(EmbeddedData.Read("calibration.json"), out var error);
        return calibration ?? throw new InvalidOperationException("embedded calibration.json is invalid: " + error);
    }
}
