using InferenceWall.Application;
using InferenceWall.Application.Json;
using InferenceWall.Core.Problems;
using Spectre.Console;

namespace InferenceWall.Cli;

/// <summary>The command's output and error streams, and how to write tables, JSON and problems to them.</summary>
public sealed class CliIo(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;

    /// <summary>Whether and where this command stores its run (<c>--save</c>); off unless a saving command set it.</summary>
    internal RunSaving Saving { get; set; } = new();

    /// <summary>Stores the run when <c>--save</c> is on (see <see cref="RunSaving"/>).</summary>
    public void Save(object request, object response, EngineData data) => Saving.Save(this, request, response, data);

    /// <summary>A Spectre console over the output stream: plain text (no colour codes) when not a terminal.</summary>
    public IAnsiConsole Console()
    {
        var interactive = ReferenceEquals(Out, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        console.Profile.Width = interactive ? Math.Max(System.Console.WindowWidth, 100) : 160;
        return console;
    }

    /// <summary>Writes a response record in the JSON contract shared with the HTTP API.</summary>
    public void WriteJson<T>(T value) => Out.WriteLine(ContractJson.Serialize(value));

    /// <summary>Writes an outcome's problems and returns the exit code their kinds give (3 if all are infeasible, else 2).</summary>
    public int Problems<T>(Outcome<T> outcome, Func<string, string>? wordPath = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Problems(outcome.Problems, wordPath);
    }

    /// <summary>
    /// Writes every problem, its path worded for this front end (an option's flag, or the file, line and column), and
    /// returns the exit code of their kinds: 3 when every problem is an infeasibility, 2 otherwise.
    /// </summary>
    public int Problems(IReadOnlyCollection<Problem> problems, Func<string, string>? wordPath = null)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var infeasible = problems.Count > 0 && problems.All(p => p.Kind == ProblemKind.Infeasible);
        foreach (var p in problems)
        {
            Err.WriteLine($"{(p.Kind == ProblemKind.Infeasible ? "infeasible" : "error")}: {Word(p, wordPath)}");
        }

        if (!infeasible)
        {
            Err.WriteLine(problems.Count == 1 ? "1 problem; nothing was computed" : $"{problems.Count} problems; nothing was computed");
        }

        return infeasible ? ExitCodes.Infeasible : ExitCodes.InputError;
    }

    /// <summary>A problem as one line: where (file:line:column, or the worded path), then the message and the fix.</summary>
    public static string Word(Problem problem, Func<string, string>? wordPath = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var path = problem.Path.Length == 0 ? null : problem.Location is null && wordPath is not null ? wordPath(problem.Path) : problem.Path;
        var head = (problem.Location, path) switch
        {
            ({ } at, { } p) => $"{at}: {p}: ",
            ({ } at, null) => $"{at}: ",
            (null, { } p) => $"{p}: ",
            _ => string.Empty,
        };
        return head + problem.Text;
    }
}
