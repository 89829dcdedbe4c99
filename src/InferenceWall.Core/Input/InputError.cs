namespace InferenceWall.Core.Input;

/// <summary>
/// One problem found in an input (a CSV file, a CLI option, a catalog entry): where it is and what to do.
/// </summary>
/// <param name="Source">The file or input name, for example <c>data/gpus.csv</c> or <c>--resolution</c>.</param>
/// <param name="Line">1-based line number in the file, when the input is a file.</param>
/// <param name="Field">The column or field name.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="Column">1-based column, where the input format has one (YAML).</param>
public sealed record InputError(string Source, int? Line, string? Field, string Message, int? Column = null)
{
    public override string ToString()
    {
        var where = Line is { } line ? (Column is { } column ? $"{Source}:{line}:{column}" : $"{Source}:{line}") : Source;
        return Field is null ? $"{where}: {Message}" : $"{where}: {Field}: {Message}";
    }
}
