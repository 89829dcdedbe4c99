namespace InferenceWall.Core.Catalog;

/// <summary>The kinds of catalog file and their file names.</summary>
public enum CatalogKind
{
    Gpus,
    Prices,
    Models,
    Apis,
    Hardware,
    Stacks,
    Vaes,
    Levers,
    Upscalers,
}

/// <summary>The text of one catalog file and the name to report problems against.</summary>
public sealed record CatalogFile(CatalogKind Kind, string Source, string Text)
{
    public static string FileName(CatalogKind kind) => kind switch
    {
        CatalogKind.Gpus => "gpus.csv",
        CatalogKind.Prices => "prices.csv",
        CatalogKind.Models => "models.csv",
        CatalogKind.Hardware => "hardware.csv",
        CatalogKind.Stacks => "stacks.csv",
        CatalogKind.Vaes => "vaes.csv",
        CatalogKind.Levers => "levers.csv",
        CatalogKind.Upscalers => "upscalers.csv",
        _ => "apis.csv",
    };
}
