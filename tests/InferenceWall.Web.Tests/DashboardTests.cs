using System.Net;

namespace InferenceWall.Web.Tests;

/// <summary>The embedded dashboard: assets with their types and caching, the page routes answered with index.html, the not-built page.</summary>
public sealed class DashboardTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer _server = fixture.Server;

    [Theory]
    [InlineData("/")]
    [InlineData("/runs/42")]
    [InlineData("/compare?a=1&b=2")]
    [InlineData("/editor")]
    [InlineData("/catalog")]
    [InlineData("/estimate?model=wan")]
    [InlineData("/runs")]
    public async Task PageRoutes_AnswerIndexHtml(string path)
    {
        var response = await _server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-test=\"index\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Theory]
    [InlineData("/assets/app-3f9a1c.js", "text/javascript")]
    [InlineData("/assets/app-3f9a1c.css", "text/css")]
    public async Task Assets_HaveTheirTypes_AndAreCachedForAYear(string path, string type)
    {
        var response = await _server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        var etag = response.Headers.ETag!;

        var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await _server.Client.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("/assets/missing.js")]
    [InlineData("/runs/abc")]
    [InlineData("/runs/1/2")]
    [InlineData("/etc/passwd")]
    [InlineData("/../InferenceWall.slnx")]
    [InlineData("/wwwroot/index.html")]
    public async Task OtherPaths_Are404(string path)
    {
        var response = await _server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WithoutABuiltDashboard_APageSaysHowToBuildIt_AndTheApiStillWorks()
    {
        await using var bare = await TestServer.StartAsync(new ServeOptions { DashboardAssembly = typeof(object).Assembly });
        var page = await bare.Client.GetAsync("/runs/7");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("dashboard was not built", html, StringComparison.Ordinal);
        Assert.Contains("npm ci", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Equal(WebServer.PageCsp, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, (await bare.Client.GetAsync("/api/health")).StatusCode);
    }
}
