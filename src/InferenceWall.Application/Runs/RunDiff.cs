using System.Collections.Immutable;
using System.Text.Json;
using InferenceWall.Scenarios;

namespace InferenceWall.Application.Runs;

/// <summary>One side of a comparison: a run's kind, scenario text, options JSON and result JSON.</summary>
public sealed record RunSide(long Id, RunKind Kind, string? ScenarioYaml, string OptionsJson, string? ResultJson);

/// <summary>An input that differs: its field path (<c>product.gpu</c>, <c>options.samples</c>) and both values (null: absent).</summary>
public sealed record RunInputChange(string Field, string? A, string? B);

/// <summary>A numeric output that differs: its path in the result JSON, both values, B − A and (B − A) / |A|.</summary>
public sealed record RunOutputDelta(string Field, double? A, double? B, double? Change, double? RelativeChange);

/// <summary>Two stored runs compared: inputs by field path, outputs by delta.</summary>
public sealed record RunDiffResponse
{
    public required long A { get; init; }
    public required long B { get; init; }
    public required RunKind KindA { get; init; }
    public required RunKind KindB { get; init; }
    public required bool SameScenario { get; init; }
    public required ImmutableArray<RunInputChange> Inputs { get; init; }
    public required ImmutableArray<RunOutputDelta> Outputs { get; init; }

    /// <summary>Outputs that differ and are not numbers (words, flags), by path.</summary>
    public required ImmutableArray<RunInputChange> OtherOutputs { get; init; }

    /// <summary>How many numeric outputs both runs have and are equal.</summary>
    public required int UnchangedOutputs { get; init; }
}

/// <summary>Compares two runs of any kinds. Lists (a sweep's points, a tornado's bars) are compared by position.</summary>
public static class RunDiff
{
    /// <summary>Outputs beyond this many leaves per run are not compared (a million-point sweep).</summary>
    public const int MaxLeaves = 200_000;

    public static RunDiffResponse Compare(RunSide a, RunSide b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var inputs = new List<RunInputChange>();
        if (a.Kind != b.Kind)
        {
            inputs.Add(new RunInputChange("kind", RunWords.Kind.Word(a.Kind), RunWords.Kind.Word(b.Kind)));
        }

        var sa = Scenario(a.ScenarioYaml);
        var sb = Scenario(b.ScenarioYaml);
        inputs.AddRange(Changes(sa, sb, string.Empty));
        inputs.AddRange(Changes(Leaves(a.OptionsJson, out _), Leaves(b.OptionsJson, out _), "options."));
        var ra = Leaves(a.ResultJson, out var numbersA);
        var rb = Leaves(b.ResultJson, out var numbersB);
        var outputs = new List<RunOutputDelta>();
        var other = new List<RunInputChange>();
        var unchanged = 0;
        foreach (var key in ra.Keys.Union(rb.Keys).Order(StringComparer.Ordinal))
        {
            ra.TryGetValue(key, out var va);
            rb.TryGetValue(key, out var vb);
            double? na = numbersA.TryGetValue(key, out var x0) ? x0 : null;
            double? nb = numbersB.TryGetValue(key, out var y0) ? y0 : null;
            if ((na is not null || va is null) && (nb is not null || vb is null) && (na is not null || nb is not null))
            {
                if (na == nb)
                {
                    unchanged++;
                    continue;
                }

                double? change = na is { } x && nb is { } y ? y - x : null;
                double? relative = change is { } c && na is { } d && d != 0 ? c / Math.Abs(d) : null;
                outputs.Add(new RunOutputDelta(key, na, nb, change, relative));
            }
            else if (!string.Equals(va, vb, StringComparison.Ordinal))
            {
                other.Add(new RunInputChange(key, va, vb));
            }
        }

        return new RunDiffResponse
        {
            A = a.Id,
            B = b.Id,
            KindA = a.Kind,
            KindB = b.Kind,
            SameScenario = string.Equals(a.ScenarioYaml, b.ScenarioYaml, StringComparison.Ordinal),
            Inputs = [.. inputs],
            Outputs = [.. outputs],
            OtherOutputs = [.. other],
            UnchangedOutputs = unchanged,
        };
    }

    private static SortedDictionary<string, string> Scenario(string? yaml) =>
        yaml is null ? new(StringComparer.Ordinal) : ScenarioFlattener.Flatten(yaml);

    private static IEnumerable<RunInputChange> Changes(IDictionary<string, string> a, IDictionary<string, string> b, string prefix)
    {
        foreach (var key in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            a.TryGetValue(key, out var va);
            b.TryGetValue(key, out var vb);
            if (!string.Equals(va, vb, StringComparison.Ordinal))
            {
                yield return new RunInputChange(prefix + key, va, vb);
            }
        }
    }

    /// <summary>Every leaf of a JSON document by path (<c>figures.cost_per_clip_usd</c>, <c>points[3].latency_s</c>).</summary>
    /// <remarks>The leaves that are JSON numbers are also in <paramref name="numbers"/> (a text that reads as a number is not one).</remarks>
    private static Dictionary<string, string> Leaves(string? json, out Dictionary<string, double> numbers)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return leaves;
        }

        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        Walk(doc.RootElement, string.Empty, leaves, numbers);
        return leaves;
    }

    private static void Walk(JsonElement e, string path, Dictionary<string, string> leaves, Dictionary<string, double> numbers)
    {
        if (leaves.Count >= MaxLeaves)
        {
            return;
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    Walk(p.Value, path.Length == 0 ? p.Name : path + "." + p.Name, leaves, numbers);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", leaves, numbers);
                }

                break;
            case JsonValueKind.Null:
                break;
            case JsonValueKind.String:
                leaves[path] = e.GetString() ?? string.Empty;
                break;
            case JsonValueKind.Number when e.TryGetDouble(out var number):
                leaves[path] = e.GetRawText();
                numbers[path] = number;
                break;
            default:
                leaves[path] = e.GetRawText();
                break;
        }
    }
}
