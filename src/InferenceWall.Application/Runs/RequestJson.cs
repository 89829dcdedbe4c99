using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using InferenceWall.Application.Json;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Runs;

/// <summary>
/// Reads a request body (JSON text from the HTTP API or a stored run) into a use case's request record, with the
/// contract's spelling: snake_case names, enums as words, no unknown fields, strict numbers. Every unknown field is
/// reported with its path at once; a wrong type is reported with its path and the type it must have.
/// </summary>
public static class RequestJson
{
    /// <summary>The largest request body read, in characters.</summary>
    public const int MaxChars = 4 * 1024 * 1024;

    /// <summary>The deepest nesting read.</summary>
    public const int MaxDepth = 32;

    // Read with the reflection resolver, not the source-generated contexts: their object initializer sets every
    // init-only property, so a field the body leaves out became 0 / null / a default ImmutableArray instead of the
    // record's own default (utilization 1.0, samples 100,000, no inputs).
    private static readonly JsonSerializerOptions ReadOptions = new(ContractJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    /// <summary>The text as a JSON object, or the problem (under <paramref name="path"/>) that stops it being one.</summary>
    public static JsonObject? Object(string? text, string path, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(Problem.BadInput(path, "is empty", "send a JSON object"));
            return null;
        }

        if (text.Length > MaxChars)
        {
            problems.Add(Problem.LimitExceeded(path, $"is {text.Length:N0} characters, more than the limit of {MaxChars:N0}", "send a smaller body"));
            return null;
        }

        try
        {
            var node = JsonNode.Parse(text, documentOptions: DocumentOptions);
            if (node is JsonObject obj)
            {
                return obj;
            }

            problems.Add(Problem.BadInput(path, $"is a JSON {Describe(node)}, not an object", "send a JSON object: {\"field\": value, …}"));
            return null;
        }
        catch (JsonException e)
        {
            problems.Add(Syntax(path, e));
            return null;
        }
    }

    /// <summary>
    /// The object as a <typeparamref name="T"/>, or every problem with its path under <paramref name="path"/>. A field
    /// the body leaves out keeps the record's own default; a required one left out is a problem.
    /// </summary>
    public static T? Read<T>(JsonObject body, string path, List<Problem> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(problems);
        var info = (JsonTypeInfo<T>)ReadOptions.GetTypeInfo(typeof(T));
        var known = info.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = body.Select(p => p.Key).Where(k => !known.Contains(k)).ToList();
        foreach (var key in unknown)
        {
            problems.Add(Problem.BadInput(Join(path, key), "is not a field of this request",
                "remove it, or write one of " + string.Join(", ", known.Order(StringComparer.Ordinal))));
        }

        if (unknown.Count > 0)
        {
            return null;
        }

        try
        {
            return body.Deserialize(info);
        }
        catch (JsonException e)
        {
            problems.Add(Value(path, e, info));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            problems.Add(Problem.BadInput(path, "could not be read: " + e.Message, "check the field types against the OpenAPI document"));
            return null;
        }
    }

    /// <summary>The text as a <typeparamref name="T"/> (an object at the top), or every problem.</summary>
    public static T? Read<T>(string? text, string path, List<Problem> problems)
        where T : class =>
        Object(text, path, problems) is { } body ? Read<T>(body, path, problems) : null;

    /// <summary>The value re-written with the contract's spelling (what a stored run keeps as its request).</summary>
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)ReadOptions.GetTypeInfo(typeof(T)));

    private static Problem Syntax(string path, JsonException e)
    {
        var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : string.Empty;
        return new Problem
        {
            Kind = ProblemKind.BadInput,
            Path = path,
            Message = "is not valid JSON" + where + " (NaN and infinities are not JSON numbers; comments and trailing commas are not allowed)",
            Fix = "send well-formed JSON",
            Location = e.LineNumber is { } l ? new SourceLocation(string.IsNullOrEmpty(path) ? "body" : path, (int)Math.Min(int.MaxValue, l + 1), (int)Math.Min(int.MaxValue, (e.BytePositionInLine ?? 0) + 1)) : null,
        };
    }

    private static Problem Value(string path, JsonException e, JsonTypeInfo root)
    {
        var field = Join(path, (e.Path ?? "$").TrimStart('$').TrimStart('.'));
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        const string Prefix = "The JSON value could not be converted to ";
        if (message.StartsWith(Prefix, StringComparison.Ordinal))
        {
            message = "must be " + Expected((TypeAt(root, e.Path) ?? typeof(object)).ToString());
        }
        else if (message.Contains("missing required properties", StringComparison.OrdinalIgnoreCase))
        {
            var names = message[(message.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().TrimEnd('.');
            return Problem.BadInput(path, "is missing required fields: " + names.Replace("'", string.Empty, StringComparison.Ordinal), "add them");
        }

        return Problem.BadInput(field, message, "check the field's type against the OpenAPI document");
    }

    /// <summary>The declared type at a JSON path (<c>$.inputs[0].parameters[1]</c>) of a request type, or null.</summary>
    private static Type? TypeAt(JsonTypeInfo root, string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath))
        {
            return null;
        }

        var info = root;
        Type? type = root.Type;
        var rest = jsonPath.TrimStart('$');
        while (rest.Length > 0 && info is not null)
        {
            if (rest[0] == '[')
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (close < 0 || info.ElementType is null)
                {
                    return null;
                }

                type = info.ElementType;
                rest = rest[(close + 1)..];
            }
            else if (rest[0] == '.')
            {
                rest = rest[1..];
                var end = rest.IndexOfAny(['.', '[']);
                var name = end < 0 ? rest : rest[..end];
                rest = end < 0 ? string.Empty : rest[end..];
                type = info.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType;
                if (type is null)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }

            info = ReadOptions.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        }

        return type;
    }

    private static string Expected(string type) => type switch
    {
        _ when type.StartsWith("System.Int", StringComparison.Ordinal) || type.StartsWith("System.Nullable`1[System.Int", StringComparison.Ordinal) =>
            "a whole number within its range",
        _ when type.StartsWith("System.UInt", StringComparison.Ordinal) || type.StartsWith("System.Nullable`1[System.UInt", StringComparison.Ordinal) =>
            "a whole number, 0 or more, within its range",
        _ when type.Contains("System.Double", StringComparison.Ordinal) => "a finite number",
        _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("System.String", StringComparison.Ordinal) && !type.Contains("Immutable", StringComparison.Ordinal) => "a text",
        _ when type.Contains("ImmutableArray", StringComparison.Ordinal) => "a list",
        _ => "an object of the documented shape",
    };

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "list",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "text",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => "number",
        _ => "value",
    };

    private static string Join(string path, string field) =>
        string.IsNullOrEmpty(path) ? field : string.IsNullOrEmpty(field) ? path : field.StartsWith('[') ? path + field : path + "." + field;
}
