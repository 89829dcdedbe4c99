using System.Collections.Immutable;
using InferenceWall.Core.Text;

namespace InferenceWall.Core.Catalog;

/// <summary>
/// The catalog: GPUs, GPU prices, video models and video API prices, each entry with its source.
/// Immutable; <see cref="CatalogParser"/> builds it from the shipped files plus any user overrides.
/// </summary>
public sealed record VideoCatalog
{
    public ImmutableArray<Gpu> Gpus { get; init; } = [];
    public ImmutableArray<GpuPrice> Prices { get; init; } = [];
    public ImmutableArray<VideoModel> Models { get; init; } = [];
    public ImmutableArray<VideoApiPrice> Apis { get; init; } = [];
    public ImmutableArray<HardwareCost> Hardware { get; init; } = [];

    public HardwareCost? FindHardware(string gpuId) => Hardware.FirstOrDefault(h => string.Equals(h.GpuId, gpuId, StringComparison.Ordinal));

    public Lookup<Gpu> FindGpu(string name) =>
        Find(name, Gpus, g => g.Id, g => g.Aliases);

    public Lookup<VideoModel> FindModel(string name) =>
        Find(name, Models, m => m.Id, m => m.Aliases);

    public IEnumerable<string> ProviderIds => Prices.Select(p => p.Provider).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>
    /// The price to use for a provider, GPU and capacity class: the most recent quote, the lowest if several
    /// share that date. The caller reports which quote it used; <paramref name="alternatives"/> counts the others.
    /// </summary>
    public GpuPrice? FindPrice(string provider, string gpuId, CapacityClass capacity, out int alternatives)
    {
        var quotes = Prices
            .Where(p => string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase)
                && string.Equals(p.GpuId, gpuId, StringComparison.Ordinal)
                && p.CapacityClass == capacity)
            .OrderByDescending(p => p.Provenance.AsOf, StringComparer.Ordinal)
            .ThenBy(p => p.UsdPerGpuHour)
            .ToList();
        alternatives = Math.Max(0, quotes.Count - 1);
        return quotes.FirstOrDefault();
    }

    private static Lookup<T> Find<T>(string name, ImmutableArray<T> items, Func<T, string> id, Func<T, ImmutableArray<string>> aliases)
        where T : class
    {
        var key = NameMatcher.Normalize(name);
        foreach (var item in items)
        {
            if (NameMatcher.Normalize(id(item)) == key || aliases(item).Any(a => NameMatcher.Normalize(a) == key))
            {
                return new Lookup<T>(item, []);
            }
        }

        return new Lookup<T>(null, NameMatcher.Nearest(name, items.Select(id)));
    }
}
