using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InferenceWall.Core;

namespace InferenceWall.Application.Json;

/// <summary>
/// The JSON contract of every response: source-generated, snake_case names, enums as their one word, no NaN or
/// infinity (the serializer refuses them, so a quantity with no value must be null with a reason beside it).
/// The CLI's <c>--format json</c> and the HTTP API write the same bytes.
/// </summary>
public static class ContractJson
{
    /// <summary>The source-generated contexts of the use cases; each use case adds its own.</summary>
    private static readonly IJsonTypeInfoResolver[] Contexts =
    [
        ProblemJsonContext.Default,
        Calibrate.CalibrateJsonContext.Default,
        Validate.ValidateJsonContext.Default,
        Estimate.EstimateJsonContext.Default,
        Catalog.CatalogJsonContext.Default,
        Economics.EconomicsJsonContext.Default,
        Case.CaseJsonContext.Default,
        Diff.DiffJsonContext.Default,
        Report.ReportJsonContext.Default,
        Sweep.SweepJsonContext.Default,
        Sensitivity.SensitivityJsonContext.Default,
        Levers.LeversJsonContext.Default,
        MonteCarlo.MonteCarloJsonContext.Default,
        Optimize.OptimizeJsonContext.Default,
        Simulate.SimulateJsonContext.Default,
        CapacitySearch.CapacitySearchJsonContext.Default,
        Runs.RunsJsonContext.Default,
    ];

    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(Contexts),
        };
        options.Converters.Add(new WordConverter<Precision>(Words.Precision));
        options.Converters.Add(new WordConverter<Core.Cost.OffloadMode>(Words.Offload));
        options.Converters.Add(new WordConverter<Core.Catalog.CapacityClass>(Words.Capacity));
        options.Converters.Add(new WordConverter<Core.Cost.AttentionKernel>(Words.AttentionKernel));
        options.Converters.Add(new WordConverter<Core.Cost.Phase>(Words.Phase));
        options.Converters.Add(new WordConverter<Core.Economics.PlanKind>(Words.PlanKind));
        options.Converters.Add(new WordConverter<Core.Economics.Variability>(Words.Variability));
        options.Converters.Add(new WordConverter<Core.Economics.AutoscalePolicy>(Words.AutoscalePolicy));
        options.Converters.Add(new WordConverter<Core.Problems.ProblemKind>(ProblemWords.Kind));
        options.Converters.Add(new WordConverter<Analysis.Studies.DistributionKind>(Analysis.Studies.Distribution.Kinds));
        options.Converters.Add(new WordConverter<Runs.RunKind>(Runs.RunWords.Kind));
        options.Converters.Add(new WordConverter<Runs.RunStatus>(Runs.RunWords.Status));
        options.MakeReadOnly();
        return options;
    }
}
