using System.Text.Encodings.Web;
using System.Text.Json;
using InferenceWall.Core.Problems;
using Spectre.Console;

namespace InferenceWall.Cli;

/// <summary>The command's output and error streams, and how to write tables, JSON and errors to them.</summary>
public sealed class CliIo(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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

    public void WriteJson(object value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));

    public int InputErrors(IEnumerable<Problem> errors) => InputErrors(errors.Select(e => e.ToString()));

    public int InputErrors(IEnumerable<string> errors)
    {
        var count = 0;
        foreach (var e in errors)
        {
            Err.WriteLine($"error: {e}");
            count++;
        }

        Err.WriteLine(count == 1 ? "1 problem; nothing was computed" : $"{count} problems; nothing was computed");
        return ExitCodes.InputError;
    }
}
