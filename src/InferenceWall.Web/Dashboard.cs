using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using InferenceWall.Core.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace InferenceWall.Web;

/// <summary>
/// The built dashboard: the embedded resources of an assembly whose logical name starts with <c>wwwroot/</c>, served
/// at their paths with their content types (hashed files under <c>assets/</c> cached for a year, the rest revalidated),
/// and the page routes answered with <c>index.html</c> (the browser routes). Without an embedded <c>index.html</c>, a
/// small page says the dashboard was not built and how to build it; the API works either way.
/// </summary>
internal sealed class Dashboard
{
    public const string Prefix = "wwwroot/";
    public const string Index = "index.html";

    /// <summary>Hashed build output is immutable.</summary>
    public const string ImmutableCache = "public, max-age=31536000, immutable";
    public const string RevalidateCache = "no-cache";

    /// <summary>The single-segment pages; <c>/runs/{id}</c> is the one with a parameter.</summary>
    private static readonly FrozenSet<string> Pages = new[] { string.Empty, "compare", "editor", "catalog", "estimate", "runs", "jobs" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FileExtensionContentTypeProvider Types = new();

    private readonly FrozenDictionary<string, Asset> _assets;

    public Dashboard(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name);
            if (stream is null)
            {
                continue;
            }

            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var path = name[Prefix.Length..].Replace('\\', '/');
            assets[path] = new Asset(copy.ToArray(), ContentType(path), Etag(copy.ToArray()), path.StartsWith("assets/", StringComparison.Ordinal) ? ImmutableCache : RevalidateCache);
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>True when a built <c>index.html</c> is embedded.</summary>
    public bool IsBuilt => _assets.ContainsKey(Index);

    public static void Map(WebApplication app)
    {
        app.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, Dashboard dashboard, string? path) => dashboard.Serve(context, path ?? string.Empty))
            .ExcludeFromDescription();
    }

    /// <summary>True for a page the browser routes: /, /runs/{id}, /compare, /editor, /catalog, /estimate, /jobs.</summary>
    public static bool IsPage(string path)
    {
        var segments = path.Trim('/').Split('/');
        return segments.Length switch
        {
            1 => Pages.Contains(segments[0]),
            2 => segments[0] == "runs" && segments[1].Length > 0 && segments[1].All(char.IsAsciiDigit),
            _ => false,
        };
    }

    private IResult Serve(HttpContext context, string path)
    {
        if (_assets.TryGetValue(path, out var asset))
        {
            return Send(context, asset);
        }

        if (IsPage(path))
        {
            return _assets.TryGetValue(Index, out var index) ? Send(context, index with { Cache = RevalidateCache }) : NotBuilt(context);
        }

        return ApiJson.Problems([Problem.NotFound(string.Empty, $"no page or file at {context.Request.Path}", "the pages are /, /runs/{id}, /compare, /editor, /catalog, /estimate and /jobs")],
            StatusCodes.Status404NotFound);
    }

    private static IResult Send(HttpContext context, Asset asset)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = asset.Cache;
        headers.ETag = asset.Etag;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == asset.Etag || t.Trim() == "*")))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static IResult NotBuilt(HttpContext context)
    {
        context.Response.Headers.CacheControl = RevalidateCache;
        return Results.Text(NotBuiltPage, "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static string ContentType(string path)
    {
        var type = Types.TryGetContentType(path, out var t) ? t : "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "application/json" or "image/svg+xml" or "application/manifest+json"
            ? type + "; charset=utf-8"
            : type;
    }

    private static string Etag(byte[] bytes) => "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"";

    /// <summary>The page served when no dashboard is embedded (no script, no outside request).</summary>
    internal const string NotBuiltPage = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>InferenceWall: the dashboard was not built</title>
        <style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code,pre{background:#f3f3f3;padding:.1rem .3rem}</style>
        </head>
        <body>
        <h1>The dashboard was not built</h1>
        <p>This server carries no built dashboard: its front end is built with npm when the web project is built on a machine that has Node.js.</p>
        <p>To build it, install Node.js and npm, then from the repository root:</p>
        <pre>cd src/InferenceWall.Web/ClientApp
        npm ci
        npm run build
        cd ../../..
        dotnet build</pre>
        <p>and start <code>iwall serve</code> again.</p>
        <p>The API works without it: see the <a href="/api/reference">API reference</a> and the <a href="/openapi/v1.json">OpenAPI document</a>.</p>
        </body>
        </html>
        """;

    private sealed record Asset(byte[] Bytes, string ContentType, string Etag, string Cache);
}
