using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;
using InferenceWall.Core.Text;

namespace InferenceWall.Application.Catalog;

/// <summary>Lists one part of the catalog (GPUs, GPU prices, video models, video API prices, GPU purchase prices, inference stacks, VAEs) with sources.</summary>
public static class CatalogUseCase
{
    public static Outcome<CatalogResponse> Run(CatalogRequest request, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var catalog = data.Catalog;
        var problems = new List<Problem>();
        if (!Enum.IsDefined(request.Kind))
        {
            return Outcome<CatalogResponse>.Fail(Problem.BadInput("kind", $"'{request.Kind}' is not a part of the catalog", "give gpus, prices, models, apis, hardware, stacks, vaes or levers"));
        }

        string? provider = null;
        if (request.Provider is { } p)
        {
            var providers = request.Kind switch
            {
                CatalogKind.Prices => catalog.ProviderIds.ToList(),
                CatalogKind.Apis => [.. catalog.Apis.Select(a => a.Provider).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)],
                _ => null,
            };
            if (providers is null)
            {
                problems.Add(Problem.BadInput("provider", $"the provider filter applies to prices and apis, not {Name(request.Kind)}", "drop the provider"));
            }
            else if (!providers.Contains(p, StringComparer.OrdinalIgnoreCase))
            {
                var near = NameMatcher.Nearest(p, providers);
                problems.Add(Problem.NotFound("provider",
                    $"no {Name(request.Kind)} from provider '{p}'" + (near.Count > 0 ? $"; did you mean {string.Join(", ", near.Select(n => $"'{n}'"))}?" : string.Empty),
                    $"give a provider the catalog lists ({CatalogFile.FileName(request.Kind)})"));
            }
            else
            {
                provider = p;
            }
        }

        string? gpuId = null;
        if (request.Gpu is { } g)
        {
            if (request.Kind is CatalogKind.Models or CatalogKind.Apis or CatalogKind.Stacks or CatalogKind.Vaes or CatalogKind.Levers or CatalogKind.Upscalers)
            {
                problems.Add(Problem.BadInput("gpu", $"the GPU filter applies to gpus, prices and hardware, not {Name(request.Kind)}", "drop the GPU"));
            }
            else
            {
                var found = catalog.FindGpu(g);
                gpuId = found.Value?.Id;
                if (gpuId is null)
                {
                    problems.Add(found.NotFound("gpu", "GPU", g, "gpus.csv"));
                }
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<CatalogResponse>.Fail(problems);
        }

        bool Provider(string name) => provider is null || string.Equals(name, provider, StringComparison.OrdinalIgnoreCase);
        bool Gpu(string id) => gpuId is null || string.Equals(id, gpuId, StringComparison.Ordinal);
        var response = request.Kind switch
        {
            CatalogKind.Gpus => new CatalogResponse { Gpus = [.. catalog.Gpus.Where(x => Gpu(x.Id)).Select(GpuEntry)] },
            CatalogKind.Models => new CatalogResponse { Models = [.. catalog.Models.Select(ModelEntry)] },
            CatalogKind.Apis => new CatalogResponse { Apis = [.. catalog.Apis.Where(x => Provider(x.Provider)).Select(ApiEntry)] },
            CatalogKind.Hardware => new CatalogResponse { Hardware = [.. catalog.Hardware.Where(x => Gpu(x.GpuId)).Select(HardwareEntry)] },
            CatalogKind.Stacks => new CatalogResponse { Stacks = [.. catalog.Stacks.Select(StackEntry)] },
            CatalogKind.Vaes => new CatalogResponse { Vaes = [.. catalog.Vaes.Select(VaeEntry)] },
            CatalogKind.Levers => new CatalogResponse { Levers = [.. catalog.Levers.Select(LeverEntry)] },
            CatalogKind.Upscalers => new CatalogResponse { Upscalers = [.. catalog.Upscalers.Select(UpscalerEntry)] },
            CatalogKind.Prices => new CatalogResponse { Prices = [.. catalog.Prices.Where(x => Provider(x.Provider) && Gpu(x.GpuId)).Select(PriceEntry)] },
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "unknown catalog kind"),
        };
        return Outcome<CatalogResponse>.Ok(response);
    }

    /// <summary>The word for a part of the catalog (gpus, prices, models, apis, hardware, stacks, vaes, levers).</summary>
    public static string Name(CatalogKind kind) => kind.ToString().ToLowerInvariant();

    private static GpuEntry GpuEntry(Gpu g) => new(
        g.Id, g.Family, g.Bf16DenseFlopsPerSecond / Units.Tera, g.Fp8DenseFlopsPerSecond / Units.Tera, g.Fp4DenseFlopsPerSecond / Units.Tera, g.MemoryBytes / Units.Giga,
        g.MemoryBandwidthBytesPerSecond / Units.Tera, g.GpuLinkBandwidthBytesPerSecond / Units.Giga, g.BoardPowerWatts, g.Confidence,
        g.Provenance.AsOf, g.Provenance.Source);

    private static ModelEntry ModelEntry(VideoModel m) => new(
        m.Id, m.TransformerParameters / Units.Giga, m.TokenParameters / Units.Giga, m.TextTokenParameters / Units.Giga, m.Layers, m.AttentionWidth, m.Heads,
        m.AttentionKind == AttentionKind.Joint ? "joint" : "cross", m.TextTokens, m.TextEncoderParameters / Units.Giga, m.VaeId, $"{m.VaeTemporalCompression}×{m.VaeSpatialCompression}", $"{m.PatchT}×{m.PatchH}×{m.PatchW}", m.DefaultSteps, m.UsesCfg,
        m.Provenance.AsOf, m.Provenance.Source);

    private static PriceEntry PriceEntry(GpuPrice p) => new(
        p.Provider, p.Sku, p.GpuId, p.GpusPerInstance, p.CapacityClass, p.PricingModel, p.UsdPerGpuHour, p.Region, p.Notes, p.Provenance.AsOf, p.Provenance.Source);

    private static ApiEntry ApiEntry(VideoApiPrice a) => new(
        a.Provider, a.Model, a.Resolution, a.DurationSeconds, a.PriceUsd, a.PriceUnit, a.UsdPerSecond, a.Provenance.AsOf, a.Provenance.Source);

    private static StackEntry StackEntry(StackProfile s) => new(s.Id, s.Name, s.Compiles, s.ParallelVae, s.AttentionKernel, s.Notes, s.Provenance.AsOf, s.Provenance.Source);
    private static VaeEntry VaeEntry(VaeSpec v) => new(
        v.Id, v.Name, v.DecoderParameters / Units.Giga, v.DecodeFlopsPerPixel / Units.Giga, v.Notes, v.Provenance.AsOf, v.Provenance.Source);

    private static UpscalerEntry UpscalerEntry(UpscalerSpec u) => new(
        u.Id, u.Name, u.Parameters / Units.Giga, u.Steps, Words.Precision.Word(u.Precision), u.Gpu, u.OutputWidthPixels, u.OutputHeightPixels, u.Frames, u.Seconds,
        u.QualityNote, u.Notes, u.Provenance.AsOf, u.Provenance.Source);

    private static LeverEntry LeverEntry(LeverSpec l) => new(
        l.Id, l.Name, Words.LeverKind.Word(l.Kind), LeverValue(l), l.RemovesCfg, l.Models, l.MinSteps, l.Excludes, l.QualityMetric, l.QualityDelta, l.QualityNote,
        l.Notes, l.Provenance.AsOf, l.Provenance.Source);

    /// <summary>A lever's value as levers.csv writes it.</summary>
    private static string LeverValue(LeverSpec l) => l.Kind switch
    {
        LeverKind.Gpu => l.Gpu!,
        LeverKind.Provider => "cheapest",
        LeverKind.Capacity => Words.Capacity.Word(l.Capacity!.Value),
        LeverKind.Precision => Words.Precision.Word(l.Precision!.Value),
        LeverKind.Distill => l.Steps!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LeverKind.AttentionKernel => Words.AttentionKernel.Word(l.AttentionKernel!.Value),
        LeverKind.Batching => l.Batch!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LeverKind.Plan => l.Gpus!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LeverKind.Resolution => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{l.GenerateHeightPixels}:{l.Upscaler}"),
        LeverKind.SparseAttention or LeverKind.StepCache or LeverKind.Utilization => l.Share!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => string.Empty,
    };

    private static HardwareEntry HardwareEntry(HardwareCost h) => new(h.GpuId, h.UsdPerGpuLow, h.UsdPerGpuHigh, h.Basis, h.Provenance.AsOf, h.Provenance.Source);
}
