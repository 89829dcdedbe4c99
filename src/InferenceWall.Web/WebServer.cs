using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using InferenceWall.Application;
using InferenceWall.Core.Problems;
using InferenceWall.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;

namespace InferenceWall.Web;

/// <summary>A server that must not start as configured (a non-loopback address without a token, a malformed URL or token).</summary>
public sealed class ServeRefusedException : Exception
{
    public ServeRefusedException()
        : this("urls", "the server cannot start as configured")
    {
    }

    public ServeRefusedException(string message)
        : this("urls", message)
    {
    }

    public ServeRefusedException(string message, Exception inner)
        : base(message, inner) => Field = "urls";

    public ServeRefusedException(string field, string message)
        : base(message) => Field = field;

    /// <summary>The setting at fault: <c>urls</c> or <c>token</c>.</summary>
    public string Field { get; }
}

/// <summary>
/// The HTTP server of <c>iwall serve</c>: the JSON API over the application layer (the same use cases and the same
/// JSON as the CLI), background runs, the OpenAPI document and reference page, and the dashboard's pages.
/// </summary>
public static partial class WebServer
{
    /// <summary>The shortest access token accepted.</summary>
    public const int MinTokenChars = 16;

    /// <summary>The page routes of the dashboard (one page; the browser routes).</summary>
    public const string PageCsp =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>The API reference page configures itself with an inline script; it still loads nothing from outside.</summary>
    public const string ReferenceCsp =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public const string ReferencePath = "/api/reference";

    /// <summary>
    /// Builds the server (not started). Refuses, with <see cref="ServeRefusedException"/>, a URL that is not loopback
    /// unless a token is set, and a malformed URL or token. The store is the caller's: it is not disposed here.
    /// </summary>
    public static WebApplication Build(ServeOptions options, IRunStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var urls = CheckedUrls(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(WebServer).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(c => c.SingleLine = true);
        builder.Logging.AddFilter((category, level) => level >= options.MinimumLogLevel);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(c => c.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            j.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            j.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            j.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
        });
        builder.Services.AddOpenApi(OpenApiBodies.Add);
        var data = options.Data ?? EngineData.Shipped;
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(data);
        builder.Services.AddSingleton<RunWorkers>();
        builder.Services.AddHostedService(s => s.GetRequiredService<RunWorkers>());
        builder.Services.AddSingleton<RunService>();
        builder.Services.AddSingleton(new Dashboard(options.DashboardAssembly ?? typeof(WebServer).Assembly));

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("InferenceWall.Web");
        app.Use((context, next) => Guard(context, next, log));
        app.Use((context, next) => Headers(context, next));
        app.UseStatusCodePages(ProblemForBareStatus);
        app.Use((context, next) => Authorize(context, next, options.Token));
        app.MapOpenApi();
        app.MapScalarApiReference(ReferencePath, o =>
        {
            o.DefaultFonts = false;
            o.Title = "InferenceWall API";
        });
        ApiEndpoints.Map(app);
        RunEndpoints.Map(app);
        JobEndpoints.Map(app);
        Dashboard.Map(app);
        return app;
    }

    /// <summary>The addresses the started server listens on (the port chosen when the URL asked for 0).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
    }

    /// <summary>Refuses (<see cref="ServeRefusedException"/>) what <see cref="Build"/> would refuse, before anything is opened.</summary>
    public static void Check(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ = CheckedUrls(options);
    }

    /// <summary>The URLs to listen on, refused when malformed, or not loopback while no token is set.</summary>
    internal static List<string> CheckedUrls(ServeOptions options)
    {
        if (options.Token is { } token && (token.Length < MinTokenChars || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw new ServeRefusedException("token", $"the access token must be at least {MinTokenChars} characters with no spaces or control characters");
        }

        var urls = options.Urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (urls.Count == 0)
        {
            throw new ServeRefusedException("no URL to listen on; give one, for example " + ServeOptions.DefaultUrls);
        }

        foreach (var url in urls)
        {
            var host = Host(url) ?? throw new ServeRefusedException($"'{url}' is not a URL to listen on; write it like {ServeOptions.DefaultUrls}");
            if (!IsLoopback(host) && string.IsNullOrEmpty(options.Token))
            {
                throw new ServeRefusedException(
                    $"refusing to listen on {url}: it is not a loopback address, and without an access token anyone who can reach it could use the API; " +
                    "set a token (--token or the IWALL_TOKEN environment variable) or listen on 127.0.0.1");
            }
        }

        return urls;
    }

    private static string? Host(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !(url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var rest = url[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? authority[1..close] : null;
        }

        var colon = authority.LastIndexOf(':');
        var host = colon >= 0 ? authority[..colon] : authority;
        return host.Length == 0 ? null : host;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Every exception becomes problem details without internals; a bad request the framework saw keeps its 4xx.</summary>
    private static async Task Guard(HttpContext context, RequestDelegate next, ILogger log)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var status = e.StatusCode is >= 400 and < 500 ? e.StatusCode : StatusCodes.Status400BadRequest;
            var problem = status == StatusCodes.Status413PayloadTooLarge
                ? Problem.LimitExceeded(string.Empty, "the request body is larger than the limit", "send a smaller body")
                : Problem.BadInput(string.Empty, "the request could not be read", "send a well-formed HTTP request with a JSON body");
            context.Response.Clear();
            await ApiJson.WriteAsync(context, status == StatusCodes.Status413PayloadTooLarge ? "limit_exceeded" : "bad_input", status, problem).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogUnhandled(log, e, context.Request.Method, context.Request.Path);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ApiJson.WriteAsync(context, "internal", StatusCodes.Status500InternalServerError,
                    Problem.BadInput(string.Empty, "the server failed on this request; the error is in the server's log", "try again; report it if it repeats")).ConfigureAwait(false);
            }
        }
    }

    private static Task Headers(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            var path = context.Request.Path;
            if (path.StartsWithSegments(ReferencePath, StringComparison.OrdinalIgnoreCase))
            {
                headers.ContentSecurityPolicy = ReferenceCsp;
            }
            else if (!path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                headers.ContentSecurityPolicy = PageCsp;
                headers.XFrameOptions = "DENY";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>The methods of the API routes (not the dashboard's catch-all) whose pattern matches the request's path.</summary>
    internal static List<string> AllowedMethods(HttpContext context, IEnumerable<Endpoint> endpoints)
    {
        var resolver = context.RequestServices.GetRequiredService<IInlineConstraintResolver>();
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            var raw = endpoint.RoutePattern.RawText ?? string.Empty;
            if (raw.Contains("**", StringComparison.Ordinal) || endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } verbs)
            {
                continue;
            }

            var values = new RouteValueDictionary();
            var matcher = new Microsoft.AspNetCore.Routing.Template.TemplateMatcher(
                Microsoft.AspNetCore.Routing.Template.TemplateParser.Parse(raw.TrimStart('/')), new RouteValueDictionary());
            if (matcher.TryMatch(context.Request.Path, values) && Satisfies(endpoint.RoutePattern, values, context, resolver))
            {
                methods.UnionWith(verbs.HttpMethods);
            }
        }

        return [.. methods];
    }

    /// <summary>True when the matched values meet the pattern's inline constraints (<c>{id:long}</c>).</summary>
    private static bool Satisfies(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern, RouteValueDictionary values, HttpContext context, IInlineConstraintResolver resolver) =>
        pattern.Parameters.All(parameter => parameter.ParameterPolicies.All(policy =>
            policy.Content is not { } content || resolver.ResolveConstraint(content) is not { } constraint
            || constraint.Match(context, null, parameter.Name, values, RouteDirection.IncomingRequest)));

    /// <summary>A 404 or 405 the router gave with no body becomes problem details under /api.</summary>
    private static Task ProblemForBareStatus(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var code = context.Response.StatusCode;
        var problem = code switch
        {
            StatusCodes.Status404NotFound => Problem.NotFound(string.Empty, $"no such API route: {context.Request.Method} {context.Request.Path}", "see /openapi/v1.json for the routes"),
            StatusCodes.Status405MethodNotAllowed => Problem.BadInput(string.Empty, $"{context.Request.Method} is not allowed on {context.Request.Path}", "see /openapi/v1.json for the methods"),
            _ => Problem.BadInput(string.Empty, ApiJson.Title(code)),
        };
        return ApiJson.WriteAsync(context, code == StatusCodes.Status404NotFound ? "not_found" : "bad_input", code, problem);
    }

    /// <summary>With a token set, every /api call but the reference page needs <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    private static Task Authorize(HttpContext context, RequestDelegate next, string? token)
    {
        var path = context.Request.Path;
        if (string.IsNullOrEmpty(token) || !path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(ReferencePath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        string header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        var given = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
        if (given is not null && SameToken(given, token))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiJson.WriteAsync(context, "unauthorized", StatusCodes.Status401Unauthorized,
            Problem.BadInput("Authorization", given is null ? "is missing: this server needs an access token" : "the access token is wrong",
                "send Authorization: Bearer <token> (the dashboard reads it from #token=… in its URL)"));
    }

    /// <summary>Compares in constant time (hashes first, so the length leaks nothing either).</summary>
    private static bool SameToken(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [LoggerMessage(Level = LogLevel.Error, Message = "unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger log, Exception e, string method, string path);
}
