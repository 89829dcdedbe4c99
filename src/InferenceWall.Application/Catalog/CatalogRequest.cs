using InferenceWall.Core.Catalog;

namespace InferenceWall.Application.Catalog;

/// <summary>
/// A listing of one part of the catalog, with its sources. <see cref="Provider"/> narrows prices and APIs to one
/// provider; <see cref="Gpu"/> narrows GPUs, prices and purchase prices to one GPU (id or alias).
/// </summary>
public sealed record CatalogRequest
{
    public required CatalogKind Kind { get; init; }
    public string? Provider { get; init; }
    public string? Gpu { get; init; }
}
