using System.Globalization;
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
        };
        foreach (var f in r.Figures)
        {
            response.Values[f.Key] = f.Value;
        }

        return Outcome<CaseResponse>.Ok(response);
    }
}
