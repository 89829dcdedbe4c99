namespace InferenceWall.Core.Text;

/// <summary>Finds the names nearest to a mistyped one, for "did you mean" suggestions.</summary>
public static class NameMatcher
{
    /// <summary>
    /// Normalizes a name for matching: lowercase, letters and digits only, except that a decimal point between digits
    /// stays (so that <c>wan2.1-t2v-1.3b</c> never matches a 13B model).
    /// </summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var buffer = new System.Text.StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsLetterOrDigit(c))
            {
                buffer.Append(char.ToLowerInvariant(c));
            }
            else if (c == '.' && i > 0 && i + 1 < name.Length && char.IsDigit(name[i - 1]) && char.IsDigit(name[i + 1]))
            {
                buffer.Append('.');
            }
        }

        return buffer.ToString();
    }

    /// <summary>Up to <paramref name="count"/> candidates nearest to <paramref name="query"/>, nearest first.</summary>
    public static IReadOnlyList<string> Nearest(string query, IEnumerable<string> candidates, int count = 3)
    {
        var q = Normalize(query);
        return candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Score: Score(q, Normalize(c))))
            .OrderBy(x => x.Score)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Name)
            .ToList();
    }

    private static int Score(string query, string candidate)
    {
        // A candidate that contains the query (or the reverse) is a strong match.
        if (query.Length > 0 && (candidate.Contains(query, StringComparison.Ordinal) || query.Contains(candidate, StringComparison.Ordinal)))
        {
            return Math.Abs(candidate.Length - query.Length) / 4;
        }

        return Levenshtein(query, candidate);
    }

    public static int Levenshtein(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
