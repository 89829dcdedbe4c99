using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InferenceWall.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace InferenceWall.Web.BrowserTests;

/// <summary>
/// The real server (Kestrel on 127.0.0.1, a free port, a fresh SQLite file) with the built dashboard embedded, the
/// runs every test reads (stored through the API, one per kind), and one headless Chromium.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>The step count the compare test changes (the startup scenario's first clip runs 50 steps).</summary>
    public const string StepsLine = "      steps: 50";
    public const string ChangedStepsLine = "      steps: 30";

    private WebApplication? _app;
    private IRunStore? _store;
    private IPlaywright? _playwright;
    private string? _dir;

    public string Url { get; private set; } = string.Empty;
    public HttpClient Client { get; private set; } = new();
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Stored run ids by name (economics, economics-30-steps, simulate, …).</summary>
    public Dictionary<string, long> Runs { get; } = new(StringComparer.Ordinal);

    public string StartupYaml { get; } = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    /// <summary>Where the screenshots go: a folder in the test output.</summary>
    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            return;
        }

        if (!Chromium.Installed)
        {
            throw new InvalidOperationException($"CI=true and Chromium is missing at {Chromium.Path}: install Debian's chromium package");
        }

        Directory.CreateDirectory(Screenshots);
        _dir = Directory.CreateTempSubdirectory("iwall-browser-").FullName;
        _store = await RunStores.OpenAsync(Path.Combine(_dir, "runs.db"));
        _app = WebServer.Build(new ServeOptions { Urls = "http://127.0.0.1:0", DashboardAssembly = typeof(ServeOptions).Assembly }, _store);
        await _app.StartAsync();
        Url = WebServer.Addresses(_app).Single();
        Client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(2) };
        var index = await Client.GetStringAsync("/");
        if (!index.Contains("<script type=\"module\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the dashboard is not embedded in InferenceWall.Web (was npm on PATH when it was built? is IWALL_SKIP_CLIENT_BUILD set?)");
        }

        var enterprise = File.ReadAllText(RepoPaths.Of("scenarios", "enterprise-vfx.yaml"));
        await StoreAsync("economics", "economics", StartupYaml, new JsonObject(), "startup");
        await StoreAsync("economics-30-steps", "economics", ReplaceFirst(StartupYaml, StepsLine, ChangedStepsLine), new JsonObject(), "startup at 30 steps");
        await StoreAsync("economics-enterprise", "economics", enterprise, new JsonObject(), null);
        await StoreAsync("economics-simulated", "economics", StartupYaml, new JsonObject { ["simulate"] = true }, null);
        await StoreAsync("simulate", "simulate", StartupYaml, new JsonObject(), null);
        await StoreAsync("sensitivity", "sensitivity", StartupYaml, new JsonObject(), null);
        await StoreAsync("montecarlo", "montecarlo", StartupYaml, new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject { ["field"] = "efficiency", ["distribution"] = "lognormal", ["parameters"] = new JsonArray(1, 0.2) }),
            ["samples"] = 500,
        }, null);
        await StoreAsync("sweep", "sweep", StartupYaml, new JsonObject
        {
            ["axes"] = new JsonArray(new JsonObject { ["field"] = "product.clip_mix[0].steps", ["numbers"] = new JsonArray(20, 30, 40, 50) }),
        }, null);
        await StoreAsync("optimize", "optimize", StartupYaml, new JsonObject { ["slo_s"] = 900 }, null);
        await StoreAsync("capacity", "capacity", StartupYaml, new JsonObject { ["slo_seconds"] = 900, ["replicas"] = 4 }, null);
        await StoreAsync("capacity-fleets", "capacity", StartupYaml, new JsonObject { ["slo_seconds"] = 900, ["replica_counts"] = new JsonArray(2, 8, 128) }, null);
        await StoreAsync("case", "case", null, new JsonObject(), null);
        await StoreAsync("estimate", "estimate", null, new JsonObject { ["model"] = "wan2.1-t2v-14b", ["gpu"] = "h100-sxm", ["gpus"] = 4, ["ulysses"] = 4, ["provider"] = "lambda" }, null);

        // Cluster jobs as coordinators leave them in the store: one finished, one failed, one running.
        var ledger = (Application.Jobs.IJobLedger)_store;
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        await ledger.BeginAsync(new Application.Jobs.JobStart(JobKey('a'), "montecarlo", "localhost:11111", 1000, 4, 250, t0));
        await ledger.EndAsync(JobKey('a'), Application.Jobs.JobStatus.Done, null, new Application.Jobs.JobProgress(250, 60, 3, 3, t0.AddMinutes(2)));
        await ledger.BeginAsync(new Application.Jobs.JobStart(JobKey('b'), "sweep", "redis://127.0.0.1:6379", 40, 1, 40, t0.AddMinutes(3)));
        await ledger.EndAsync(JobKey('b'), Application.Jobs.JobStatus.Failed, "a chunk failed 6 times: no answer", new Application.Jobs.JobProgress(12, 0, 30, 0, t0.AddMinutes(4)));
        await ledger.BeginAsync(new Application.Jobs.JobStart(RunningJob, "optimize", "localhost:11111", 933, 4, 234, t0.AddMinutes(5)));
        await ledger.ProgressAsync(RunningJob, new Application.Jobs.JobProgress(117, 20, 2, 3, DateTimeOffset.UtcNow));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path, Args = Chromium.Args, Headless = true });
    }

    private async Task StoreAsync(string name, string kind, string? yaml, JsonObject options, string? label)
    {
        var body = new JsonObject { ["kind"] = kind, ["options"] = options };
        if (yaml is not null)
        {
            body["scenario_yaml"] = yaml;
            body["scenario_name"] = "startup-720p-h100.yaml";
        }

        if (label is not null)
        {
            body["label"] = label;
        }

        using var response = await Client.PostAsync("/api/runs?wait=true", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"storing the {name} run answered {(int)response.StatusCode}: {text}");
        }

        var run = JsonNode.Parse(text)!.AsObject();
        if ((string?)run["status"] != "succeeded")
        {
            throw new InvalidOperationException($"the {name} run is {(string?)run["status"]}: {text}");
        }

        Runs[name] = (long)run["id"]!;
    }

    private static string ReplaceFirst(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        return at < 0 ? throw new InvalidOperationException($"'{from}' is not in the scenario") : text[..at] + to + text[(at + from.Length)..];
    }

    /// <summary>The running cluster job the Jobs page test cancels.</summary>
    public static string RunningJob { get; } = JobKey('c');

    private static string JobKey(char c) => new(c, 64);

    public async Task<JsonObject> GetAsync(string path) => (await Client.GetFromJsonAsync<JsonObject>(path))!;

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_dir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS to clean up.
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardGroup : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
