using System.Globalization;
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
    // A vocabulary has a handful of words: a linear search over arrays beats a hashed dictionary, and it starts
    // without the JIT work of framework generics instantiated over each enum, which precompiled code cannot carry
    // (every vocabulary is built on the first use of any, at the start of most commands; decision 0012). Values are
    // compared as their underlying numbers.
    private readonly string[] _words;
    private readonly T[] _values;
    private readonly long[] _numbers;

    public Vocabulary(string noun, params (T Value, string Word)[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        Noun = noun;
        _words = new string[words.Length];
        _values = new T[words.Length];
        _numbers = new long[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            _words[i] = words[i].Word;
            _values[i] = words[i].Value;
            _numbers[i] = Number(words[i].Value);
            for (var j = 0; j < i; j++)
            {
                if (_numbers[j] == _numbers[i] || string.Equals(_words[j], _words[i], StringComparison.Ordinal))
                {
                    throw new ArgumentException($"the {noun} vocabulary names '{_words[i]}' or its value twice", nameof(words));
                }
            }
        }

        Words = _words;
        var missing = new List<string>();
        foreach (var value in Enum.GetValuesAsUnderlyingType<T>())
        {
            if (Array.IndexOf(_numbers, Convert.ToInt64(value, CultureInfo.InvariantCulture)) < 0)
            {
                missing.Add(Enum.GetName(typeof(T), value) ?? value.ToString()!);
            }
        }

        if (missing.Count > 0)
        {
            throw new ArgumentException($"the {noun} vocabulary has no word for {string.Join(", ", missing)}", nameof(words));
        }
    }

    private static long Number(T value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>What the words name, for messages (precision, capacity class).</summary>
    public string Noun { get; }

    /// <summary>The noun with its indefinite article, for messages ("an attention kernel", "a precision").</summary>
    public string WithArticle => ("aeiou".Contains(Noun[0], StringComparison.Ordinal) ? "an " : "a ") + Noun;

    /// <summary>The words in their declared order.</summary>
    public IReadOnlyList<string> Words { get; }

    public string Allowed => string.Join(", ", Words);

    public string Word(T value)
    {
        var i = Array.IndexOf(_numbers, Number(value));
        return i >= 0 ? _words[i] : throw new KeyNotFoundException($"the {Noun} vocabulary has no word for {value}");
    }

    /// <summary>Parses a word; case-insensitive, and '-' reads as '_' (<c>on-demand</c> = <c>on_demand</c>).</summary>
    public bool TryParse(string? text, out T value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var word = text.Trim().ToLowerInvariant();
        return TryFind(word, out value) || TryFind(word.Replace('-', '_'), out value);
    }

    private bool TryFind(string word, out T value)
    {
        var i = Array.IndexOf(_words, word);
        value = i >= 0 ? _values[i] : default;
        return i >= 0;
    }

    /// <summary>The value, or a bad-input problem at <paramref name="path"/> listing the allowed words.</summary>
    public (T? Value, Problem? Problem) Parse(string path, string? text) =>
        TryParse(text, out var value)
            ? (value, null)
            : (null, Problem.BadInput(path, $"'{text}' is not {WithArticle}", $"write one of {Allowed}"));
}
