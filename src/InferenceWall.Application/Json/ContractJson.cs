using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
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

    /// <summary>
    /// What travels between processes (a chunk of an analysis and its result): compact, and NaN and the infinities
    /// written as named literals, so every double comes back bit for bit (the shortest round-trip form).
    /// </summary>
    public static JsonSerializerOptions Wire { get; } = Create(indented: false, namedFloats: true);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));

    /// <summary>A value in the wire format (<see cref="Wire"/>).</summary>
    public static string ToWire<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Wire.GetTypeInfo(typeof(T)));

    /// <summary>A value back from the wire format; null when the text is not one.</summary>
    public static T? FromWire<T>(string text)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(text, (JsonTypeInfo<T>)Wire.GetTypeInfo(typeof(T)));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonSerializerOptions Create(bool indented, bool namedFloats = false)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            NumberHandling = namedFloats ? JsonNumberHandling.AllowNamedFloatingPointLiterals : JsonNumberHandling.Strict,
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
