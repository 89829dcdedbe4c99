using System.Text.Json;
using System.Text.Json.Serialization;
using InferenceWall.Core;

namespace InferenceWall.Application.Json;

/// <summary>Writes and reads an enum as its one word of <see cref="Vocabulary{T}"/>.</summary>
internal sealed class WordConverter<T>(Vocabulary<T> words) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return words.TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not {words.WithArticle}; write one of {words.Allowed}");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(words.Word(value));
    }
}
