using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary>
/// A progress bar on the terminal's error stream for long work; nothing at all when output is redirected or the
/// command writes to a test's writer (plain, quiet logs).
/// </summary>
internal static class ProgressRunner
{
    public static bool Interactive(CliIo io) =>
        ReferenceEquals(io.Out, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public static T Run<T>(CliIo io, string label, int total, Func<IProgress<int>?, T> work)
    {
        if (!Interactive(io))
        {
            return work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label, maxValue: total);
                var progress = new Progress(task);
                result = work(progress);
                task.Value = total;
            });
        return result;
    }

    private sealed class Progress(ProgressTask task) : IProgress<int>
    {
        public void Report(int value)
        {
            if (value > task.Value)
            {
                task.Value = value;
            }
        }
    }
}
