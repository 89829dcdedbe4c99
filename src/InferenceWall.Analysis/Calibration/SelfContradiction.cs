using System.Collections.Immutable;
using System.Globalization;

namespace InferenceWall.Analysis.Calibration;

/// <summary>
/// Flags the rows a source contradicts itself on: two rows from the same source that agree on every setting the
/// format records (model, task, GPU, GPU count and parallel degrees, size, frames, steps, cfg, precision, offload,
/// step cache, attention kernel, compile, stack and scope) but whose latencies differ by more than
/// <see cref="Tolerance"/>. Nothing the cost model sees tells such rows apart, so neither can be fitted to; each is
/// skipped, its reason naming the rows it disagrees with. Every row of such a pair is skipped (the set cannot say which
/// is right); rows already skipped for another reason keep that reason. Rows of different sources never contradict
/// each other: sources differing is what the error bars measure.
/// </summary>
public static class SelfContradiction
{
    /// <summary>The largest relative spread (larger over smaller latency, minus one) two such rows may show.</summary>
    public const double Tolerance = 0.10;

    public static ImmutableArray<PreparedRow> Flag(IReadOnlyList<PreparedRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = rows.ToArray();
        var groups = Enumerable.Range(0, rows.Count)
            .Where(i => rows[i].Measurement.LatencySeconds is not null)
            .GroupBy(i => Key(rows[i].Measurement), StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            var members = group.ToList();
            foreach (var i in members.Where(i => rows[i].SkipReason is null))
            {
                var m = rows[i].Measurement;
                var others = members
                    .Where(j => j != i && Disagree(m.LatencySeconds!.Value, rows[j].Measurement.LatencySeconds!.Value))
                    .Select(j => rows[j].Measurement)
                    .ToList();
                if (others.Count == 0)
                {
                    continue;
                }

                var listed = string.Join(", ", others.Select(o => $"{o.Id} ({S(o.LatencySeconds!.Value)} s)"));
                result[i] = rows[i] with
                {
                    Request = null,
                    SkipReason = $"the source contradicts itself: {listed} {(others.Count == 1 ? "has" : "have")} every setting the format records " +
                        $"the same but a latency more than {Tolerance * 100:0}% from this row's {S(m.LatencySeconds!.Value)} s (a setting the format " +
                        "does not record differs, or the source is inconsistent); not fitted or scored",
                };
            }
        }

        return [.. result];
    }

    /// <summary>Whether two latencies differ by more than <see cref="Tolerance"/> (larger over smaller).</summary>
    public static bool Disagree(double a, double b) => Math.Max(a, b) / Math.Min(a, b) > 1 + Tolerance + 1e-12;

    private static string Key(Measurement m) => string.Join('\u001f',
        m.Source, m.Model, m.Task, m.Gpu, I(m.NumGpus), I(m.Ulysses), I(m.Ring), I(m.CfgParallel), I(m.TensorParallel), I(m.Width), I(m.Height),
        I(m.Frames), m.Steps is { } s ? I(s) : "?", m.Cfg switch { true => "cfg", false => "nocfg", _ => "?" }, m.Precision,
        MeasurementWords.Offload.Word(m.Offload), m.StepCache, m.AttentionKernel, m.Compiled ? "compiled" : "eager", m.Stack,
        MeasurementWords.Scope.Word(m.Scope));

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string S(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
