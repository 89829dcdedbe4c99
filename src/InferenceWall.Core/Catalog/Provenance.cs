namespace InferenceWall.Core.Catalog;

/// <summary>Where a catalog entry's numbers come from.</summary>
/// <param name="Source">The reference (URL, repository file and commit, datasheet).</param>
/// <param name="AsOf">The date of the source (or <c>undated</c> where the source carries none).</param>
/// <param name="File">The catalog file and line the entry was read from.</param>
public sealed record Provenance(string Source, string AsOf, string File);
