using System.Text.Json.Serialization;

namespace InferenceWall.Core.Problems;

/// <summary>
/// One refusal, as data: its kind, the field it is about in the domain's own words (<c>product.clip_mix[0].steps</c>,
/// <c>frames</c>; empty for the input as a whole), what is wrong, how to fix it, and, for text inputs, where.
/// Each front end words the path its own way (<c>--frames</c>, <c>file:line:column</c>, an RFC 9457 problem); nobody
/// parses the message.
/// </summary>
public sealed record Problem
{
    public required ProblemKind Kind { get; init; }

    /// <summary>The field path in the domain's words; empty when the problem is about the input as a whole.</summary>
    public string Path { get; init; } = string.Empty;
    public required string Message { get; init; }

    /// <summary>What to do about it, in the domain's words; null when the message says it all.</summary>
    public string? Fix { get; init; }

    /// <summary>Where in a text input, when the input was text (a scenario, a CSV file).</summary>
    public SourceLocation? Location { get; init; }

    public static Problem BadInput(string path, string message, string? fix = null) => new() { Kind = ProblemKind.BadInput, Path = path, Message = message, Fix = fix };

    public static Problem NotFound(string path, string message, string? fix = null) => new() { Kind = ProblemKind.NotFound, Path = path, Message = message, Fix = fix };

    public static Problem LimitExceeded(string path, string message, string? fix = null) => new() { Kind = ProblemKind.LimitExceeded, Path = path, Message = message, Fix = fix };

    public static Problem Infeasible(string path, string message, string? fix = null) => new() { Kind = ProblemKind.Infeasible, Path = path, Message = message, Fix = fix };

    /// <summary>A bad-input problem in a text input (a file's line and column).</summary>
    public static Problem InText(string source, int? line, string? path, string message, int? column = null) =>
        new() { Kind = ProblemKind.BadInput, Path = path ?? string.Empty, Message = message, Location = new SourceLocation(source, line, column) };

    /// <summary>The same problem with its path under <paramref name="prefix"/> (<c>clip</c> + <c>frames</c> → <c>clip.frames</c>).</summary>
    public Problem Under(string prefix) => this with { Path = Path.Length == 0 ? prefix : Path.StartsWith('[') ? prefix + Path : $"{prefix}.{Path}" };

    /// <summary>Message and fix in one line, for logs and plain-text front ends that add the path themselves.</summary>
    [JsonIgnore]
    public string Text => Fix is null ? Message : $"{Message}; {Fix}";

    /// <summary>A plain rendering: location, path, message and fix.</summary>
    public override string ToString()
    {
        var where = Location?.ToString();
        var head = (where, Path.Length > 0) switch
        {
            (not null, true) => $"{where}: {Path}: ",
            (not null, false) => $"{where}: ",
            (null, true) => $"{Path}: ",
            _ => string.Empty,
        };
        return head + Text;
    }
}
