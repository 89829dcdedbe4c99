using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using InferenceWall.Storage;
using Microsoft.AspNetCore.Builder;

namespace InferenceWall.Web.Tests;

/// <summary>A real server (Kestrel on 127.0.0.1, a free port) over a store, and a client for it.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(WebApplication app, IRunStore store, HttpClient client, string url)
    {
        App = app;
        Store = store;
        Client = client;
        Url = url;
    }

    public WebApplication App { get; }
    public IRunStore Store { get; }
    public HttpClient Client { get; }
    public string Url { get; }

    public static async Task<TestServer> StartAsync(ServeOptions? options = null, IRunStore? store = null)
    {
        options ??= new ServeOptions();
        options = options with
        {
            Urls = options.Urls == ServeOptions.DefaultUrls ? "http://127.0.0.1:0" : options.Urls,
            DashboardAssembly = options.DashboardAssembly ?? typeof(TestServer).Assembly,
        };
        store ??= await RecordingRunStore.OpenAsync();
        var app = WebServer.Build(options, store);
        await app.StartAsync();
        var url = WebServer.Addresses(app).Single();
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        return new TestServer(app, store, client, url);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Store.DisposeAsync();
    }

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public Task<HttpResponseMessage> PostAsync(string path, string json) => Client.PostAsync(path, Json(json));

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode json) => Client.PostAsync(path, Json(json));

    /// <summary>Polls a run until it is final (or the deadline passes).</summary>
    public async Task<JsonObject> WaitFinalAsync(long id, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var run = JsonNode.Parse(await Client.GetStringAsync($"/api/runs/{id}"))!.AsObject();
            var status = (string)run["status"]!;
            if (status is not ("queued" or "running") || DateTime.UtcNow > deadline)
            {
                return run;
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>Reading answers in tests.</summary>
internal static class Answers
{
    public static async Task<JsonObject> ObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts a problem-details answer with this status and returns it.</summary>
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(status, (int)body["status"]!);
        Assert.StartsWith("urn:inferencewall:problem:", (string)body["type"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["title"]));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        return body;
    }

    public static IEnumerable<string> Paths(this JsonObject problem) => problem["problems"]!.AsArray().Select(p => (string)p!["path"]!);

    public static MediaTypeHeaderValue? Type(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}

/// <summary>One server shared by a test class's tests (each test uses its own runs): starting one per test costs ~0.4 s.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    internal TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync(new ServeOptions { BackgroundConcurrency = 2 });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
