using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Catalog;

/// <summary>The result of looking a name up: the entry, or the nearest names to suggest.</summary>
public sealed record Lookup<T>(T? Value, IReadOnlyList<string> Suggestions)
    where T : class
{
    public bool Found => Value is not null;

    /// <summary>
    /// A not-found problem at <paramref name="path"/> in the domain's words: the nearest names, and the catalog file
    /// that lists them (<paramref name="catalogFile"/>, such as <c>models.csv</c>).
    /// </summary>
    public Problem NotFound(string path, string kind, string name, string catalogFile) =>
        Problem.NotFound(path,
            $"unknown {kind} '{(name.Length > 80 ? name[..77] + "..." : name)}'" + (Suggestions.Count > 0 ? $"; did you mean {string.Join(", ", Suggestions.Select(s => $"'{s}'"))}?" : string.Empty),
            $"give a {kind} the catalog lists ({catalogFile})");
}
