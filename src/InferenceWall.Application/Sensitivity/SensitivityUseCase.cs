using InferenceWall.Analysis.Studies;
using InferenceWall.Application.Sweep;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Sensitivity;

/// <summary>
/// Sensitivity: each field ±delta, the rest at the base. Every moved scenario is checked by the scenario's rules;
/// a move that breaks one (a utilization of 0.9 moved to 1.08) is not made and is listed, that side of the bar stays
/// at the base. Refused when the base scenario itself has no figures.
/// </summary>
public static class SensitivityUseCase
{
    public static Outcome<SensitivityResponse> Run(SensitivityRequest request, EngineData data, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<Problem>();
        var scenario = AnalysisInputs.Scenario(request.Scenario, problems);
        var threads = AnalysisInputs.Threads(request.Threads, problems);
        if (!(request.Delta > 0 && request.Delta < 1))
        {
            problems.Add(Problem.BadInput("delta", $"{request.Delta} is out of range", "it must be above 0 and below 1, for example 0.2 for ±20%"));
        }

        var fields = new List<string>();
        var requested = request.Fields.IsDefault ? [] : request.Fields;
        if (scenario is not null)
        {
            for (var i = 0; i < requested.Length; i++)
            {
                var f = requested[i]?.Trim() ?? string.Empty;
                var at = $"fields[{i}]";
                if (f.Length == 0)
                {
                    problems.Add(Problem.BadInput(at, "is empty", "name a numeric scenario field, for example product.utilization"));
                }
                else if (f != "efficiency" && ScenarioFields.FieldProblem(scenario, f) is { } unknown)
                {
                    problems.Add(unknown with { Path = at });
                }
                else if (ScenarioFields.IsText(f) || ScenarioFields.Get(scenario, f) is null)
                {
                    problems.Add(Problem.BadInput(at, $"{f} has no numeric value in this scenario to move", "name a numeric field the scenario sets"));
                }
                else if (fields.Contains(f))
                {
                    problems.Add(Problem.BadInput(at, $"{f} is listed twice", "list each field once"));
                }
                else
                {
                    fields.Add(f);
                }
            }

            if (requested.IsEmpty)
            {
                fields.AddRange(Analysis.Studies.Sensitivity.Fields(scenario));
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<SensitivityResponse>.Fail(problems);
        }

        var (result, baseProblems) = Analysis.Studies.Sensitivity.Run(scenario!, fields, request.Delta, data.Catalog, data.Calibration, threads, cancel);
        if (result is null)
        {
            return Outcome<SensitivityResponse>.Fail(baseProblems);
        }

        return Outcome<SensitivityResponse>.Ok(new SensitivityResponse
        {
            Scenario = scenario!.Name,
            BaseCostPerClipUsd = result.Base.CostPerClipUsd,
            BaseGrossMargin = result.Base.GrossMargin,
            BaseGrossMarginReason = result.Base.GrossMargin is null ? "no revenue" : null,
            Delta = request.Delta,
            Bars = [.. result.Bars.Select(b => new SensitivityBarResponse
            {
                Field = b.Path, Base = b.Base, Low = b.Low, High = b.High, CostLowUsd = b.CostLowUsd, CostHighUsd = b.CostHighUsd, MarginLow = b.MarginLow, MarginHigh = b.MarginHigh,
            })],
            Skipped = [.. result.Skipped.Select(s => new SensitivitySkipResponse { Field = s.Path, Side = s.Side == Side.Low ? "low" : "high", Value = s.Value, Problems = s.Problems })],
        });
    }
}
