using System.Globalization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;
using InferenceWall.Core.Text;

namespace InferenceWall.Application.Case;

/// <summary>The Sora case from explicit, sourced inputs: what is input and what is derived, and the same clip on open models.</summary>
public static class CaseUseCase
{
    public static Outcome<CaseResponse> Run(CaseRequest request, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<Problem>();
        var catalog = data.Catalog;
        var gpu = catalog.FindGpu(request.OpenModelGpu ?? string.Empty);
        if (gpu.Value is null)
        {
            problems.Add(Problem.NotFound("open_model_gpu", $"unknown GPU '{request.OpenModelGpu}'",
                gpu.Suggestions.Count > 0 ? $"did you mean {string.Join(", ", gpu.Suggestions.Select(s => $"'{s}'"))}?" : "give one of the catalog's GPUs"));
        }

        if (request.OpenModelGpus < 1)
        {
            problems.Add(Problem.BadInput("open_model_gpus", $"{request.OpenModelGpus} is out of range", "it must be at least 1"));
        }
        else if (request.OpenModelGpus > ScenarioRules.MaxGpusPerClip)
        {
            problems.Add(Problem.LimitExceeded("open_model_gpus", string.Create(CultureInfo.InvariantCulture, $"{request.OpenModelGpus:N0} GPUs per clip"),
                string.Create(CultureInfo.InvariantCulture, $"the limit is {ScenarioRules.MaxGpusPerClip:N0}")));
        }

        var providers = catalog.ProviderIds.ToList();
        if (!providers.Contains(request.OpenModelProvider ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            var near = NameMatcher.Nearest(request.OpenModelProvider ?? string.Empty, providers, 1);
            problems.Add(Problem.NotFound("open_model_provider", $"unknown provider '{request.OpenModelProvider}'",
                (near.Count > 0 ? $"did you mean '{near[0]}'? " : string.Empty) + $"known: {string.Join(", ", providers)}"));
        }

        if (problems.Count > 0)
        {
            return Outcome<CaseResponse>.Fail(problems);
        }

        var inputs = new SoraCaseInputs { OpenModelGpu = gpu.Value!.Id, OpenModelGpus = request.OpenModelGpus, OpenModelProvider = request.OpenModelProvider! };
        var r = SoraCase.Run(inputs, catalog, data.Calibration);
        var bad = r.Figures.FirstOrDefault(f => !double.IsFinite(f.Value));
        if (bad is not null)
        {
            return Outcome<CaseResponse>.Fail(Problem.Infeasible(bad.Key, $"the case gives {bad.Label} that is not a finite number", "check the case's inputs"));
        }

        var response = new CaseResponse
        {
            Figures = [.. r.Figures.Select(f => new CaseFigureRow(f.Key, f.Label, f.Value, f.Unit, f.IsInput ? "input" : "derived", f.Basis))],
            OpenModelsBasis = r.OpenModelBasis,
            OpenModels = [.. r.OpenModels.Select(o => new OpenModelRow(o.Model, o.LatencySeconds, o.GpuSeconds, o.CostUsd, o.VersusSoraEstimate, o.Refusal))],
            Levers = CaseLeverSection(inputs, r, data),
        };
        foreach (var f in r.Figures)
        {
            response.Values[f.Key] = f.Value;
        }

        return Outcome<CaseResponse>.Ok(response);
    }

    /// <summary>The open model the levers are measured on: the catalog's model with the most published levers (Wan2.1 14B).</summary>
    public const string LeverModel = "wan2.1-t2v-14b";

    /// <summary>
    /// The best lever sets on the case's open-model clip (10 s at 16 fps, 1280×720, the case's GPUs and provider): the
    /// cheapest set of all, and the cheapest whose every lever has a published quality figure. Their factors carry to
    /// Sora 2's $1.30 only if its serving gained what they give an open model: the basis says so.
    /// </summary>
    private static CaseLevers? CaseLeverSection(SoraCaseInputs i, SoraCaseResult r, EngineData data)
    {
        var clip = new ClipMixItem { Share = 1, WidthPixels = i.OpenModelWidth, HeightPixels = i.OpenModelHeight, Seconds = r["clip_seconds"], FramesPerSecond = i.OpenModelFramesPerSecond };
        var scenario = new Scenario
        {
            Name = "Sora case, open-model clip",
            Product = new ProductSpec
            {
                Model = LeverModel,
                Gpu = i.OpenModelGpu,
                Plan = new ParallelPlan { Gpus = i.OpenModelGpus, Ulysses = i.OpenModelGpus },
                ClipMix = [clip],
            },
            Capacity = new CapacitySpec { Provider = i.OpenModelProvider },
            Users = [new UserTier { Tier = "case", Users = 1, ClipsPerUserPerDay = 1, Plan = "free" }],
            Plans = [new PricingPlan { Name = "free", Kind = PlanKind.Free }],
        };
        var (search, _) = Analysis.Studies.Levers.Search(scenario, data.Catalog.Levers, data.Catalog, data.Calibration);
        var (start, _) = Analysis.Studies.PointMetrics.Evaluate(scenario, 1, data.Catalog, data.Calibration);
        if (search?.Cheapest is not { } cheapest || start is null)
        {
            return null;
        }

        var (allPublished, _) = Analysis.Studies.Levers.Search(scenario, [.. data.Catalog.Levers.Where(l => l.QualityDelta is not null || l.QualityMetric.Length > 0)], data.Catalog, data.Calibration);
        CaseLeverSet Set(string label, Analysis.Studies.LeverSet s)
        {
            var factor = s.CostPerClipUsd / start.CostPerClipUsd;
            var sora = i.CostPerClipUsd * factor;
            return new CaseLeverSet(label, [.. s.Levers.Select(l => l.Id)], factor, sora, sora <= r["api_price_per_clip_usd"],
                Math.Max(1, sora / r["app_revenue_per_clip_usd"]), s.UnpublishedQuality);
        }

        var sets = new List<CaseLeverSet> { Set("cheapest set", cheapest) };
        if (allPublished?.Cheapest is { } published)
        {
            sets.Add(Set("cheapest set with every quality cost published", published));
        }

        var basis = $"levers priced on {LeverModel}, {clip.Seconds:0.##} s at {clip.FramesPerSecond:0.##} fps ({clip.Frames} frames), {clip.WidthPixels}×{clip.HeightPixels}, " +
            $"{i.OpenModelGpus} × {i.OpenModelGpu} (Ulysses {i.OpenModelGpus}) at {i.OpenModelProvider} on demand, on the catalog's default stack ({VideoCatalog.DefaultStackId}); the factor carries to Sora 2's $1.30 only if its serving gained as much";
        return new CaseLevers(basis, start.CostPerClipUsd, [.. sets]);
    }
}
