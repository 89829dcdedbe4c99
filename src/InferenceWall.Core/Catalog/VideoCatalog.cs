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

    /// <summary>Inference stacks (stacks.csv): what each does to a generation.</summary>
    public ImmutableArray<StackProfile> Stacks { get; init; } = [];

    /// <summary>Video VAEs (vaes.csv): decoder size and work per pixel.</summary>
    public ImmutableArray<VaeSpec> Vaes { get; init; } = [];

    /// <summary>Efficiency levers (levers.csv): typed changes to a scenario with their sources and quality costs.</summary>
    public ImmutableArray<LeverSpec> Levers { get; init; } = [];

    /// <summary>Video upscalers (upscalers.csv), each with one measured run.</summary>
    public ImmutableArray<UpscalerSpec> Upscalers { get; init; } = [];

    public Lookup<UpscalerSpec> FindUpscaler(string name) =>
        Find(name, Upscalers, u => u.Id, _ => []);

    public Lookup<LeverSpec> FindLever(string name) =>
        Find(name, Levers, l => l.Id, _ => []);

    /// <summary>The stack a cost request runs on when none is named.</summary>
    public const string DefaultStackId = "diffusers";

    public Lookup<StackProfile> FindStack(string name) =>
        Find(name, Stacks, s => s.Id, s => s.Aliases);

    public Lookup<VaeSpec> FindVae(string name) =>
        Find(name, Vaes, v => v.Id, _ => []);

    public HardwareCost? FindHardware(string gpuId) => Hardware.FirstOrDefault(h => string.Equals(h.GpuId, gpuId, StringComparison.Ordinal));

    public Lookup<Gpu> FindGpu(string name) =>
        Find(name, Gpus, g => g.Id, g => g.Aliases);

    public Lookup<VideoModel> FindModel(string name) =>
        Find(name, Models, m => m.Id, m => m.Aliases);

    public IEnumerable<string> ProviderIds => Prices.Select(p => p.Provider).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>Quotes dated within this many days of a provider's newest quote for a GPU and class count as current.</summary>
    public const int CurrentQuoteDays = 31;

    /// <summary>The price to use for a provider, GPU and capacity class (see <see cref="ChoosePrice"/>); <paramref name="alternatives"/> counts the other quotes.</summary>
    public GpuPrice? FindPrice(string provider, string gpuId, CapacityClass capacity, out int alternatives)
    {
        var choice = ChoosePrice(provider, gpuId, capacity);
        alternatives = choice?.Alternatives ?? 0;
        return choice?.Quote;
    }

    /// <summary>
    /// The price to use for a provider, GPU and capacity class, and why. <c>as_of</c> is read as a date
    /// (<see cref="QuoteDate"/>): undated quotes count only when no quote is dated. Current quotes are those dated
    /// within <see cref="CurrentQuoteDays"/> days of the newest; of an offering quoted more than once (same SKU,
    /// service, region and pricing model) only its newest quote counts. Of those, the lowest $/GPU-hour wins, whatever
    /// the instance size; ties go to the newer quote, then to the SKU in ordinal order. Null when there is no quote.
    /// </summary>
    public PriceChoice? ChoosePrice(string provider, string gpuId, CapacityClass capacity)
    {
        var quotes = Prices
            .Where(p => string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase)
                && string.Equals(p.GpuId, gpuId, StringComparison.Ordinal)
                && p.CapacityClass == capacity)
            .Select(p => (Quote: p, Date: QuoteDate.Parse(p.Provenance.AsOf)))
            .ToList();
        if (quotes.Count == 0)
        {
            return null;
        }

        var dated = quotes.Where(q => q.Date is not null).ToList();
        var pool = dated.Count > 0 ? dated : quotes;
        var newest = dated.Count > 0 ? dated.Max(q => q.Date!.Value) : (DateOnly?)null;
        var current = pool
            .Where(q => newest is null || q.Date!.Value.DayNumber >= newest.Value.DayNumber - CurrentQuoteDays)
            .GroupBy(q => (q.Quote.Sku, q.Quote.Service, q.Quote.Region, q.Quote.PricingModel))
            .SelectMany(g => g.Where(q => q.Date == g.Max(x => x.Date)))
            .ToList();
        var best = current
            .OrderBy(q => q.Quote.UsdPerGpuHour)
            .ThenByDescending(q => q.Date?.DayNumber ?? int.MinValue)
            .ThenBy(q => q.Quote.Sku, StringComparer.Ordinal)
            .First();
        var basis = newest is null
            ? (quotes.Count == 1 ? "the only quote, undated" : $"lowest $/GPU-hour of {quotes.Count} quotes, none dated")
            : current.Count == 1
                ? (quotes.Count == 1 ? "the only quote" : $"the only current quote of {quotes.Count} (dated within {CurrentQuoteDays} days of the newest, {newest.Value:yyyy-MM-dd})")
                : $"lowest $/GPU-hour of {current.Count} current quotes (dated within {CurrentQuoteDays} days of the newest, {newest.Value:yyyy-MM-dd})";
        return new PriceChoice(best.Quote, best.Date, quotes.Count - 1, basis);
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
