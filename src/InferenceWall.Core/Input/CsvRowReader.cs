using System.Globalization;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Input;

/// <summary>
/// Typed access to the fields of a <see cref="CsvTable"/> by column name. Every problem is recorded with
/// the file, line and column; getters return null where a value is missing or invalid so that a caller can
/// go on and report every problem of the file at once.
/// </summary>
public sealed class CsvRowReader
{
    private readonly CsvTable _table;
    private readonly ICollection<Problem> _errors;
    private readonly Dictionary<string, int> _columns;

    public CsvRowReader(CsvTable table, ICollection<Problem> errors)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
        _errors = errors;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < table.Header.Length; i++)
        {
            _columns.TryAdd(table.Header[i], i);
        }
    }

    public string Source => _table.Source;

    /// <summary>Problems recorded so far (a row's reader compares it before and after the row).</summary>
    public int ErrorCount => _errors.Count;

    /// <summary>Reports every required column that the header lacks; returns false if any is missing.</summary>
    public bool RequireColumns(IEnumerable<string> required)
    {
        var ok = true;
        foreach (var name in required)
        {
            if (!_columns.ContainsKey(name))
            {
                _errors.Add(Problem.InText(Source, 1, name, $"missing column; the header must name it (header has: {string.Join(",", _table.Header)})"));
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>Reports a record whose field count differs from the header's; returns false then.</summary>
    public bool CheckWidth(CsvRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Fields.Length == _table.Header.Length)
        {
            return true;
        }

        _errors.Add(Problem.InText(Source, record.Line, null,
            $"has {record.Fields.Length} fields but the header has {_table.Header.Length}; quote fields that contain commas"));
        return false;
    }

    public void Error(CsvRecord record, string? column, string message) =>
        _errors.Add(Problem.InText(Source, record.Line, column, message));

    public string Text(CsvRecord record, string column)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _columns.TryGetValue(column, out var i) && i < record.Fields.Length ? record.Fields[i].Trim() : string.Empty;
    }

    public string? RequiredText(CsvRecord record, string column)
    {
        var text = Text(record, column);
        if (text.Length > 0)
        {
            return text;
        }

        Error(record, column, "is empty; a value is required");
        return null;
    }

    /// <summary>A finite decimal, or null if empty (optional) or invalid (error recorded).</summary>
    /// <summary>The largest magnitude of any number in a catalog or measurement file (1e12).</summary>
    public const double MaxMagnitude = 1e12;

    public double? Number(CsvRecord record, string column, bool required, double min = double.NegativeInfinity, bool minExclusive = false)
    {
        var text = Text(record, column);
        if (text.Length == 0)
        {
            if (required)
            {
                Error(record, column, "is empty; a number is required");
            }

            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(record, column, $"'{text}' is not a number; write a decimal with '.' and no units or thousands separators");
            return null;
        }

        if (value < min || (minExclusive && value <= min))
        {
            Error(record, column, $"{text} is out of range; it must be {(minExclusive ? ">" : ">=")} {min.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        if (Math.Abs(value) > MaxMagnitude)
        {
            // Catalog and measurement figures are GB, TFLOP/s, $/hour, seconds: a value this large is a typo, and
            // multiplied into bytes or FLOPs it would overflow to infinity.
            _errors.Add(Problem.InText(Source, record.Line, column, $"{text} is beyond the limit of {MaxMagnitude:G} for any number in these files") with { Kind = ProblemKind.LimitExceeded });
            return null;
        }

        return value;
    }

    /// <summary>An integer, or null if empty (optional) or invalid (error recorded).</summary>
    public int? Integer(CsvRecord record, string column, bool required, int min = int.MinValue)
    {
        var text = Text(record, column);
        if (text.Length == 0)
        {
            if (required)
            {
                Error(record, column, "is empty; an integer is required");
            }

            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            Error(record, column, $"'{text}' is not a whole number; write plain digits");
            return null;
        }

        if (value < min)
        {
            Error(record, column, $"{value} is out of range; it must be >= {min}");
            return null;
        }

        return value;
    }

    /// <summary><c>true</c> or <c>false</c> (lowercase), or null if empty (optional) or invalid (error recorded).</summary>
    /// <summary>A required word from <paramref name="words"/>; null (and an error naming the allowed words) when missing or not one of them.</summary>
    public T? Choice<T>(CsvRecord record, string column, Vocabulary<T> words)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(words);
        var text = RequiredText(record, column);
        if (text is null)
        {
            return null;
        }

        if (words.TryParse(text, out var value))
        {
            return value;
        }

        Error(record, column, $"'{text}' is not {words.WithArticle}; write one of {words.Allowed}");
        return null;
    }

    public bool? Boolean(CsvRecord record, string column, bool required)
    {
        var text = Text(record, column);
        switch (text)
        {
            case "true": return true;
            case "false": return false;
            case "":
                if (required)
                {
                    Error(record, column, "is empty; write true or false");
                }

                return null;
            default:
                Error(record, column, $"'{text}' is not a boolean; write true or false (lowercase)");
                return null;
        }
    }
}
