using System.Collections.Immutable;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;
using InferenceWall.Core.Text;

namespace InferenceWall.Application.Estimate;

/// <summary>The cost of one clip: from the model's physics (<see cref="Run"/>) or from the back-of-envelope (<see cref="BackOfEnvelope"/>).</summary>
public static class EstimateUseCase
{
    /// <summary>Most GPU-minutes per clip the back-of-envelope takes (about two GPU-years).</summary>
    public const double MaxGpuMinutes = 1_000_000;

    /// <summary>Largest $/GPU-minute the back-of-envelope takes.</summary>
    public const double MaxUsdPerGpuMinute = CostLimits.MaxUsdPerGpuHour / 60;

    /// <summary>
    /// Validates the whole request (names, price, limits, plan, precision), collecting every problem with its domain
    /// path, then estimates. A plan that does not fit in memory is the one <see cref="ProblemKind.Infeasible"/> answer.
    /// </summary>
    public static Outcome<EstimateResponse> Run(EstimateRequest request, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var catalog = data.Catalog;
        var problems = new List<Problem>();

        var model = Find(request.Model, "model", "models.csv", catalog.FindModel, problems);
        var gpu = Find(request.Gpu, "gpu", "GPU", "gpus.csv", catalog.FindGpu, problems);
        var choice = Price(request, catalog, gpu, problems);
        var (stack, stackProblem) = Core.Economics.ClipCosting.Stack(catalog, request.Stack, "stack");
        if (stackProblem is not null)
        {
            problems.Add(stackProblem);
        }

        if (ModelLoading.CheckBandwidth("load_gbps", request.LoadGbps) is { } load)
        {
            problems.Add(load);
        }

        int Narrow(long value, Func<long, Problem?> check)
        {
            if (value is >= int.MinValue and <= int.MaxValue)
            {
                return (int)value;
            }

            // Past int's range the limit check always refuses; 1 stands in so the remaining checks still run.
            problems.Add(check(value) ?? Problem.LimitExceeded(string.Empty, "a count is out of range"));
            return 1;
        }

        Problem? Degree(string path, long value) => CostLimits.Degree(path, value)?.Under("plan");
        var noDegree = request.Ulysses is null && request.Ring is null && request.CfgParallel is null && request.TensorParallel is null;
        var plan = new ParallelPlan
        {
            Gpus = Narrow(request.Gpus, v => Degree("gpus", v)),
            Ulysses = Narrow(request.Ulysses ?? (noDegree ? request.Gpus : 1), v => Degree("ulysses", v)),
            Ring = Narrow(request.Ring ?? 1, v => Degree("ring", v)),
            CfgParallel = Narrow(request.CfgParallel ?? 1, v => Degree("cfg_parallel", v)),
            TensorParallel = Narrow(request.TensorParallel ?? 1, v => Degree("tensor_parallel", v)),
            ShardWeights = request.ShardWeights,
        };
        var clip = new ClipSpec
        {
            WidthPixels = Narrow(request.Width, CostLimits.Width),
            HeightPixels = Narrow(request.Height, CostLimits.Height),
            Frames = Narrow(request.Frames, CostLimits.Frames),
            Steps = Narrow(request.Steps ?? model?.DefaultSteps ?? 1, CostLimits.Steps),
            Cfg = request.Cfg,
        };
        var usdPerGpuHour = choice?.Quote.UsdPerGpuHour ?? request.UsdPerGpuHour;
        if (model is null || gpu is null)
        {
            problems.AddRange(ClipCost.CheckSettings(clip, plan, request.Utilization, request.Pue, usdPerGpuHour));
            return Outcome<EstimateResponse>.Fail(problems);
        }

        var cost = new CostRequest
        {
            Model = model,
            Gpu = gpu,
            Clip = clip,
            Plan = plan,
            Precision = request.Precision,
            Offload = request.Offload,
            AttentionKernel = request.AttentionKernel,
            Stack = stack,
            Compiled = request.Compiled,
            TextEncoderOnCpu = request.TextEncoderOnCpu,
            UsdPerGpuHour = usdPerGpuHour,
            Utilization = request.Utilization,
            Pue = request.Pue,
        };
        problems.AddRange(ClipCost.Check(cost));
        if (problems.Count > 0)
        {
            return Outcome<EstimateResponse>.Fail(problems);
        }

        var outcome = ClipCost.Estimate(cost, data.Calibration);
        if (outcome.Estimate is not { } estimate)
        {
            return Outcome<EstimateResponse>.Fail(outcome.Problems.Select(p =>
                p.Kind == ProblemKind.Infeasible ? p with { Message = $"{model.Id} on {plan.Gpus} × {gpu.Id}: {p.Message}" } : p));
        }

        var coldStart = ModelLoading.PerGpu(model, cost.Precision, plan, ModelLoading.Vae(catalog, model), request.LoadGbps);
        return Outcome<EstimateResponse>.Ok(Response(cost, estimate, choice, coldStart, data.Calibration));
    }

    /// <summary>$/GPU-minute × GPUs × GPU-minutes, with every input checked against its range and limit.</summary>
    public static Outcome<BackOfEnvelopeResponse> BackOfEnvelope(BackOfEnvelopeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<Problem>();
        var minutes = Amount(request.GpuMinutes, "gpu_minutes", "GPU-minutes per clip", MaxGpuMinutes, problems);
        var price = Amount(request.UsdPerGpuMinute, "usd_per_gpu_minute", "$ per GPU-minute", MaxUsdPerGpuMinute, problems);
        if (CostLimits.Degree("gpus", request.Gpus) is { } gpus)
        {
            problems.Add(gpus);
        }

        if (problems.Count > 0)
        {
            return Outcome<BackOfEnvelopeResponse>.Fail(problems);
        }

        var count = (int)request.Gpus;
        return Outcome<BackOfEnvelopeResponse>.Ok(new BackOfEnvelopeResponse
        {
            GpuMinutes = minutes,
            Gpus = count,
            UsdPerGpuMinute = price,
            GpuSeconds = minutes * Units.SecondsPerMinute * count,
            CostUsd = Core.Cost.BackOfEnvelope.CostUsd(minutes, count, price),
        });
    }

    private static double Amount(double? value, string path, string what, double max, List<Problem> problems)
    {
        switch (value)
        {
            case null:
                problems.Add(Problem.BadInput(path, $"the back-of-envelope needs {path} ({what})"));
                return 0;
            case { } v when !double.IsFinite(v) || v < 0:
                problems.Add(Problem.BadInput(path, $"{path} must be a non-negative number ({what})"));
                return 0;
            case { } v when v > max:
                problems.Add(Problem.LimitExceeded(path, $"{path} is {v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}; the limit is {max.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}"));
                return 0;
            default:
                return value.Value;
        }
    }

    private static T? Find<T>(string? name, string path, string catalogFile, Func<string, Lookup<T>> find, List<Problem> problems)
        where T : class => Find(name, path, path, catalogFile, find, problems);

    private static T? Find<T>(string? name, string path, string kind, string catalogFile, Func<string, Lookup<T>> find, List<Problem> problems)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(Problem.BadInput(path, $"no {kind} given", $"give a {kind} the catalog lists ({catalogFile})"));
            return null;
        }

        var found = find(name);
        if (found.Value is null)
        {
            problems.Add(found.NotFound(path, kind, name, catalogFile));
        }

        return found.Value;
    }

    /// <summary>The catalog quote for the provider, or null when the price is given (or absent); problems for an unknown provider or a missing quote.</summary>
    private static PriceChoice? Price(EstimateRequest request, VideoCatalog catalog, Gpu? gpu, List<Problem> problems)
    {
        if (request.Provider is null)
        {
            return null;
        }

        if (request.UsdPerGpuHour is not null)
        {
            problems.Add(Problem.BadInput("usd_per_gpu_hour", "usd_per_gpu_hour and provider both set the price", "give one of them"));
        }

        var providers = catalog.ProviderIds.ToList();
        if (!providers.Contains(request.Provider, StringComparer.OrdinalIgnoreCase))
        {
            var near = NameMatcher.Nearest(request.Provider, providers);
            problems.Add(Problem.NotFound("provider",
                $"unknown provider '{request.Provider}'" + (near.Count > 0 ? $"; did you mean {string.Join(", ", near.Select(n => $"'{n}'"))}?" : string.Empty),
                "give a provider the catalog lists (prices.csv)"));
            return null;
        }

        if (gpu is null)
        {
            return null;
        }

        var choice = catalog.ChoosePrice(request.Provider, gpu.Id, request.Capacity);
        if (choice is null)
        {
            var offered = catalog.Prices.Where(p => string.Equals(p.Provider, request.Provider, StringComparison.OrdinalIgnoreCase))
                .Select(p => $"{p.GpuId} {Words.Capacity.Word(p.CapacityClass)}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            problems.Add(Problem.NotFound("provider",
                $"no {Words.Capacity.Word(request.Capacity)} price for {gpu.Id} at '{request.Provider}' in the catalog; it lists: {string.Join(", ", offered)}",
                "give usd_per_gpu_hour, or another provider or capacity"));
        }

        return choice;
    }

    private static EstimateResponse Response(CostRequest request, CostEstimate estimate, PriceChoice? choice, ModelLoad coldStart, CostCalibration calibration)
    {
        var notes = estimate.Notes;
        if (choice is { Undated: true })
        {
            notes = notes.Add($"price: the {choice.Quote.ProviderName} quote is undated (no quote for {choice.Quote.GpuId} {Words.Capacity.Word(choice.Quote.CapacityClass)} there carries a date)");
        }

        var unsized = new List<string>();
        if (coldStart.TextEncoderBytes == 0)
        {
            unsized.Add("text encoder");
        }

        if (coldStart.VaeBytes == 0)
        {
            unsized.Add("VAE decoder");
        }

        if (unsized.Count > 0)
        {
            notes = notes.Add($"cold start: the catalog gives no size for {request.Model.Id}'s {string.Join(" or ", unsized)}, so its load is not counted");
        }

        var plan = request.Plan;
        return new EstimateResponse
        {
            Model = request.Model.Id,
            Gpu = request.Gpu.Id,
            Gpus = plan.Gpus,
            Parallel = new EstimatePlan(plan.Ulysses, plan.Ring, plan.CfgParallel, plan.TensorParallel, plan.ShardWeights),
            Clip = new EstimateClip(request.Clip.WidthPixels, request.Clip.HeightPixels, request.Clip.Frames, request.Clip.Steps,
                request.Clip.Cfg ?? request.Model.UsesCfg, request.Precision),
            Stack = request.Stack?.Id,
            Compiled = request.RunsCompiled,
            TextEncoderOnCpu = request.TextEncoderOnCpu,
            LatentTokens = estimate.LatentTokens,
            SequenceTokens = estimate.SequenceTokens,
            StepSeconds = estimate.StepSeconds,
            LatencyS = estimate.LatencySeconds,
            GpuSeconds = estimate.GpuSeconds,
            PeakMemoryBytes = estimate.PeakMemoryBytes,
            MemoryCapacityBytes = estimate.MemoryCapacityBytes,
            EnergyKwh = estimate.EnergyKwh,
            Pue = request.Pue,
            TotalFlops = estimate.TotalFlops,
            UsdPerGpuHour = estimate.UsdPerGpuHour,
            Utilization = request.Utilization,
            CostUsd = estimate.CostUsd,
            CostReason = estimate.CostUsd is null ? "no price of GPU time: give provider (a catalog price) or usd_per_gpu_hour" : null,
            Price = choice is null ? null : new EstimatePrice
            {
                Provider = choice.Quote.Provider,
                ProviderName = choice.Quote.ProviderName,
                Sku = choice.Quote.Sku,
                GpusPerInstance = choice.Quote.GpusPerInstance,
                PricingModel = choice.Quote.PricingModel,
                CapacityClass = choice.Quote.CapacityClass,
                AsOf = choice.Quote.Provenance.AsOf,
                Undated = choice.Undated,
                Source = choice.Quote.Provenance.Source,
                OtherQuotes = choice.Alternatives,
                ChosenBy = choice.Basis,
            },
            Phases = [.. estimate.Phases.Select(p => new EstimatePhase(p.Phase, p.Flops, p.ComputeSeconds, p.MemorySeconds, p.CommunicationSeconds, p.Seconds, p.GpusBusy))],
            ColdStart = new EstimateColdStart(coldStart.Seconds, coldStart.Bytes, coldStart.TransformerBytes, coldStart.TextEncoderBytes, coldStart.VaeBytes, coldStart.Gbps),
            Calibration = calibration.FittedOn,
            CalibrationRows = calibration.RowsUsed,
            Notes = notes,
        };
    }
}
