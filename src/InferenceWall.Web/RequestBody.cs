using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace InferenceWall.Web;

/// <summary>
/// Reads a JSON request body: the content type (415 unless JSON), the size (413 over the limit, whether the client
/// said so in Content-Length or not), strict UTF-8 and strict JSON (400 with the line and byte), an object at the top.
/// </summary>
internal static class RequestBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as a JSON object, or the problem details answering it.</summary>
    public static async Task<(JsonObject? Body, IResult? Error)> ObjectAsync(HttpContext context, long maxBytes)
    {
        var (text, error) = await TextAsync(context, maxBytes).ConfigureAwait(false);
        if (error is not null)
        {
            return (null, error);
        }

        var problems = new List<Problem>();
        try
        {
            var body = RequestJson.Object(text, string.Empty, problems);
            // A JSON object materializes its properties lazily: a field written twice throws here, not later.
            _ = body?.Count;
            return body is null ? (null, ApiJson.Problems(problems, StatusCodes.Status400BadRequest)) : (body, null);
        }
        catch (ArgumentException)
        {
            return (null, ApiJson.Problems([Problem.BadInput(string.Empty, "has a field written more than once", "write each field once")], StatusCodes.Status400BadRequest));
        }
    }

    /// <summary>
    /// The body as a <typeparamref name="T"/> (every unknown field and wrong type reported), or the problem details; a
    /// field the body leaves out keeps the record's own default.
    /// </summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, long maxBytes)
        where T : class
    {
        var (body, error) = await ObjectAsync(context, maxBytes).ConfigureAwait(false);
        if (body is null)
        {
            return (null, error);
        }

        var problems = new List<Problem>();
        var value = RequestJson.Read<T>(body, string.Empty, problems);
        return value is null || problems.Count > 0
            ? (null, ApiJson.Problems(problems.Count > 0 ? problems : [Problem.BadInput(string.Empty, "could not be read")], StatusCodes.Status400BadRequest))
            : (value, null);
    }

    private static async Task<(string? Text, IResult? Error)> TextAsync(HttpContext context, long maxBytes)
    {
        if (!IsJson(context.Request.ContentType))
        {
            return (null, ApiJson.Problems(
                [Problem.BadInput("Content-Type", $"is '{context.Request.ContentType ?? "missing"}', not JSON", "send the body as application/json (UTF-8)")],
                StatusCodes.Status415UnsupportedMediaType));
        }

        if (context.Request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
        catch (BadHttpRequestException)
        {
            return (null, ApiJson.Problems([Problem.BadInput(string.Empty, "the request body could not be read (a malformed or cut-off request)", "send the whole body")], StatusCodes.Status400BadRequest));
        }

        try
        {
            return (StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, ApiJson.Problems([Problem.BadInput(string.Empty, "is not valid UTF-8 text", "send the body as UTF-8 JSON")], StatusCodes.Status400BadRequest));
        }
    }

    private static IResult TooLarge(long maxBytes) => ApiJson.Problems(
        [Problem.LimitExceeded(string.Empty, $"the request body is larger than the limit of {maxBytes:N0} bytes", "send a smaller body (a scenario is at most 1 Mi characters)")],
        StatusCodes.Status413PayloadTooLarge);

    /// <summary>application/json or any <c>+json</c> type, UTF-8 if a charset is given.</summary>
    private static bool IsJson(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? string.Empty;
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = media.Charset.Value;
        return json && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>Reads the fields of a small request object (a submission, a label) with every unknown field and wrong type as a problem.</summary>
internal sealed class BodyFields(JsonObject body, List<Problem> problems)
{
    /// <summary>Reports every field not in <paramref name="known"/>; true when there were none.</summary>
    public bool Only(params string[] known)
    {
        var ok = true;
        foreach (var key in body.Select(p => p.Key).Where(k => !known.Contains(k, StringComparer.Ordinal)).ToList())
        {
            problems.Add(Problem.BadInput(key, "is not a field of this request", "remove it, or write one of " + string.Join(", ", known.Order(StringComparer.Ordinal))));
            ok = false;
        }

        return ok;
    }

    public bool Has(string name) => body.ContainsKey(name);

    /// <summary>A text field; null when absent or null.</summary>
    public string? Text(string name)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        problems.Add(Problem.BadInput(name, $"must be a text, not {Describe(node)}", $"write \"{name}\": \"…\""));
        return null;
    }

    /// <summary>An object field; null when absent or null.</summary>
    public JsonObject? Object(string name)
    {
        var node = body[name];
        if (node is null or JsonObject)
        {
            return (JsonObject?)node;
        }

        problems.Add(Problem.BadInput(name, $"must be an object, not {Describe(node)}", $"write \"{name}\": {{…}}"));
        return null;
    }

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "a value",
    };
}
