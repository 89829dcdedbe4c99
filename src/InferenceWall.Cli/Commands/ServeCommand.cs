using System.CommandLine;
using InferenceWall.Core.Problems;
using InferenceWall.Storage;
using InferenceWall.Web;
using Microsoft.Extensions.Hosting;

namespace InferenceWall.Cli.Commands;

/// <summary>
/// <c>iwall serve</c>: the HTTP API and the dashboard over a run store, on loopback unless an access token is set.
/// Prints <c>Now listening on: URL</c> when ready; stops cleanly on SIGTERM or Ctrl+C (runs in flight end interrupted).
/// </summary>
internal static class ServeCommand
{
    /// <summary>The environment variable holding the access token when <c>--token</c> is not given.</summary>
    public const string TokenVariable = "IWALL_TOKEN";

    public static Command Create(CliIo io)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen (semicolon-separated; a non-loopback address needs a token)",
            DefaultValueFactory = _ => ServeOptions.DefaultUrls,
        };
        var db = new Option<string?>("--db") { Description = "Run store: a SQLite file, or postgres://user@host:port/db [default: $IWALL_DB, else runs.db in the XDG data directory]" };
        var token = new Option<string?>("--token")
        {
            Description = $"Access token every /api call must send as 'Authorization: Bearer <token>' (at least {WebServer.MinTokenChars} characters) [default: ${TokenVariable}]",
        };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Compute background Monte Carlo, sweep, simulated optimize and capacity-search runs on the workers at localhost:PORT or redis://HOST:PORT (`iwall worker`); their chunks are kept in the run store",
        };
        var command = new Command("serve", "Serve the HTTP API and the dashboard (runs history, run pages, editor, compare, catalog, estimate, cluster jobs).") { urls, db, token, cluster };
        command.SetAction((p, cancel) => RunAsync(io, p.GetValue(urls)!, p.GetValue(db), p.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable), p.GetValue(cluster), cancel));
        return command;
    }

    private static async Task<int> RunAsync(CliIo io, string urls, string? db, string? token, string? clusterText, CancellationToken cancel)
    {
        var clusterProblems = new List<Problem>();
        var cluster = AnalysisOptions.Cluster(clusterText, clusterProblems);
        if (clusterProblems.Count > 0)
        {
            return io.Problems(clusterProblems);
        }

        var options = new ServeOptions { Urls = urls, Token = string.IsNullOrEmpty(token) ? null : token, Cluster = cluster };
        try
        {
            WebServer.Check(options);
        }
        catch (ServeRefusedException e)
        {
            return io.Problems([Problem.BadInput("--" + e.Field, e.Message)]);
        }

        IRunStore store;
        try
        {
            store = await RunStores.OpenAsync(db, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StoreOpenException or IOException or UnauthorizedAccessException or ArgumentException or System.Data.Common.DbException)
        {
            return io.Problems([Problem.BadInput("--db", e.Message.TrimEnd('.'), "give a writable SQLite file or a reachable PostgreSQL database")]);
        }

        await using (store.ConfigureAwait(false))
        {
            var app = WebServer.Build(options, store);
            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(cancel).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    return io.Problems([Problem.BadInput("--urls", e.Message.TrimEnd('.'), "give a free port, or 0 to pick one")]);
                }
                catch (System.Data.Common.DbException e)
                {
                    // Marking the runs a previous process left unfinished failed: the database went away or is read-only.
                    return io.Problems([Problem.BadInput("--db", e.Message.TrimEnd('.'), "give a writable SQLite file or a reachable PostgreSQL database")]);
                }

                foreach (var address in WebServer.Addresses(app))
                {
                    io.Out.WriteLine($"Now listening on: {address}");
                }

                io.Out.Flush();
                await app.WaitForShutdownAsync(cancel).ConfigureAwait(false);
            }
        }

        return ExitCodes.Ok;
    }
}
