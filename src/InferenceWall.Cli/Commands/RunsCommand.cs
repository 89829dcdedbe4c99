using System.CommandLine;
using System.Globalization;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Problems;
using InferenceWall.Storage;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall runs list|show|diff|export|delete</c>: the stored runs (<c>--save</c>, the dashboard).</summary>
internal static class RunsCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("runs", "Stored runs: list them, show one, compare two, export one as JSON, delete one.");
        command.Subcommands.Add(List(io));
        command.Subcommands.Add(Show(io));
        command.Subcommands.Add(Diff(io));
        command.Subcommands.Add(Export(io));
        command.Subcommands.Add(Delete(io));
        return command;
    }

    private static Option<string?> Db() => new("--db") { Description = "Run store: a SQLite file, or postgres://user@host:port/db [default: $IWALL_DB, else runs.db in the XDG data directory]" };

    private static Option<string> Format(params string[] words) => new("--format") { Description = string.Join("|", words), DefaultValueFactory = _ => words[0] };

    private static Argument<long> Id(string name = "id") => new(name) { Description = "Run id (iwall runs list)" };

    private static Command List(CliIo io)
    {
        var kind = new Option<string?>("--kind") { Description = "Only runs of this kind: " + RunWords.Kind.Allowed };
        var status = new Option<string?>("--status") { Description = "Only runs in this status: " + RunWords.Status.Allowed };
        var text = new Option<string?>("--text") { Description = "Only runs whose label or scenario name contains this text" };
        var limit = new Option<int>("--limit") { Description = $"Runs to list, 1 to {RunQuery.MaxLimit:N0}", DefaultValueFactory = _ => 50 };
        var before = new Option<long?>("--before") { Description = "Only runs with an id below this (the next page)" };
        var format = Format("table", "json");
        var db = Db();
        var command = new Command("list", "Stored runs, newest first, with their summary figures.") { kind, status, text, limit, before, format, db };
        command.SetAction(p =>
        {
            var problems = new List<Problem>();
            var formatWord = AnalysisOptions.Format(p.GetValue(format)!, problems, "table", "json");
            RunKind? k = null;
            RunStatus? s = null;
            if (p.GetValue(kind) is { } kindText)
            {
                k = RunWords.Kind.TryParse(kindText, out var parsed) ? parsed : Add<RunKind>(problems, "--kind", kindText, RunWords.Kind.Allowed);
            }

            if (p.GetValue(status) is { } statusText)
            {
                s = RunWords.Status.TryParse(statusText, out var parsed) ? parsed : Add<RunStatus>(problems, "--status", statusText, RunWords.Status.Allowed);
            }

            if (p.GetValue(limit) is < 1 or > RunQuery.MaxLimit)
            {
                problems.Add(Problem.LimitExceeded("--limit", $"{p.GetValue(limit)} is outside 1 to {RunQuery.MaxLimit:N0}", "list fewer runs and page with --before"));
            }

            if (problems.Count > 0)
            {
                return io.Problems(problems);
            }

            return WithStore(io, p.GetValue(db), store =>
            {
                var runs = store.ListAsync(new RunQuery { Kind = k, Status = s, Text = p.GetValue(text), Limit = p.GetValue(limit), BeforeId = p.GetValue(before) }).GetAwaiter().GetResult();
                if (formatWord == "json")
                {
                    io.Out.WriteLine(RunJson.List(runs, p.GetValue(limit)));
                    return ExitCodes.Ok;
                }

                var table = new Table().Title($"Stored runs ({store.Description})");
                foreach (var column in new[] { "id", "kind", "status", "created (UTC)", "scenario", "label", "cost/clip ($)", "gross margin", "P90 latency (s)", "SLO met", "cost/day ($)" })
                {
                    table.AddColumn(column);
                }

                foreach (var r in runs)
                {
                    table.AddRow(
                        r.Id.ToString(CultureInfo.InvariantCulture), RunWords.Kind.Word(r.Kind), RunWords.Status.Word(r.Status),
                        r.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(r.ScenarioTitle ?? "–"), Markup.Escape(r.Label ?? ""),
                        Num(r.Summary.CostPerClipUsd, "0.000"), Percent(r.Summary.GrossMargin), Num(r.Summary.P90LatencyS, "0.#"), Percent(r.Summary.SloAttainment), Num(r.Summary.DailyCostUsd, "N0"));
                }

                io.Console().Write(table);
                if (runs.Count == 0)
                {
                    io.Err.WriteLine("no stored runs match; store one with --save (e.g. iwall economics scenarios/startup-720p-h100.yaml --save)");
                }
                else if (runs.Count == p.GetValue(limit))
                {
                    io.Err.WriteLine($"more may follow: --before {runs[^1].Id}");
                }

                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command Show(CliIo io)
    {
        var id = Id();
        var format = Format("table", "json");
        var db = Db();
        var command = new Command("show", "One stored run: what it ran, with which prices, and what it found (--format json: the result too).") { id, format, db };
        command.SetAction(p =>
        {
            var problems = new List<Problem>();
            var formatWord = AnalysisOptions.Format(p.GetValue(format)!, problems, "table", "json");
            return problems.Count > 0 ? io.Problems(problems) : WithRun(io, p.GetValue(db), p.GetValue(id), (_, run) =>
            {
                if (formatWord == "json")
                {
                    io.Out.WriteLine(RunJson.Run(run));
                    return ExitCodes.Ok;
                }

                var table = new Table().Title($"Run {run.Id}").AddColumn("field").AddColumn("value");
                void Row(string field, string? value) => table.AddRow(field, Markup.Escape(value ?? "–"));
                Row("kind", RunWords.Kind.Word(run.Kind));
                Row("status", RunWords.Status.Word(run.Status));
                Row("label", run.Label);
                Row("scenario", run.ScenarioTitle is null ? null : $"{run.ScenarioTitle} ({run.ScenarioName}, sha256 {run.ScenarioSha256?[..12]}…)");
                Row("options", System.Text.Json.Nodes.JsonNode.Parse(run.OptionsJson)?.ToJsonString());
                Row("seed", run.Seed?.ToString(CultureInfo.InvariantCulture));
                Row("created (UTC)", run.CreatedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture));
                Row("finished (UTC)", run.FinishedAt?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture));
                Row("engine", run.Provenance.EngineVersion);
                Row("catalog (frozen)", "sha256 " + run.Provenance.CatalogSha256[..12] + "…");
                Row("calibration", "sha256 " + run.Provenance.CalibrationSha256[..12] + "…");
                Row("cost per clip ($)", Num(run.Summary.CostPerClipUsd, "0.0000"));
                Row("gross margin", Percent(run.Summary.GrossMargin));
                Row("P90 latency (s)", Num(run.Summary.P90LatencyS, "0.#"));
                Row("SLO attainment", Percent(run.Summary.SloAttainment));
                Row("compute cost per day ($)", Num(run.Summary.DailyCostUsd, "N0"));
                Row("above the wall", run.Summary.AboveWall switch { true => "yes", false => "no", _ => null });
                io.Console().Write(table);
                if (System.Text.Json.Nodes.JsonNode.Parse(run.Provenance.UsedCatalogJson)?["prices"] is System.Text.Json.Nodes.JsonArray prices && prices.Count > 0)
                {
                    var used = new Table().Title("Prices used (frozen with the run)");
                    foreach (var column in new[] { "provider", "GPU", "class", "$/GPU-hour", "as of", "source" })
                    {
                        used.AddColumn(column);
                    }

                    foreach (var price in prices.Take(40))
                    {
                        used.AddRow(Markup.Escape($"{price?["provider"]}"), Markup.Escape($"{price?["gpu"]}"), Markup.Escape($"{price?["class"]}"),
                            Markup.Escape($"{price?["usd_per_gpu_hour"]}"), Markup.Escape($"{price?["as_of"]}"), Markup.Escape($"{price?["source"]}"));
                    }

                    io.Console().Write(used);
                    if (prices.Count > 40)
                    {
                        io.Err.WriteLine($"{prices.Count - 40} more prices: iwall runs show {run.Id} --format json");
                    }
                }

                foreach (var problem in Problems(run.ProblemsJson))
                {
                    io.Err.WriteLine($"problem: {problem}");
                }

                io.Err.WriteLine($"result: iwall runs show {run.Id} --format json; the whole run with its frozen catalog: iwall runs export {run.Id}");
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command Diff(CliIo io)
    {
        var a = Id("a");
        var b = Id("b");
        var format = Format("table", "json");
        var top = new Option<int>("--top") { Description = "Output deltas to list, largest relative change first", DefaultValueFactory = _ => 25 };
        var db = Db();
        var command = new Command("diff", "Compare two stored runs: inputs by field path, outputs by delta.") { a, b, format, top, db };
        command.SetAction(p =>
        {
            var problems = new List<Problem>();
            var formatWord = AnalysisOptions.Format(p.GetValue(format)!, problems, "table", "json");
            if (p.GetValue(top) < 0)
            {
                problems.Add(Problem.BadInput("--top", "is negative", "give 0 or more"));
            }

            return problems.Count > 0 ? io.Problems(problems) : WithStore(io, p.GetValue(db), store =>
            {
                var ra = store.GetAsync(p.GetValue(a)).GetAwaiter().GetResult();
                var rb = store.GetAsync(p.GetValue(b)).GetAwaiter().GetResult();
                var missing = new[] { (p.GetValue(a), ra), (p.GetValue(b), rb) }.Where(x => x.Item2 is null)
                    .Select(x => Problem.NotFound("id", $"no stored run {x.Item1} in {store.Description}", "list the runs with iwall runs list")).ToList();
                if (missing.Count > 0)
                {
                    return io.Problems(missing);
                }

                var diff = RunDiff.Compare(RunJson.Side(ra!), RunJson.Side(rb!));
                if (formatWord == "json")
                {
                    io.WriteJson(diff);
                    return ExitCodes.Ok;
                }

                var inputs = new Table().Title($"Inputs: run {diff.A} → run {diff.B}").AddColumn("field").AddColumn($"run {diff.A}").AddColumn($"run {diff.B}");
                foreach (var c in diff.Inputs)
                {
                    inputs.AddRow(Markup.Escape(c.Field), Markup.Escape(c.A ?? "(absent)"), Markup.Escape(c.B ?? "(absent)"));
                }

                var outputs = new Table().Title($"Outputs that moved ({diff.Outputs.Length:N0}; {diff.UnchangedOutputs:N0} unchanged)")
                    .AddColumn("field").AddColumn($"run {diff.A}").AddColumn($"run {diff.B}").AddColumn("change").AddColumn("relative");
                foreach (var o in diff.Outputs.OrderBy(o => o.RelativeChange is null ? 1 : 0).ThenByDescending(o => Math.Abs(o.RelativeChange ?? 0)).Take(p.GetValue(top)))
                {
                    outputs.AddRow(Markup.Escape(o.Field), Num(o.A, "G6"), Num(o.B, "G6"), Num(o.Change, "G4"), Percent(o.RelativeChange));
                }

                var console = io.Console();
                console.Write(diff.Inputs.IsEmpty ? new Text("Inputs: the same scenario and options\n") : inputs);
                console.Write(outputs);
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command Export(CliIo io)
    {
        var id = Id();
        var output = new Option<string?>("--output", "-o") { Description = "Write to FILE.json instead of standard output" };
        var db = Db();
        var command = new Command("export", "One stored run as JSON, with its frozen catalog and calibration (enough to re-compute it anywhere).") { id, output, db };
        command.SetAction(p => WithRun(io, p.GetValue(db), p.GetValue(id), (_, run) =>
        {
            var text = RunJson.Run(run, export: true);
            if (p.GetValue(output) is { } file)
            {
                if (CliInputs.Write("--output", file, text + Environment.NewLine) is { } problem)
                {
                    return io.Problems([problem]);
                }

                io.Err.WriteLine($"wrote {file}");
            }
            else
            {
                io.Out.WriteLine(text);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Delete(CliIo io)
    {
        var id = Id();
        var db = Db();
        var command = new Command("delete", "Delete one stored run.") { id, db };
        command.SetAction(p => WithStore(io, p.GetValue(db), store =>
        {
            if (!store.DeleteAsync(p.GetValue(id)).GetAwaiter().GetResult())
            {
                return io.Problems([Problem.NotFound("id", $"no stored run {p.GetValue(id)} in {store.Description}", "list the runs with iwall runs list")]);
            }

            io.Err.WriteLine($"deleted run {p.GetValue(id)}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static int WithRun(CliIo io, string? db, long id, Func<IRunStore, StoredRun, int> action) => WithStore(io, db, store =>
        store.GetAsync(id).GetAwaiter().GetResult() is { } run
            ? action(store, run)
            : io.Problems([Problem.NotFound("id", $"no stored run {id} in {store.Description}", "list the runs with iwall runs list")]));

    private static int WithStore(CliIo io, string? db, Func<IRunStore, int> action)
    {
        IRunStore store;
        try
        {
            store = RunStores.OpenAsync(db).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is StoreOpenException or IOException or UnauthorizedAccessException or ArgumentException or System.Data.Common.DbException)
        {
            return io.Problems([Problem.BadInput("--db", e.Message.TrimEnd('.'), "give a writable SQLite file or a reachable PostgreSQL database")]);
        }

        try
        {
            return action(store);
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static T? Add<T>(List<Problem> problems, string option, string value, string allowed)
        where T : struct
    {
        problems.Add(Problem.BadInput(option, $"'{value}' is not one of {allowed}", "write one of " + allowed));
        return null;
    }

    private static IEnumerable<string> Problems(string? json)
    {
        if (string.IsNullOrEmpty(json) || System.Text.Json.Nodes.JsonNode.Parse(json) is not System.Text.Json.Nodes.JsonArray list)
        {
            yield break;
        }

        foreach (var p in list)
        {
            yield return $"{p?["path"]}: {p?["message"]}";
        }
    }

    private static string Num(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Percent(double? share) => share is { } v ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "–";
}
