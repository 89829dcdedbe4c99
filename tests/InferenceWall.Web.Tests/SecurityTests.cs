using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InferenceWall.Storage;

namespace InferenceWall.Web.Tests;

/// <summary>Loopback by default, the token, the headers, the OpenAPI document and a reference page with no outside requests.</summary>
public sealed partial class SecurityTests
{
    private const string Token = "a-test-token-of-32-characters-xx";

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://example.com:5080")]
    [InlineData("http://127.0.0.1:5080;http://0.0.0.0:5081")]
    public void NonLoopbackWithoutAToken_IsRefused(string urls)
    {
        var e = Assert.Throws<ServeRefusedException>(() => WebServer.Check(new ServeOptions { Urls = urls }));
        Assert.Contains("not a loopback address", e.Message, StringComparison.Ordinal);
        Assert.Contains("--token", e.Message, StringComparison.Ordinal);
        Assert.Equal("urls", e.Field);
    }

    [Fact]
    public async Task Build_RefusesTooNotOnlyCheck()
    {
        await using var store = await RecordingRunStore.OpenAsync();
        Assert.Throws<ServeRefusedException>(() => WebServer.Build(new ServeOptions { Urls = "http://0.0.0.0:5080" }, store));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://127.0.0.2:0")]
    public async Task Loopback_IsAcceptedWithoutAToken(string urls)
    {
        await using var store = await RecordingRunStore.OpenAsync();
        await using var app = WebServer.Build(new ServeOptions { Urls = urls }, store);
        Assert.NotNull(app);
    }

    [Fact]
    public async Task NonLoopbackWithAToken_IsAccepted()
    {
        await using var store = await RecordingRunStore.OpenAsync();
        await using var app = WebServer.Build(new ServeOptions { Urls = "http://0.0.0.0:0", Token = Token }, store);
        Assert.NotNull(app);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("a token with spaces in it, long")]
    public void WeakOrMalformedTokens_AreRefused(string token) =>
        Assert.Equal("token", Assert.Throws<ServeRefusedException>(() => WebServer.Check(new ServeOptions { Token = token })).Field);

    [Theory]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("not a url")]
    [InlineData("")]
    public void MalformedUrls_AreRefused(string urls) =>
        Assert.Throws<ServeRefusedException>(() => WebServer.Check(new ServeOptions { Urls = urls }));

    [Fact]
    public async Task WithAToken_EveryApiCallNeedsIt()
    {
        await using var server = await TestServer.StartAsync(new ServeOptions { Token = Token });
        var none = await server.Client.GetAsync("/api/health");
        await none.ProblemAsync(401);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        await (await server.PostAsync("/api/estimate", "{}")).ProblemAsync(401);
        await (await server.Client.GetAsync("/api/runs/1")).ProblemAsync(401);

        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        await (await server.Client.SendAsync(wrong)).ProblemAsync(401);
        var basic = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Token);
        await (await server.Client.SendAsync(basic)).ProblemAsync(401);

        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("/api/estimate", """{"model":"wan2.1-t2v-14b","gpu":"h100-sxm"}""")).StatusCode);

        // The pages carry no data: they load without the token (the page reads it from #token=… and sends it).
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.Url) };
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/runs/3")).StatusCode);
    }

    [Fact]
    public async Task Pages_CarryTheCspAndTheOtherHeaders_ApiAnswersNosniff()
    {
        await using var server = await TestServer.StartAsync();
        foreach (var path in new[] { "/", "/runs/12", "/compare?a=1&b=2" })
        {
            var page = await server.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(WebServer.PageCsp, page.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        }

        var api = await server.Client.GetAsync("/api/health");
        Assert.Equal("nosniff", api.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(api.Headers.Contains("Server"));
    }

    [Fact]
    public async Task OpenApi_DescribesTheRoutes()
    {
        await using var server = await TestServer.StartAsync();
        var doc = JsonNode.Parse(await server.Client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        Assert.StartsWith("3.", (string)doc["openapi"]!);
        var paths = doc["paths"]!.AsObject();
        foreach (var route in new[] { "/api/health", "/api/estimate", "/api/scenarios/validate", "/api/runs", "/api/runs/{id}", "/api/runs/{a}/diff/{b}", "/api/catalog/{part}" })
        {
            Assert.True(paths.ContainsKey(route), route);
        }

        var estimate = paths["/api/estimate"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.NotNull(estimate);
        Assert.Contains("usd_per_gpu_hour", doc.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiReference_MakesNoOutsideRequests()
    {
        await using var server = await TestServer.StartAsync();
        var page = await server.Client.GetAsync("/api/reference");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Equal(WebServer.ReferenceCsp, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);

        // Every resource the page loads (src, href, url(), import) is on this server.
        var references = Resource().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, url => Assert.False(url.StartsWith("http", StringComparison.OrdinalIgnoreCase) || url.StartsWith("//", StringComparison.Ordinal), url));
        foreach (var script in references.Where(u => u.EndsWith(".js", StringComparison.Ordinal)))
        {
            var asset = await server.Client.GetAsync(new Uri(new Uri(server.Url + "/api/reference/"), script));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }

        // The CSP forbids any other origin whatever the script does: connect-src, font-src and the rest are 'self'.
        Assert.DoesNotContain("http", WebServer.ReferenceCsp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailureInside_Is500ProblemDetails_WithoutInternals()
    {
        await using var server = await TestServer.StartAsync(store: new BrokenStore());
        var response = await server.Client.GetAsync("/api/runs/1");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(500, (int)JsonNode.Parse(text)!["status"]!);
        Assert.DoesNotContain(BrokenStore.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/health")).StatusCode);
    }

    /// <summary>A store that fails on every read and write (a database gone away), with internals in its messages.</summary>
    private sealed class BrokenStore : IRunStore
    {
        public const string Secret = "/srv/secret/path";

        public string Description => "broken";

        public string Provider => "broken";

        public Task<long> AddAsync(NewRun run, CancellationToken cancel = default) => throw Fail();

        public Task<StoredRun?> GetAsync(long id, CancellationToken cancel = default) => throw Fail();

        public Task<IReadOnlyList<RunListItem>> ListAsync(RunQuery query, CancellationToken cancel = default) => throw Fail();

        public Task<bool> StartAsync(long id, DateTimeOffset at, CancellationToken cancel = default) => throw Fail();

        public Task ProgressAsync(long id, double share, CancellationToken cancel = default) => throw Fail();

        public Task<bool> FinishAsync(long id, RunFinish finish, CancellationToken cancel = default) => throw Fail();

        public Task<int> InterruptUnfinishedAsync(DateTimeOffset at, CancellationToken cancel = default) => Task.FromResult(0);

        public Task<bool> DeleteAsync(long id, CancellationToken cancel = default) => throw Fail();

        public Task<bool> SetLabelAsync(long id, string? label, CancellationToken cancel = default) => throw Fail();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static InvalidOperationException Fail() => new("database file " + Secret + " is gone");
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*["'](?<url>[^"']+)["']""")]
    private static partial Regex Resource();
}
