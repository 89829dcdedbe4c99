using System.Globalization;
using InferenceWall.Core;
using InferenceWall.Core.Problems;
using InferenceWall.Core.Text;
using YamlDotNet.RepresentationModel;

namespace InferenceWall.Scenarios;

/// <summary>
/// Typed reading of a YAML document that records every problem with its line, column and field path, and goes on,
/// so that a file's problems are all reported at once. Getters return null where a value is missing or invalid.
/// </summary>
internal sealed class YamlReader(string source, List<Problem> errors)
{
    private readonly Dictionary<string, YamlNode> _nodes = new(StringComparer.Ordinal);

    /// <summary>The location of the node at a field path, or of its nearest parent that was read.</summary>
    public SourceLocation Locate(string path)
    {
        var p = path;
        while (true)
        {
            if (_nodes.TryGetValue(p, out var node))
            {
                return new SourceLocation(source, (int)node.Start.Line, (int)node.Start.Column);
            }

            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            if (cut <= 0)
            {
                return new SourceLocation(source);
            }

            p = p[..cut];
        }
    }

    private void Seen(string path, YamlNode? node)
    {
        if (node is not null)
        {
            _nodes.TryAdd(path, node);
        }
    }

    public void Error(YamlNode? node, string path, string message) =>
        errors.Add(node is null
            ? Problem.InText(source, null, path, message)
            : Problem.InText(source, (int)node.Start.Line, path, message, (int)node.Start.Column));

    /// <summary>The node as a mapping whose keys are all in <paramref name="allowed"/>; unknown keys get a suggestion.</summary>
    public YamlMappingNode? Mapping(YamlNode? node, string path, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (node is null)
        {
            if (required)
            {
                Error(null, path, $"is missing; add it (keys: {string.Join(", ", allowed)})");
            }

            return null;
        }

        Seen(path, node);
        if (node is not YamlMappingNode map)
        {
            Error(node, path, $"must be a mapping of keys ({string.Join(", ", allowed)})");
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!seen.Add(name))
            {
                Error(key, Join(path, name), "appears twice; keep one");
            }

            if (!allowed.Contains(name))
            {
                var near = NameMatcher.Nearest(name, allowed, 1);
                Error(key, Join(path, name), $"unknown key; did you mean '{near[0]}'? (allowed: {string.Join(", ", allowed)})");
            }
        }

        return map;
    }

    public static YamlNode? Child(YamlMappingNode? map, string key)
    {
        if (map is null)
        {
            return null;
        }

        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode s && s.Value == key)
            {
                return v;
            }
        }

        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string path, bool required)
    {
        switch (node)
        {
            case null:
                if (required)
                {
                    Error(null, path, "is missing; add a list");
                }

                return null;
            case YamlSequenceNode seq:
                Seen(path, seq);
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    Seen($"{path}[{i}]", seq.Children[i]);
                }

                return seq;
            default:
                Error(node, path, "must be a list (items start with '- ')");
                return null;
        }
    }

    public string? Text(YamlMappingNode? map, string key, string path, bool required)
    {
        var node = Child(map, key);
        var full = Join(path, key);
        Seen(full, node);
        switch (node)
        {
            case null:
                if (required && map is not null)
                {
                    Error(map, full, "is missing; it is required");
                }

                return null;
            case YamlScalarNode { Value: { Length: > 0 } value }:
                return value;
            case YamlScalarNode:
                if (required)
                {
                    Error(node, full, "is empty; it is required");
                }

                return null;
            default:
                Error(node, full, "must be a single value, not a list or mapping");
                return null;
        }
    }

    /// <summary>A finite number (ranges are the scenario rules' to check, whoever made the scenario).</summary>
    public double? Number(YamlMappingNode? map, string key, string path, bool required)
    {
        var text = Text(map, key, path, required);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(Child(map, key), Join(path, key), $"'{text}' is not a number; write digits with '.' for decimals (units are in the key's name)");
            return null;
        }

        return value;
    }

    /// <summary>A whole number that fits in 32 bits; a larger one is refused, never saturated.</summary>
    public int? Integer(YamlMappingNode? map, string key, string path, bool required)
    {
        var value = Number(map, key, path, required);
        if (value is not { } v)
        {
            return null;
        }

        if (v != Math.Floor(v))
        {
            Error(Child(map, key), Join(path, key), $"{v.ToString(CultureInfo.InvariantCulture)} must be a whole number");
            return null;
        }

        if (v is > int.MaxValue or < int.MinValue)
        {
            Error(Child(map, key), Join(path, key), $"{v.ToString("G6", CultureInfo.InvariantCulture)} is too large; whole numbers here go up to {int.MaxValue:N0}");
            return null;
        }

        return (int)v;
    }

    public bool? Boolean(YamlMappingNode? map, string key, string path)
    {
        var text = Text(map, key, path, false);
        switch (text)
        {
            case null: return null;
            case "true": return true;
            case "false": return false;
            default:
                Error(Child(map, key), Join(path, key), $"'{text}' is not a boolean; write true or false");
                return null;
        }
    }

    /// <summary>A word of a closed vocabulary; an unknown word is refused with the allowed list.</summary>
    public T? Choice<T>(YamlMappingNode? map, string key, string path, Vocabulary<T> words, bool required)
        where T : struct, Enum
    {
        var text = Text(map, key, path, required);
        if (text is null)
        {
            return null;
        }

        if (words.TryParse(text, out var value))
        {
            return value;
        }

        Error(Child(map, key), Join(path, key), $"'{text}' is not {words.WithArticle}; write one of {words.Allowed}");
        return null;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
