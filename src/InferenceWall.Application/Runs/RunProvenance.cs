using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InferenceWall.Application.Catalog;
using InferenceWall.Application.Estimate;
using InferenceWall.Application.Json;
using InferenceWall.Application.Optimize;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Runs;

/// <summary>
/// What a stored run needs to be read and re-computed later: the engine's version, the catalog and calibration it
/// computed with (frozen, content-addressed by SHA-256, so a stored run keeps its prices after the catalog changes)
/// and the catalog rows it used (prices with their <c>source</c> and <c>as_of</c>), for the run's page.
/// </summary>
public sealed record RunProvenance
{
    public required string EngineVersion { get; init; }

    /// <summary>SHA-256 of <see cref="CatalogJson"/>.</summary>
    public required string CatalogSha256 { get; init; }

    /// <summary>The catalog files, as a JSON list of <c>{kind, source, text}</c>.</summary>
    public required string CatalogJson { get; init; }

    /// <summary>SHA-256 of <see cref="CalibrationJson"/>.</summary>
    public required string CalibrationSha256 { get; init; }
    public required string CalibrationJson { get; init; }

    /// <summary>The rows the run used: models, GPUs, prices and (for economics) video APIs, as the catalog's JSON.</summary>
    public required string UsedCatalogJson { get; init; }

    /// <summary>This engine's version (the assembly's informational version).</summary>
    public static string Engine { get; } =
        typeof(RunProvenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RunProvenance).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<EngineData, Frozen> Cache = [];

    public static RunProvenance Of(RunPlan plan, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(data);
        var frozen = Cache.GetValue(data, Freeze);
        return new RunProvenance
        {
            EngineVersion = Engine,
            CatalogSha256 = frozen.CatalogSha256,
            CatalogJson = frozen.CatalogJson,
            CalibrationSha256 = frozen.CalibrationSha256,
            CalibrationJson = frozen.CalibrationJson,
            UsedCatalogJson = ContractJson.Serialize(Used(plan, data)),
        };
    }

    /// <summary>
    /// SHA-256 of the engine data's catalog and of its calibration, as stored runs record them: what a worker must match
    /// to run another process's chunks.
    /// </summary>
    public static (string Catalog, string Calibration) Hashes(EngineData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var frozen = Cache.GetValue(data, Freeze);
        return (frozen.CatalogSha256, frozen.CalibrationSha256);
    }

    /// <summary>The engine data a stored run computed with, from its frozen catalog and calibration.</summary>
    public static Outcome<EngineData> Thaw(string catalogJson, string calibrationJson)
    {
        List<FrozenCatalogFile>? files;
        try
        {
            files = JsonSerializer.Deserialize(catalogJson, (JsonTypeInfo<List<FrozenCatalogFile>>)ContractJson.Options.GetTypeInfo(typeof(List<FrozenCatalogFile>)));
        }
        catch (JsonException e)
        {
            return Outcome<EngineData>.Fail(Problem.BadInput("catalog", "the stored catalog is not readable: " + e.Message));
        }

        var problems = new List<Problem>();
        var parsed = new List<CatalogFile>();
        foreach (var f in files ?? [])
        {
            var kind = Enum.GetValues<CatalogKind>().Where(k => CatalogUseCase.Name(k) == f.Kind).Select(k => (CatalogKind?)k).FirstOrDefault();
            if (kind is null)
            {
                problems.Add(Problem.BadInput("catalog", $"the stored catalog has a file of unknown kind '{f.Kind}'"));
                continue;
            }

            parsed.Add(new CatalogFile(kind.Value, f.Source, f.Text));
        }

        return problems.Count > 0 ? Outcome<EngineData>.Fail(problems) : EngineData.Frozen(parsed, calibrationJson);
    }

    private static Frozen Freeze(EngineData data)
    {
        var files = data.CatalogFiles.Select(f => new FrozenCatalogFile(CatalogUseCase.Name(f.Kind), f.Source, f.Text)).ToList();
        var catalogJson = JsonSerializer.Serialize(files, (JsonTypeInfo<List<FrozenCatalogFile>>)ContractJson.Options.GetTypeInfo(typeof(List<FrozenCatalogFile>)));
        var calibrationJson = data.Calibration.ToJson();
        CatalogResponse Part(CatalogKind kind) => CatalogUseCase.Run(new CatalogRequest { Kind = kind }, data).Value ?? new CatalogResponse();
        var whole = new CatalogResponse
        {
            Gpus = Part(CatalogKind.Gpus).Gpus,
            Prices = Part(CatalogKind.Prices).Prices,
            Models = Part(CatalogKind.Models).Models,
            Apis = Part(CatalogKind.Apis).Apis,
        };
        return new Frozen(RunPlanner.Sha256(catalogJson), catalogJson, RunPlanner.Sha256(calibrationJson), calibrationJson, whole);
    }

    private static CatalogResponse Used(RunPlan plan, EngineData data)
    {
        var catalog = data.Catalog;
        string? model = null, gpu = null, provider = null;
        switch (plan.Request)
        {
            case EstimateRequest e:
                (model, gpu, provider) = (e.Model, e.Gpu, e.Provider);
                break;
            default:
                if (plan.Loaded is { } s)
                {
                    (model, gpu, provider) = (s.Product.Model, s.Product.Gpu, s.Capacity.Provider);
                }

                break;
        }

        var everyPrice = plan.Request is OptimizeRequest;
        var gpuId = gpu is null ? null : catalog.FindGpu(gpu).Value?.Id;
        var modelId = model is null ? null : catalog.FindModel(model).Value?.Id;
        var whole = Cache.GetValue(data, Freeze).Whole;
        var (all, gpus, models) = (whole.Prices, whole.Gpus, whole.Models);
        var apis = plan.Kind == RunKind.Economics ? whole.Apis : [];
        return new CatalogResponse
        {
            Gpus = everyPrice ? gpus : [.. gpus.Where(g => g.Id == gpuId)],
            Models = [.. models.Where(m => m.Id == modelId)],
            Prices = everyPrice
                ? all
                : [.. all.Where(p => p.Gpu == gpuId && (provider is null || string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase)))],
            Apis = apis,
        };
    }

    /// <summary>What is computed once per engine data: the frozen texts with their hashes, and the whole catalog as rows.</summary>
    private sealed record Frozen(string CatalogSha256, string CatalogJson, string CalibrationSha256, string CalibrationJson, CatalogResponse Whole);
}

/// <summary>One frozen catalog file: its kind (<c>gpus</c>, <c>prices</c>, …), where it came from, and its text.</summary>
public sealed record FrozenCatalogFile(string Kind, string Source, string Text);
