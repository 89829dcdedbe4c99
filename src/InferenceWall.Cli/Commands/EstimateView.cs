using System.Globalization;
using InferenceWall.Application.Estimate;
using InferenceWall.Core;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary>Renders one estimate as tables.</summary>
internal static class EstimateView
{
    private static string Title(EstimateResponse r)
    {
        var plan = r.Parallel;
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

        return $"{r.Model} on {r.Gpus} × {r.Gpu}" + (degrees.Count > 0 ? $" ({string.Join(", ", degrees)})" : string.Empty) +
            $" · {r.Clip.Width}×{r.Clip.Height} · {r.Clip.Frames} frames · {r.Clip.Steps} steps · CFG {(r.Clip.Cfg ? "on" : "off")} · {Words.Precision.Word(r.Clip.Precision)}" +
            $" · stack {r.Stack ?? "none"} · {(r.Compiled ? "compiled" : "eager")}" + (r.TextEncoderOnCpu ? " · text encoder on CPU" : string.Empty);
    }

    public static void Render(IAnsiConsole console, EstimateResponse r, bool priceGiven)
    {
        console.WriteLine(Title(r));
        var phases = new Table().Border(TableBorder.Rounded).Title("Phases of one clip");
        phases.AddColumn("phase");
        phases.AddColumn(new TableColumn("work (PFLOP)").RightAligned());
        phases.AddColumn(new TableColumn("compute (s)").RightAligned());
        phases.AddColumn(new TableColumn("weights from memory (s)").RightAligned());
        phases.AddColumn(new TableColumn("communication (s)").RightAligned());
        phases.AddColumn(new TableColumn("wall time (s)").RightAligned());
        phases.AddColumn(new TableColumn("GPUs busy").RightAligned());
        foreach (var p in r.Phases)
        {
            phases.AddRow(Words.Phase.Word(p.Name), Fmt.Sig(p.Flops / Units.Peta), Fmt.Sig(p.ComputeS), Fmt.Sig(p.MemoryS), Fmt.Sig(p.CommunicationS),
                Fmt.Sig(p.Seconds), p.GpusBusy.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(phases);

        var summary = new Table().Border(TableBorder.Rounded).Title("Per clip");
        summary.AddColumn("quantity");
        summary.AddColumn(new TableColumn("value").RightAligned());
        summary.AddRow("latent tokens (video)", r.LatentTokens.ToString("N0", CultureInfo.InvariantCulture));
        summary.AddRow("seconds per denoising step", Fmt.Sig(r.StepSeconds));
        summary.AddRow("latency (s)", Fmt.Sig(r.LatencyS));
        summary.AddRow("GPU-seconds", Fmt.Sig(r.GpuSeconds));
        summary.AddRow("GPU-minutes", Fmt.Sig(r.GpuSeconds / Units.SecondsPerMinute));
        summary.AddRow("peak memory per GPU (GB)", $"{Fmt.Sig(r.PeakMemoryBytes / Units.Giga, 3)} of {Fmt.Sig(r.MemoryCapacityBytes / Units.Giga, 3)}");
        summary.AddRow($"energy at PUE {Fmt.Sig(r.Pue, 3)} (kWh)", Fmt.Sig(r.EnergyKwh));
        if (r.UsdPerGpuHour is { } price)
        {
            var quote = r.Price;
            var basis = quote is null
                ? (priceGiven ? " (given)" : string.Empty)
                : $" ({quote.ProviderName} {quote.Sku}, {quote.PricingModel}, {(quote.Undated ? "undated" : "as of " + quote.AsOf)})";
            summary.AddRow("price ($/GPU-hour)", Markup.Escape(Fmt.Sig(price) + basis));
        }

        if (r.Utilization < 1)
        {
            summary.AddRow("utilization of paid GPU time", Fmt.Sig(r.Utilization, 3));
        }

        summary.AddRow("cost per clip ($)", r.CostUsd is { } c ? Fmt.Usd(c) : "no price: give --provider or --usd-per-gpu-hour");
        console.Write(summary);
        var cold = r.ColdStart;
        console.WriteLine($"cold start (once per replica start, not per clip): {Fmt.Sig(cold.Seconds)} s to load {Fmt.Sig(cold.Bytes / Units.Giga, 3)} GB per GPU at {Fmt.Sig(cold.LoadGbps, 3)} GB/s " +
            $"(transformer {Fmt.Sig(cold.TransformerBytes / Units.Giga, 3)} GB, text encoder {Fmt.Sig(cold.TextEncoderBytes / Units.Giga, 3)} GB, VAE {Fmt.Sig(cold.VaeBytes / Units.Giga, 3)} GB)");
        if (r.Price is { } q)
        {
            console.WriteLine($"price source: {q.Source}");
            console.WriteLine($"price chosen: {q.ChosenBy}");
            if (q.OtherQuotes > 0)
            {
                console.WriteLine($"other quotes: {q.OtherQuotes} (iwall catalog prices --provider {q.Provider} --gpu {r.Gpu})");
            }
        }

        console.WriteLine($"calibration: {r.Calibration} ({r.CalibrationRows} rows)");
        foreach (var note in r.Notes)
        {
            console.WriteLine("note: " + note);
        }
    }
}
