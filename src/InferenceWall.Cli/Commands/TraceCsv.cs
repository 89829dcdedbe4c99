using System.Collections.Immutable;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Input;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation;

namespace InferenceWall.Cli.Commands;

/// <summary>
/// Reads a request trace: <c>timestamp_s,clip,tier</c> per line, times in seconds from the start of the day and in
/// order, <c>clip</c> the 0-based index into the scenario's clip_mix, <c>tier</c> a user tier name.
/// </summary>
internal static class TraceCsv
{
    public static (ImmutableArray<TraceArrival> Trace, List<string> Errors) Parse(string source, string text, Scenario scenario)
    {
        var errors = new List<Problem>();
        var table = CsvTable.Parse(source, text, errors);
        var r = new CsvRowReader(table, errors);
        var trace = ImmutableArray.CreateBuilder<TraceArrival>();
        if (r.RequireColumns(["timestamp_s", "clip", "tier"]))
        {
            var tiers = scenario.Users.Select(u => u.Tier).ToList();
            var last = 0.0;
            foreach (var row in table.Records)
            {
                if (!r.CheckWidth(row))
                {
                    continue;
                }

                var time = r.Number(row, "timestamp_s", true, 0);
                var clip = r.Integer(row, "clip", true, 0);
                var tier = r.RequiredText(row, "tier");
                if (clip is { } c && c >= scenario.Product.ClipMix.Length)
                {
                    r.Error(row, "clip", $"{c} is not a clip_mix index; the scenario has {scenario.Product.ClipMix.Length} (0 to {scenario.Product.ClipMix.Length - 1})");
                    clip = null;
                }

                var tierIndex = tier is null ? -1 : tiers.IndexOf(tier);
                if (tier is not null && tierIndex < 0)
                {
                    r.Error(row, "tier", $"'{tier}' is not a user tier of the scenario ({string.Join(", ", tiers)})");
                }

                if (time is { } t && t < last)
                {
                    r.Error(row, "timestamp_s", $"{t} is before the previous row's {last}; sort the trace by time");
                }

                if (time is { } ok && clip is not null && tierIndex >= 0)
                {
                    last = ok;
                    trace.Add(new TraceArrival(ok, tierIndex, clip.Value));
                }
            }

            if (table.Records.Length == 0)
            {
                errors.Add(Problem.InText(source, 2, null, "the trace has no requests"));
            }
        }

        return (trace.ToImmutable(), [.. errors.Select(e => e.ToString())]);
    }
}
