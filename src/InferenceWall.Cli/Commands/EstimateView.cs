using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary>Renders one estimate as tables or as one JSON object.</summary>
internal sealed class EstimateView(CostRequest request, CostEstimate estimate, GpuPrice? quote, int alternatives, CostCalibration calibration)
{
    private string Title()
    {
        var plan = request.Plan;
        var degrees = new List<string>();
        if (plan.Ulysses > 1)
        {
            degrees.Add($"ulysses {plan.Ulysses}");
        }

        if (plan.Ring > 1)
        {
            degrees.Add($"ring {plan.Ring}");
        }

        if (plan.CfgParallel > 1)
        {
            degrees.Add($"cfg-parallel {plan.CfgParallel}");
        }

        if (plan.TensorParallel > 1)
        {
            degrees.Add($"tensor-parallel {plan.TensorParallel}");
        }

        var cfg = request.Clip.Cfg ?? request.Model.UsesCfg;
        return $"{request.Model.Id} on {plan.Gpus} × {request.Gpu.Id}" + (degrees.Count > 0 ? $" ({string.Join(", ", degrees)})" : string.Empty) +
            $" · {request.Clip.WidthPixels}×{request.Clip.HeightPixels} · {request.Clip.Frames} frames · {request.Clip.Steps} steps · CFG {(cfg ? "on" : "off")} · {Words.Precision.Word(request.Precision)}";
    }

    public void Render(IAnsiConsole console)
    {
        console.WriteLine(Title());
        var phases = new Table().Border(TableBorder.Rounded).Title("Phases of one clip");
        phases.AddColumn("phase");
        phases.AddColumn(new TableColumn("work (PFLOP)").RightAligned());
        phases.AddColumn(new TableColumn("compute (s)").RightAligned());
        phases.AddColumn(new TableColumn("weights from memory (s)").RightAligned());
        phases.AddColumn(new TableColumn("communication (s)").RightAligned());
        phases.AddColumn(new TableColumn("wall time (s)").RightAligned());
        phases.AddColumn(new TableColumn("GPUs busy").RightAligned());
        foreach (var p in estimate.Phases)
        {
            phases.AddRow(Words.Phase.Word(p.Phase), Fmt.Sig(p.Flops / Units.Peta), Fmt.Sig(p.ComputeSeconds), Fmt.Sig(p.MemorySeconds), Fmt.Sig(p.CommunicationSeconds),
                Fmt.Sig(p.Seconds), p.GpusBusy.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(phases);

        var summary = new Table().Border(TableBorder.Rounded).Title("Per clip");
        summary.AddColumn("quantity");
        summary.AddColumn(new TableColumn("value").RightAligned());
        summary.AddRow("latent tokens (video)", estimate.LatentTokens.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        summary.AddRow("seconds per denoising step", Fmt.Sig(estimate.StepSeconds));
        summary.AddRow("latency (s)", Fmt.Sig(estimate.LatencySeconds));
        summary.AddRow("GPU-seconds", Fmt.Sig(estimate.GpuSeconds));
        summary.AddRow("GPU-minutes", Fmt.Sig(estimate.GpuSeconds / Units.SecondsPerMinute));
        summary.AddRow("peak memory per GPU (GB)", $"{Fmt.Sig(estimate.PeakMemoryBytes / Units.Giga, 3)} of {Fmt.Sig(estimate.MemoryCapacityBytes / Units.Giga, 3)}");
        summary.AddRow($"energy at PUE {Fmt.Sig(request.Pue, 3)} (kWh)", Fmt.Sig(estimate.EnergyKwh));
        if (estimate.UsdPerGpuHour is { } price)
        {
            summary.AddRow("price ($/GPU-hour)", Fmt.Sig(price) + (quote is null ? " (given)" : $" ({quote.ProviderName} {quote.Sku}, {quote.PricingModel}, as of {quote.Provenance.AsOf})"));
        }

        if (request.Utilization < 1)
        {
            summary.AddRow("utilization of paid GPU time", Fmt.Sig(request.Utilization, 3));
        }

        summary.AddRow("cost per clip ($)", estimate.CostUsd is { } c ? Fmt.Usd(c) : "no price: give --provider or --usd-per-gpu-hour");
        console.Write(summary);
        if (quote is not null)
        {
            console.WriteLine($"price source: {quote.Provenance.Source}" + (alternatives > 0 ? $" ({alternatives} other quote(s): iwall catalog prices --provider {quote.Provider} --gpu {quote.GpuId})" : string.Empty));
        }

        console.WriteLine($"calibration: {calibration.FittedOn} ({calibration.RowsUsed} rows)");
        foreach (var note in estimate.Notes)
        {
            console.WriteLine("note: " + note);
        }
    }

    public object Json() => new Dictionary<string, object?>
    {
        ["model"] = request.Model.Id,
        ["gpu"] = request.Gpu.Id,
        ["gpus"] = request.Plan.Gpus,
        ["parallel"] = new
        {
            ulysses = request.Plan.Ulysses,
            ring = request.Plan.Ring,
            cfg_parallel = request.Plan.CfgParallel,
            tensor_parallel = request.Plan.TensorParallel,
            shard_weights = request.Plan.ShardWeights,
        },
        ["clip"] = new
        {
            width = request.Clip.WidthPixels,
            height = request.Clip.HeightPixels,
            frames = request.Clip.Frames,
            steps = request.Clip.Steps,
            cfg = request.Clip.Cfg ?? request.Model.UsesCfg,
            precision = Words.Precision.Word(request.Precision),
        },
        ["latent_tokens"] = estimate.LatentTokens,
        ["sequence_tokens"] = estimate.SequenceTokens,
        ["step_seconds"] = estimate.StepSeconds,
        ["latency_s"] = estimate.LatencySeconds,
        ["gpu_seconds"] = estimate.GpuSeconds,
        ["peak_memory_bytes"] = estimate.PeakMemoryBytes,
        ["memory_capacity_bytes"] = estimate.MemoryCapacityBytes,
        ["energy_kwh"] = estimate.EnergyKwh,
        ["pue"] = request.Pue,
        ["total_flops"] = estimate.TotalFlops,
        ["usd_per_gpu_hour"] = estimate.UsdPerGpuHour,
        ["utilization"] = request.Utilization,
        ["cost_usd"] = estimate.CostUsd,
        ["price"] = quote is null ? null : new
        {
            provider = quote.Provider,
            sku = quote.Sku,
            pricing_model = quote.PricingModel,
            capacity_class = EstimateCommand.ClassName(quote.CapacityClass),
            as_of = quote.Provenance.AsOf,
            source = quote.Provenance.Source,
            other_quotes = alternatives,
        },
        ["phases"] = estimate.Phases.Select(p => new
        {
            name = Words.Phase.Word(p.Phase),
            flops = p.Flops,
            compute_s = p.ComputeSeconds,
            memory_s = p.MemorySeconds,
            communication_s = p.CommunicationSeconds,
            seconds = p.Seconds,
            gpus_busy = p.GpusBusy,
        }),
        ["calibration"] = calibration.FittedOn,
        ["notes"] = estimate.Notes,
    };
}
