namespace InferenceWall.Core.Problems;

/// <summary>Where in a text input a problem is: the input's name (a file name, an upload) and 1-based line and column.</summary>
public sealed record SourceLocation(string Source, int? Line = null, int? Column = null)
{
    public override string ToString() => Line is { } line ? (Column is { } column ? $"{Source}:{line}:{column}" : $"{Source}:{line}") : Source;
}
