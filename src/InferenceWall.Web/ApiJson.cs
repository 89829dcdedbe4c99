using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using InferenceWall.Application;
using InferenceWall.Application.Json;
using InferenceWall.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace InferenceWall.Web;

/// <summary>
/// Writes API answers: the contract's JSON (the bytes the CLI writes with <c>--format json</c>) and RFC 9457 problem
/// details carrying every problem with its field path.
/// </summary>
internal static class ApiJson
{
    public const string JsonType = "application/json; charset=utf-8";
    public const string ProblemType = "application/problem+json; charset=utf-8";
    public const string ProblemUrn = "urn:inferencewall:problem:";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = ContractJson.Options.Encoder,
    };

    /// <summary>A response already serialized as the contract's JSON.</summary>
    public static IResult Text(string json, int status = StatusCodes.Status200OK) =>
        Results.Text(json, JsonType, Encoding.UTF8, status);

    public static IResult Contract<T>(T value, int status = StatusCodes.Status200OK) => Text(ContractJson.Serialize(value), status);

    /// <summary>Writes an object with a writer of the contract's style (indented, relaxed escaping).</summary>
    public static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The HTTP status of a failed outcome: 422 when every problem is an infeasibility, else 400.</summary>
    public static int StatusOf<T>(Outcome<T> outcome)
        where T : class => outcome.IsInfeasible ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest;

    public static IResult Problems<T>(Outcome<T> outcome)
        where T : class => Problems(outcome.Problems, StatusOf(outcome));

    /// <summary>Problem details (RFC 9457) for these problems; the type is the first problem's kind.</summary>
    public static IResult Problems(IReadOnlyCollection<Problem> problems, int status, string? title = null)
    {
        var list = problems.ToImmutableArray();
        var kind = list.IsEmpty ? "bad_input" : ProblemWords.Kind.Word(list[0].Kind);
        return Results.Text(Details(kind, title ?? Title(status), status, list.IsEmpty ? null : Detail(list[0]), list), ProblemType, Encoding.UTF8, status);
    }

    /// <summary>Problem details with a type of their own (<c>unauthorized</c>, <c>conflict</c>) and one problem.</summary>
    public static IResult Problem(string type, int status, Problem problem) =>
        Results.Text(Details(type, Title(status), status, Detail(problem), [problem]), ProblemType, Encoding.UTF8, status);

    /// <summary>The problem details document.</summary>
    public static string Details(string type, string title, int status, string? detail, ImmutableArray<Problem> problems) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", ProblemUrn + type);
        w.WriteString("title", title);
        w.WriteNumber("status", status);
        if (detail is null)
        {
            w.WriteNull("detail");
        }
        else
        {
            w.WriteString("detail", detail);
        }

        w.WritePropertyName("problems");
        JsonSerializer.Serialize(w, problems, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ImmutableArray<Problem>>)ContractJson.Options.GetTypeInfo(typeof(ImmutableArray<Problem>)));
        w.WriteEndObject();
    });

    /// <summary>Writes problem details straight to a response (middleware, the exception handler).</summary>
    public static Task WriteAsync(HttpContext context, string type, int status, Problem problem)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ProblemType;
        return context.Response.WriteAsync(Details(type, Title(status), status, Detail(problem), [problem]), Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>The first problem as one line: its path and text.</summary>
    public static string Detail(Problem problem) => problem.Path.Length > 0 ? $"{problem.Path}: {problem.Text}" : problem.Text;

    public static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request has problems",
        StatusCodes.Status401Unauthorized => "An access token is needed",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
        StatusCodes.Status409Conflict => "The run is not in a state that allows this",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON",
        StatusCodes.Status422UnprocessableEntity => "The input is valid but has no answer",
        StatusCodes.Status429TooManyRequests => "Too many runs are waiting",
        StatusCodes.Status500InternalServerError => "The server failed",
        _ => "The request failed",
    };
}
