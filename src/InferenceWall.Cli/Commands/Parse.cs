using System.Globalization;

namespace InferenceWall.Cli.Commands;

/// <summary>Parses option text into values, collecting a message per problem that names the option.</summary>
internal static class Parse
{
    public static (int Width, int Height)? Resolution(string text, List<string> errors)
    {
        var parts = text.ToLowerInvariant().Split('x', '×');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && w > 0 && h > 0)
        {
            return (w, h);
        }

        errors.Add($"--resolution '{text}': write WIDTHxHEIGHT in pixels, for example 1280x720");
        return null;
    }

    public static T? Choice<T>(string option, string text, IReadOnlyDictionary<string, T> choices, List<string> errors)
        where T : struct
    {
        if (choices.TryGetValue(text.ToLowerInvariant(), out var value))
        {
            return value;
        }

        errors.Add($"{option} '{text}': write one of {string.Join(", ", choices.Keys)}");
        return null;
    }

    public static T? Choice<T>(string option, string text, Core.Vocabulary<T> words, List<string> errors)
        where T : struct, Enum
    {
        if (words.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{option} '{text}': write one of {words.Allowed}");
        return null;
    }

    public static void Positive(string option, double? value, List<string> errors)
    {
        if (value is { } v && (!double.IsFinite(v) || v <= 0))
        {
            errors.Add($"{option} {v.ToString(CultureInfo.InvariantCulture)}: must be a positive number");
        }
    }

    public static void AtLeastOne(string option, int? value, List<string> errors)
    {
        if (value is < 1)
        {
            errors.Add($"{option} {value}: must be at least 1");
        }
    }

    public static string Format(string text, List<string> errors, params string[] allowed)
    {
        var f = text.ToLowerInvariant();
        if (allowed.Contains(f))
        {
            return f;
        }

        errors.Add($"--format '{text}': write one of {string.Join(", ", allowed)}");
        return allowed[0];
    }
}
