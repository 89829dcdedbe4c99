using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace InferenceWall.Server.Tests;

/// <summary>
/// <c>iwall serve</c> as a process: SIGTERM stops it cleanly (exit 0, a run cut off ends <c>interrupted</c> in the
/// store, not left running), and a non-loopback address without a token is refused before anything is opened.
/// </summary>
public sealed class ServeShutdownTests
{
    [Fact]
    public async Task Sigterm_StopsCleanly_AndTheRunInFlightEndsInterrupted()
    {
        await using var db = Databases.Sqlite();
        long id;
        using (var server = await ServerProcess.StartAsync(db.Target))
        {
            using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
            var accepted = await http.PostAsJsonAsync("/api/runs", new JsonObject
            {
                ["kind"] = "simulate",
                ["scenario_yaml"] = File.ReadAllText(RepoPaths.Of("scenarios", "sora-scale-day.yaml")),
                ["options"] = new JsonObject { ["seed"] = 1 },
            });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            id = (long)JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!["id"]!;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while ((string)JsonNode.Parse(await http.GetStringAsync($"/api/runs/{id}"))!["status"]! == "queued" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            var exit = await server.TerminateAsync(TimeSpan.FromSeconds(20));
            Assert.True(exit == 0, $"exit {exit?.ToString() ?? "none (still running)"}; output:\n{server.Log}");
            Assert.DoesNotContain("Unhandled", server.Log, StringComparison.Ordinal);
        }

        // Read the store without a server (a restart would mark it interrupted anyway): the shutdown itself did.
        var (code, output, _) = await Cli("runs", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", db.Target, "--format", "json");
        Assert.Equal(0, code);
        var run = JsonNode.Parse(output)!;
        Assert.Contains((string)run["status"]!, new[] { "interrupted", "succeeded" });
        Assert.NotNull(run["finished_at"]);
    }

    [Fact]
    public async Task NonLoopbackWithoutAToken_IsRefusedWithExit2_BeforeTheStoreIsOpened()
    {
        await using var db = Databases.Sqlite();
        var (code, _, error) = await Cli("serve", "--urls", "http://0.0.0.0:0", "--db", db.Target);
        Assert.Equal(2, code);
        Assert.Contains("not a loopback address", error, StringComparison.Ordinal);
        Assert.Contains("--token", error, StringComparison.Ordinal);
        Assert.False(File.Exists(db.Target));
    }

    private static async Task<(int Code, string Output, string Error)> Cli(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerProcess.CliDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("IWALL_TOKEN");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
