using System.Collections.Immutable;
using System.Text;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Input;

/// <summary>One data record of a CSV file with the line it starts on.</summary>
public sealed record CsvRecord(int Line, ImmutableArray<string> Fields);

/// <summary>
/// A parsed CSV file: a header and its records. RFC 4180 quoting (quoted fields may hold commas,
/// doubled quotes and line breaks); CRLF or LF line ends.
/// </summary>
public sealed record CsvTable(string Source, ImmutableArray<string> Header, ImmutableArray<CsvRecord> Records)
{
    /// <summary>Parses <paramref name="text"/>; problems are added to <paramref name="errors"/> with their line.</summary>
    public static CsvTable Parse(string source, string text, ICollection<Problem> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        var quoteLine = 0;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            fieldStarted = false;
        }

        void EndRecord()
        {
            EndField();
            // A blank line is not a record.
            if (!(fields.Count == 1 && fields[0].Length == 0))
            {
                records.Add(new CsvRecord(recordLine, [.. fields]));
            }

            fields.Clear();
        }

        while (pos < text.Length)
        {
            var c = text[pos];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (pos + 1 < text.Length && text[pos + 1] == '"')
                    {
                        field.Append('"');
                        pos += 2;
                        continue;
                    }

                    inQuotes = false;
                    pos++;
                    continue;
                }

                if (c == '\n')
                {
                    line++;
                }

                field.Append(c);
                pos++;
                continue;
            }

            switch (c)
            {
                case '"' when !fieldStarted && field.Length == 0:
                    inQuotes = true;
                    fieldStarted = true;
                    quoteLine = line;
                    pos++;
                    break;
                case '"':
                    errors.Add(Problem.InText(source, line, null,
                        "a double quote inside an unquoted field; enclose the field in double quotes and write the quote twice (\"\")"));
                    field.Append(c);
                    pos++;
                    break;
                case ',':
                    EndField();
                    pos++;
                    break;
                case '\r':
                    pos++;
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    pos++;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    pos++;
                    break;
            }
        }

        if (inQuotes)
        {
            errors.Add(Problem.InText(source, quoteLine, null,
                "a quoted field opened here is never closed; add the closing double quote"));
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            EndRecord();
        }

        if (records.Count == 0)
        {
            errors.Add(Problem.InText(source, 1, null, "the file is empty; it needs a header line"));
            return new CsvTable(source, [], []);
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToImmutableArray();
        return new CsvTable(source, header, [.. records.Skip(1)]);
    }
}
