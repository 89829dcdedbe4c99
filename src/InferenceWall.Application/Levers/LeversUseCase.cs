using InferenceWall.Analysis.Studies;
using InferenceWall.Application.Sweep;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Levers;

/// <summary>
/// Prices the catalog's efficiency levers on a scenario: the search over lever sets (at most one per kind), then the
/// waterfall of the levers asked for, or of the best set the search found (the best crossing set by quality cost, else
/// the cheapest set).
/// </summary>
public static class LeversUseCase
{
    /// <summary>The most levers one request may apply.</summary>
    public const int MaxApplied = 64;

    public static Outcome<LeversResponse> Run(LeversRequest request, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<Problem>();
        var scenario = AnalysisInputs.Scenario(request.Scenario, problems);
        var asked = request.Apply.IsDefault ? [] : request.Apply;
        var applied = new List<LeverSpec>();
        // The catalog's levers, and for a scenario with a simulation section the utilization its simulated day achieves.
        var catalog = scenario is not null && SimulatedUtilization(scenario, data) is { } fuller
            ? data.Catalog with { Levers = data.Catalog.Levers.Add(fuller) }
            : data.Catalog;

        if (asked.Length > MaxApplied)
        {
            problems.Add(Problem.LimitExceeded("apply", $"{asked.Length} levers to apply, above the limit of {MaxApplied}", "apply fewer levers"));
        }
        else
        {
            for (var i = 0; i < asked.Length; i++)
            {
                var id = asked[i]?.Trim() ?? string.Empty;
                var found = catalog.FindLever(id);
                if (found.Value is { } lever)
                {
                    if (applied.Contains(lever))
                    {
                        problems.Add(Problem.BadInput($"apply[{i}]", $"{lever.Id} is listed twice", "list each lever once"));
                    }

                    applied.Add(lever);
                }
                else
                {
                    problems.Add(Problem.NotFound($"apply[{i}]", id.Length == 0 ? "is empty" : $"'{id}' is not a lever in the catalog",
                        (found.Suggestions.Count > 0 ? $"did you mean {string.Join(", ", found.Suggestions)}? " : string.Empty) + "(the catalog's levers.csv lists them)"));
                }
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<LeversResponse>.Fail(problems);
        }

        var (search, searchProblems) = Analysis.Studies.Levers.Search(scenario!, catalog.Levers, catalog, data.Calibration);
        if (search is null)
        {
            return Outcome<LeversResponse>.Fail(searchProblems);
        }

        var chosen = asked.Length > 0 ? applied : [.. (search.Crossing.FirstOrDefault() ?? search.Cheapest)?.Levers ?? []];
        var (walk, walkProblems) = Analysis.Studies.Levers.Walk(scenario!, chosen, catalog, data.Calibration);
        if (walk is null)
        {
            return Outcome<LeversResponse>.Fail(walkProblems);
        }

        var revenue = walk.Start.RevenuePerClipUsd;
        return Outcome<LeversResponse>.Ok(new LeversResponse
        {
            Scenario = scenario!.Name,
            StartCostPerClipUsd = walk.Start.CostPerClipUsd,
            RevenuePerClipUsd = revenue,
            Chosen = asked.Length > 0 ? "apply" : "search",
            Steps = [.. walk.Steps.Select(Step)],
            EndCostPerClipUsd = walk.End.CostPerClipUsd,
            TimesCheaper = walk.Start.CostPerClipUsd / walk.End.CostPerClipUsd,
            CrossesWall = revenue > 0 && walk.End.CostPerClipUsd <= revenue,
            Search = new LeverSearchResponse
            {
                SetsPriced = search.SetsTried,
                SetsRefused = search.SetsRefused,
                Crossing = [.. search.Crossing.Select(Set)],
                Cheapest = search.Cheapest is { } c ? Set(c) : null,
                Shortfall = search.Shortfall,
                ShortfallReason = search.Shortfall is null ? "no revenue per clip to compare against" : null,
            },
        });
    }

    /// <summary>The id of the lever this use case adds for a scenario with a simulation section.</summary>
    public const string SimulatedUtilizationId = "simulated-utilization";

    /// <summary>
    /// "A fuller fleet": the utilization the scenario's simulated day achieves (its autoscaler, demand curve and
    /// provisioning delay; seed 1), as a lever; null when the scenario has no simulation section or the day cannot be run.
    /// </summary>
    private static LeverSpec? SimulatedUtilization(Core.Economics.Scenario scenario, EngineData data)
    {
        if (scenario.Simulation is null)
        {
            return null;
        }

        var day = Economics.DaySimulation.Run(scenario, data, seed: 1);
        if (day.Value is not { } run || !(run.Run.Utilization is > 0 and <= 1))
        {
            return null;
        }

        var u = run.Run.Utilization;
        return new LeverSpec
        {
            Id = SimulatedUtilizationId,
            Name = "The utilization the simulated fleet achieves",
            Kind = LeverKind.Utilization,
            Share = u,
            QualityDelta = 0,
            QualityNote = "none: the same clips; only the paid idle time changes",
            Notes = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"product.utilization {scenario.Product.Utilization:0.###} set to {u:0.###}, what the scenario's simulated day achieves (seed 1: its demand curve, autoscaler and provisioning delay)"),
            Provenance = new Provenance($"this scenario's simulated day (seed 1): utilization {u:P1}", "computed", "simulation"),
        };
    }

    private static LeverStepResponse Step(LeverStep s) => new()
    {
        Lever = s.Lever.Id,
        Name = s.Lever.Name,
        Kind = Words.LeverKind.Word(s.Lever.Kind),
        Factor = s.Factor,
        CostPerClipUsd = s.CostPerClipUsd,
        PhysicsFloor = s.Bound,
        Refused = s.Refusal,
        Source = s.Lever.Provenance.Source,
        QualityMetric = s.Lever.QualityMetric,
        QualityDelta = s.Lever.QualityDelta,
        QualityNote = s.Lever.QualityNote,
    };

    private static LeverSetResponse Set(LeverSet s) => new()
    {
        Levers = [.. s.Levers.Select(l => l.Id)],
        CostPerClipUsd = s.CostPerClipUsd,
        UnpublishedQuality = s.UnpublishedQuality,
        PublishedQualityLoss = s.PublishedQualityLoss,
    };
}
