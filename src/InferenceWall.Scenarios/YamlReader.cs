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

    public double? Number(YamlMappingNode? map, string key, string path, bool required, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool minExclusive = false)
    {
        var text = Text(map, key, path, required);
        if (text is null)
        {
            return null;
        }

        var node = Child(map, key);
        var full = Join(path, key);
        if (!double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(node, full, $"'{text}' is not a number; write digits with '.' for decimals (units are in the key's name)");
            return null;
        }

        if (value < min || (minExclusive && value <= min) || value > max)
        {
            var range = double.IsPositiveInfinity(max)
                ? $"{(minExclusive ? ">" : ">=")} {min.ToString(CultureInfo.InvariantCulture)}"
                : $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}";
            Error(node, full, $"{text} is out of range; it must be {range}");
            return null;
        }

        return value;
    }

    public int? Integer(YamlMappingNode? map, string key, string path, bool required, int min = 1)
    {
        var value = Number(map, key, path, required, min);
        if (value is { } v && v != Math.Floor(v))
        {
            Error(Child(map, key), Join(path, key), $"{v.ToString(CultureInfo.InvariantCulture)} must be a whole number");
            return null;
        }

        return value is { } w ? (int)Math.Min(w, int.MaxValue) : null;
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

        Error(Child(map, key), Join(path, key), $"'{text}' is not a {words.Noun}; write one of {words.Allowed}");
        return null;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
