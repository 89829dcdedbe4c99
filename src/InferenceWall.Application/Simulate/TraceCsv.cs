using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation;

namespace InferenceWall.Application.Simulate;

/// <summary>
/// Reads a request trace from text: a header naming <c>timestamp_s</c>, <c>clip</c> and <c>tier</c> (other columns are
/// ignored), then one arrival a line: seconds from the start of the run, in order and before its end; the 0-based
/// index into the scenario's clip_mix; a user tier's name. Every bad row is refused with its line and column (the
/// first <see cref="MaxProblems"/> of them), rows after the run's end included. Reads the text line by line and
/// keeps 16 bytes an arrival, so a trace of millions of rows fits.
/// </summary>
public static class TraceCsv
{
    /// <summary>The most problems reported for one trace; a count of the rest follows.</summary>
    public const int MaxProblems = 100;

    private static readonly string[] Required = ["timestamp_s", "clip", "tier"];

    public static (ImmutableArray<TraceArrival> Trace, ImmutableArray<Problem> Problems) Parse(string source, string text, IReadOnlyList<string> tiers, int clipCount,
        double durationSeconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tiers);
        var problems = new List<Problem>();
        var more = 0;
        void Add(int line, string? column, string message)
        {
            if (problems.Count < MaxProblems)
            {
                problems.Add(Problem.InText(source, line, column, message));
            }
            else
            {
                more++;
            }
        }

        ImmutableArray<Problem> Done()
        {
            if (more > 0)
            {
                problems.Add(Problem.InText(source, null, null, $"and {more:N0} more problems like these"));
            }

            return [.. problems];
        }

        var span = text.AsSpan();
        if (span.Length > 0 && span[0] == '\uFEFF')
        {
            span = span[1..];
        }

        var lines = span.Count('\n') + (span.Length > 0 && span[^1] != '\n' ? 1 : 0);
        if (lines - 1 > SimulationLimits.MaxArrivals)
        {
            return ([], [Problem.LimitExceeded("trace", $"{lines - 1:N0} rows; a trace holds at most {SimulationLimits.MaxArrivals:N0} arrivals") with { Location = new SourceLocation(source) }]);
        }

        var tierIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tiers.Count; i++)
        {
            tierIndex.TryAdd(tiers[i], i);
        }

        var tierLookup = tierIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        var fields = new List<string>();
        var lineNumber = 0;
        int[]? columns = null;
        var width = 0;
        var last = 0.0;
        var arrivals = new TraceArrival[Math.Max(lines - 1, 0)];
        var count = 0;
        foreach (var range in span.Split('\n'))
        {
            lineNumber++;
            var line = span[range];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (line.IsWhiteSpace())
            {
                continue;
            }

            if (!Split(line, fields))
            {
                Add(lineNumber, null, "a quoted field runs past the end of the line; a trace's fields hold no line breaks");
                continue;
            }

            if (columns is null)
            {
                width = fields.Count;
                var names = fields.Select(f => f.Trim()).ToList();
                var missing = Required.Where(r => !names.Contains(r, StringComparer.Ordinal)).ToList();
                if (missing.Count > 0)
                {
                    problems.Add(Problem.InText(source, lineNumber, null, $"the header lacks {string.Join(", ", missing)}; a trace's header names timestamp_s, clip and tier"));
                    return ([], Done());
                }

                columns = [.. Required.Select(r => names.IndexOf(r))];
                continue;
            }

            if (fields.Count != width)
            {
                Add(lineNumber, null, $"has {fields.Count} fields but the header has {width}; quote fields that contain commas");
                continue;
            }

            var time = Time(fields[columns[0]].AsSpan().Trim(), lineNumber, Add);
            var clip = Clip(fields[columns[1]].AsSpan().Trim(), clipCount, lineNumber, Add);
            var tierText = fields[columns[2]].AsSpan().Trim();
            var tier = -1;
            if (tierText.IsEmpty)
            {
                Add(lineNumber, "tier", "is empty; a user tier is required");
            }
            else if (!tierLookup.TryGetValue(tierText, out tier))
            {
                tier = -1;
                Add(lineNumber, "tier", $"'{tierText}' is not a user tier of the scenario ({string.Join(", ", tiers)})");
            }

            if (time is { } t)
            {
                if (t < last)
                {
                    Add(lineNumber, "timestamp_s", $"{N(t)} is before the previous row's {N(last)}; sort the trace by time");
                    time = null;
                }
                else if (t >= durationSeconds)
                {
                    Add(lineNumber, "timestamp_s", $"{N(t)} s is at or after the end of the simulated run ({N(durationSeconds)} s, simulation.duration_s); drop the row or lengthen the run");
                    time = null;
                }
                else
                {
                    last = t;
                }
            }

            if (time is { } ok && clip is { } c && tier >= 0 && problems.Count == 0)
            {
                arrivals[count++] = new TraceArrival(ok, tier, c);
            }
        }

        if (columns is null)
        {
            problems.Add(Problem.InText(source, 1, null, "the trace is empty; its header names timestamp_s, clip and tier"));
        }
        else if (count == 0 && problems.Count == 0)
        {
            problems.Add(Problem.InText(source, 2, null, "the trace has no requests"));
        }

        if (problems.Count > 0)
        {
            return ([], Done());
        }

        // The array was sized by the line count; it is handed over without a copy when every line was an arrival.
        return (count == arrivals.Length ? ImmutableCollectionsMarshal.AsImmutableArray(arrivals) : ImmutableArray.Create(arrivals, 0, count), []);
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static double? Time(ReadOnlySpan<char> text, int line, Action<int, string?, string> add)
    {
        if (text.IsEmpty)
        {
            add(line, "timestamp_s", "is empty; a number is required");
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            add(line, "timestamp_s", $"'{text}' is not a number; write a decimal with '.' and no units or thousands separators");
            return null;
        }

        if (v < 0)
        {
            add(line, "timestamp_s", $"{text} is out of range; it must be >= 0");
            return null;
        }

        return v;
    }

    private static int? Clip(ReadOnlySpan<char> text, int clipCount, int line, Action<int, string?, string> add)
    {
        if (text.IsEmpty)
        {
            add(line, "clip", "is empty; an integer is required");
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            add(line, "clip", $"'{text}' is not a whole number; write plain digits");
            return null;
        }

        if (v >= clipCount)
        {
            add(line, "clip", $"{v} is not a clip_mix index; the scenario has {clipCount} (0 to {clipCount - 1})");
            return null;
        }

        return v;
    }

    /// <summary>Splits one line into fields (RFC 4180 quotes within the line); false when a quote is left open.</summary>
    private static bool Split(ReadOnlySpan<char> line, List<string> fields)
    {
        fields.Clear();
        if (!line.Contains('"'))
        {
            foreach (var r in line.Split(','))
            {
                fields.Add(line[r].ToString());
            }

            return true;
        }

        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return !quoted;
    }
}
