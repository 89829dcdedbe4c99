using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Calibration;

/// <summary>
/// Turns measurements into cost requests against a catalog, or says why a row cannot be predicted.
/// The assumptions made for a row (unknown precision taken as bf16, for example) are recorded on it.
/// </summary>
public static class MeasurementPreparer
{
    /// <summary>Memory fit does not depend on the fitted constants, so any calibration serves to test it.</summary>
    private static CostCalibration CostCalibrationForScreening => Calibrator.Start;

    public static PreparedRow Prepare(Measurement m, VideoCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(catalog);
        PreparedRow Skip(string reason) => new(m, null, reason, string.Empty);

        if (m.Scope == MeasurementScope.MemoryOnly)
        {
            return Skip("memory-only row: no latency to predict");
        }

        if (m.Gpu == "UNKNOWN")
        {
            return Skip("GPU model not stated");
        }

        var gpu = catalog.FindGpu(m.Gpu);
        if (gpu.Value is null)
        {
            return Skip(NotFound("GPU", m.Gpu, gpu.Suggestions, "gpus.csv"));
        }

        var model = catalog.FindModel(m.Model);
        if (model.Value is null)
        {
            return Skip(NotFound("model", m.Model, model.Suggestions, "models.csv"));
        }

        var stack = catalog.FindStack(m.Stack);
        if (stack.Value is null)
        {
            return Skip(NotFound("stack", m.Stack, stack.Suggestions, "stacks.csv"));
        }

        if (m.Steps is not { } steps)
        {
            return Skip("number of denoising steps not stated");
        }

        // A step cache (TeaCache, PAB, First-Block-Cache...) skips a share of the steps that its setting sets: the
        // catalog's step-cache lever measured as that setting for this model prices it. A distilled model is not a
        // cache: it runs the steps the row states.
        LeverSpec? cache = null;
        if (m.StepCache != "none" && !m.StepCache.StartsWith("other:distill", StringComparison.Ordinal))
        {
            cache = catalog.Levers.FirstOrDefault(l => l.Kind == LeverKind.StepCache && string.Equals(l.MeasuredAs, m.StepCache, StringComparison.Ordinal)
                && l.Models.Contains(model.Value.Id, StringComparer.OrdinalIgnoreCase));
            if (cache is null)
            {
                return Skip($"step cache {m.StepCache} on {model.Value.Id}: no step_cache lever in levers.csv is measured as this setting for this model");
            }
        }

        if (m.AttentionKernel == "other:sta")
        {
            return Skip("sliding tile attention computes a sparse subset of attention; not modelled");
        }

        if (!Words.AttentionKernel.TryParse(m.AttentionKernel, out var kernel))
        {
            return Skip($"attention kernel {m.AttentionKernel} is not one the cost model knows ({Words.AttentionKernel.Allowed})");
        }

        var assumptions = new List<string>();
        Precision precision;
        switch (m.Precision)
        {
            case "fp8": precision = Precision.Fp8; break;
            case "fp8_weight": precision = Precision.Fp8Weight; break;
            case "fp4": precision = Precision.Fp4; break;
            case "fp16": precision = Precision.Fp16; break;
            case "bf16": precision = Precision.Bf16; break;
            case "int8":
                precision = Precision.Int8;
                assumptions.Add("int8 taken as weight-only (1-byte weights, bf16-rate math)");
                break;
            default:
                precision = Precision.Bf16;
                assumptions.Add("precision not stated: bf16 (the released precision) assumed");
                break;
        }

        if (precision == Precision.Fp8 && gpu.Value.Fp8DenseFlopsPerSecond is null)
        {
            precision = Precision.Bf16;
            assumptions.Add($"fp8 on {gpu.Value.Id} (no FP8 peak in the catalog): bf16 rate used");
        }

        if (m.Cfg is null)
        {
            assumptions.Add($"cfg not stated: the model default ({(model.Value.UsesCfg ? "on" : "off")}) assumed");
        }

        var request = new CostRequest
        {
            Model = model.Value,
            Gpu = gpu.Value,
            Clip = new ClipSpec { WidthPixels = m.Width, HeightPixels = m.Height, Frames = m.Frames, Steps = steps, Cfg = m.Cfg },
            Plan = new ParallelPlan
            {
                Gpus = m.NumGpus,
                Ulysses = m.Ulysses,
                Ring = m.Ring,
                CfgParallel = m.CfgParallel,
                TensorParallel = m.TensorParallel,
                ShardWeights = m.Notes.Contains("FSDP", StringComparison.OrdinalIgnoreCase),
            },
            Precision = precision,
            Offload = m.Offload switch
            {
                MeasuredOffload.None => OffloadMode.None,
                MeasuredOffload.Block => OffloadMode.Block,
                MeasuredOffload.Sequential => OffloadMode.Sequential,
                _ => OffloadMode.Model,
            },
            AttentionKernel = kernel,
            Stack = stack.Value,
            Compiled = m.Compiled,
            TextEncoderOnCpu = m.Notes.Contains("t5_cpu", StringComparison.OrdinalIgnoreCase),
            ComputedStepShare = cache?.Share ?? 1.0,
        };
        if (cache is not null)
        {
            assumptions.Add($"step cache {m.StepCache} priced by lever {cache.Id}: the transformer on {cache.Share!.Value:0.###} of the steps");
        }
        // offload=true says only that something was offloaded. Whole-component offload is the light form; where the
        // transformer's weights alone do not fit, the run must have streamed them (block or sequential offload).
        if (m.Offload == MeasuredOffload.Unstated && ClipCost.Estimate(request, CostCalibrationForScreening).Estimate is null)
        {
            var sequential = request with { Offload = OffloadMode.Sequential };
            if (ClipCost.Estimate(sequential, CostCalibrationForScreening).Estimate is not null)
            {
                request = sequential;
                assumptions.Add("offload taken as sequential (weights streamed per block): whole-model offload does not fit");
            }
        }

        return new PreparedRow(m, request, null, string.Join("; ", assumptions)) { Lever = cache?.Id };
    }

    /// <summary>An unknown name, the nearest known ones, and the catalog file that lists them (no command named).</summary>
    private static string NotFound(string kind, string name, IReadOnlyList<string> suggestions, string catalogFile) =>
        $"unknown {kind} '{name}'" +
        (suggestions.Count > 0 ? $"; did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?" : string.Empty) +
        $" (the catalog's {catalogFile} lists them)";
}
