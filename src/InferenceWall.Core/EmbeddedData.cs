
using InferenceWall.Core.Catalog;

namespace InferenceWall.Core;

/// <summary>
/// The catalog and calibration shipped inside the assembly. Reading an embedded resource is deterministic
/// (it is part of the assembly image), so this stays within Core's no-I/O rule; see docs/decisions/0001.
/// </summary>
public static class EmbeddedData
{
    public static string Read(string name)
    {
        var assembly = typeof(EmbeddedData).Assembly;
        using var stream = assembly.GetManifestResourceStream("data/" + name)
            ?? throw new InvalidOperationException($"embedded resource data/{name} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IEnumerable<CatalogFile> CatalogFiles() =>
        Enum.GetValues<CatalogKind>().Select(kind => new CatalogFile(kind, "data/" + CatalogFile.FileName(kind), Read(CatalogFile.FileName(kind))));

    /// <summary>The shipped catalog; it must parse without errors (a test checks it).</summary>
    public static VideoCatalog Catalog()
    {
        var (catalog, errors) = CatalogParser.Parse(CatalogFiles());
        return errors.Count == 0
            ? catalog
            : throw new InvalidOperationException("the embedded catalog has errors: " + string.Join("; ", errors));
    }

}
