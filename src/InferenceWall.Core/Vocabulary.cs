using System.Collections.Frozen;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core;

/// <summary>
/// A closed vocabulary: every value of an enum with the one word that spells it in every input and output (CLI
/// options, scenario files, JSON, tables). Parsing refuses an unknown word with the allowed list; there is no
/// catch-all default.
/// </summary>
public sealed class Vocabulary<T>
    where T : struct, Enum
{
    private readonly FrozenDictionary<string, T> _byWord;
    private readonly FrozenDictionary<T, string> _byValue;

    public Vocabulary(string noun, params (T Value, string Word)[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        Noun = noun;
        Words = [.. words.Select(w => w.Word)];
        _byWord = words.ToFrozenDictionary(w => w.Word, w => w.Value, StringComparer.Ordinal);
        _byValue = words.ToFrozenDictionary(w => w.Value, w => w.Word);
        var missing = Enum.GetValues<T>().Where(v => !_byValue.ContainsKey(v)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"the {noun} vocabulary has no word for {string.Join(", ", missing)}", nameof(words));
        }
    }

    /// <summary>What the words name, for messages (precision, capacity class).</summary>
    public string Noun { get; }

    /// <summary>The noun with its indefinite article, for messages ("an attention kernel", "a precision").</summary>
    public string WithArticle => ("aeiou".Contains(Noun[0], StringComparison.Ordinal) ? "an " : "a ") + Noun;

    /// <summary>The words in their declared order.</summary>
    public IReadOnlyList<string> Words { get; }

    public string Allowed => string.Join(", ", Words);

    public string Word(T value) => _byValue[value];

    /// <summary>Parses a word; case-insensitive, and '-' reads as '_' (<c>on-demand</c> = <c>on_demand</c>).</summary>
    public bool TryParse(string? text, out T value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var word = text.Trim().ToLowerInvariant();
        return _byWord.TryGetValue(word, out value) || _byWord.TryGetValue(word.Replace('-', '_'), out value);
    }

    /// <summary>The value, or a bad-input problem at <paramref name="path"/> listing the allowed words.</summary>
    public (T? Value, Problem? Problem) Parse(string path, string? text) =>
        TryParse(text, out var value)
            ? (value, null)
            : (null, Problem.BadInput(path, $"'{text}' is not {WithArticle}", $"write one of {Allowed}"));
}
