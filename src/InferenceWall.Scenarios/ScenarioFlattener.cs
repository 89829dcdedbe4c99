using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InferenceWall.Scenarios;

/// <summary>Flattens a scenario file into field path → value (<c>users[1].plan</c> → <c>creator</c>), for diffs.</summary>
public static class ScenarioFlattener
{
    public static SortedDictionary<string, string> Flatten(string text)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception ex) when (ex is YamlException or ArgumentException or InvalidOperationException)
        {
            return result;
        }

        if (stream.Documents.Count == 1)
        {
            Walk(stream.Documents[0].RootNode, string.Empty, result);
        }

        return result;
    }

    private static void Walk(YamlNode node, string path, SortedDictionary<string, string> into)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    var key = (k as YamlScalarNode)?.Value ?? "?";
                    Walk(v, path.Length == 0 ? key : $"{path}.{key}", into);
                }

                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    Walk(seq.Children[i], $"{path}[{i}]", into);
                }

                break;
            case YamlScalarNode scalar:
                into[path] = scalar.Value ?? string.Empty;
                break;
        }
    }
}
