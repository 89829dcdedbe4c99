using System.CommandLine;
using System.CommandLine.Invocation;
using InferenceWall.Application;
using InferenceWall.Application.Runs;
using InferenceWall.Storage;

namespace InferenceWall.Cli;

/// <summary>
/// <c>--save</c> (or <c>IWALL_SAVE=1</c>) on every command whose answer can be stored: after the command answers, the
/// run is stored with its scenario, options, frozen catalog and calibration, and result (the same JSON as
/// <c>--format json</c>), in the store <c>--db</c> names (default: SQLite in the user's data directory).
/// </summary>
internal sealed class RunSaving
{
    /// <summary>The environment variable that makes saving the default (<c>1</c>, <c>true</c> or <c>yes</c>).</summary>
    public const string SaveVariable = "IWALL_SAVE";

    public static readonly string[] Commands = ["estimate", "economics", "case", "simulate", "sweep", "sensitivity", "montecarlo", "optimize"];

    public bool Enabled { get; init; }
    public string? Label { get; init; }
    public string? Db { get; init; }

    /// <summary>True when storing failed (the command's answer was printed; the exit code becomes 2).</summary>
    public bool Failed { get; private set; }

    /// <summary>Adds <c>--save</c>, <c>--label</c> and <c>--db</c> to the commands that store runs.</summary>
    public static void AddTo(RootCommand root, CliIo io)
    {
        foreach (var command in root.Subcommands.Where(c => Commands.Contains(c.Name)).SelectMany(Leaves))
        {
            var save = new Option<bool>("--save") { Description = $"Store this run (scenario, options, prices used, result) for `iwall runs` and the dashboard; {SaveVariable}=1 makes it the default" };
            var noSave = new Option<bool>("--no-save") { Description = $"Do not store this run, even with {SaveVariable}=1" };
            var label = new Option<string?>("--label") { Description = "A label for the stored run" };
            var db = new Option<string?>("--db") { Description = "Run store: a SQLite file, or postgres://user@host:port/db [default: $IWALL_DB, else runs.db in the XDG data directory]" };
            command.Options.Add(save);
            command.Options.Add(noSave);
            command.Options.Add(label);
            command.Options.Add(db);
            RunSaving Settings(ParseResult p)
            {
                var byDefault = Environment.GetEnvironmentVariable(SaveVariable)?.Trim().ToLowerInvariant() is "1" or "true" or "yes";
                return new RunSaving { Enabled = !p.GetValue(noSave) && (p.GetValue(save) || byDefault), Label = p.GetValue(label), Db = p.GetValue(db) };
            }

            int Code(int code) => code == ExitCodes.Ok && io.Saving.Failed ? ExitCodes.InputError : code;
            switch (command.Action)
            {
                case SynchronousCommandLineAction sync:
                    command.SetAction(p =>
                    {
                        io.Saving = Settings(p);
                        return Code(sync.Invoke(p));
                    });
                    break;
                case AsynchronousCommandLineAction async:
                    command.SetAction(async (p, ct) =>
                    {
                        io.Saving = Settings(p);
                        return Code(await async.InvokeAsync(p, ct).ConfigureAwait(false));
                    });
                    break;
                default:
                    throw new InvalidOperationException($"the {command.Name} command has no action");
            }
        }
    }

    /// <summary>The command itself, or the subcommands that act (<c>case sora</c>).</summary>
    private static IEnumerable<Command> Leaves(Command command) =>
        command.Action is not null ? [command] : command.Subcommands.SelectMany(Leaves);

    /// <summary>Stores a computed run when saving is on; says where on the error stream.</summary>
    public void Save(CliIo io, object request, object response, EngineData data)
    {
        if (!Enabled)
        {
            return;
        }

        try
        {
            var problems = new List<Core.Problems.Problem>();
            var label = RunPlanner.Label(Label, problems);
            if (problems.Count > 0)
            {
                Failed = true;
                io.Err.WriteLine("error: the run was not saved: " + string.Join("; ", problems.Select(p => $"--label {p.Message}; {p.Fix}")));
                return;
            }

            var plan = RunPlanner.Of(request, label);
            var answer = RunExecutor.Answer(response);
            var now = DateTimeOffset.UtcNow;
            var run = NewRun.From(plan, RunProvenance.Of(plan, data), now) with
            {
                Status = RunStatus.Succeeded,
                ResultJson = answer.ResultJson,
                Summary = answer.Summary,
                FinishedAt = now,
            };
            var store = RunStores.OpenAsync(Db).GetAwaiter().GetResult();
            try
            {
                var id = store.AddAsync(run).GetAwaiter().GetResult();
                io.Err.WriteLine($"saved run {id} in {store.Description} (iwall runs show {id})");
            }
            finally
            {
                store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is StoreOpenException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.Data.Common.DbException)
        {
            Failed = true;
            io.Err.WriteLine($"error: the run was not saved: {e.Message.TrimEnd('.')}");
        }
    }
}
