using InferenceWall.Analysis.Studies;
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

    /// <summary>Runs <paramref name="work"/>, showing the done/total it reports under <paramref name="label"/> on a terminal.</summary>
    public static T Run<T>(CliIo io, string label, Func<IProgress<AnalysisProgress>?, T> work)
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
                var task = ctx.AddTask(label, maxValue: 1);
                result = work(new Progress(task, label));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private sealed class Progress(ProgressTask task, string label) : IProgress<AnalysisProgress>
    {
        private readonly Lock _gate = new();

        public void Report(AnalysisProgress value)
        {
            lock (_gate)
            {
                if (value.Total > 0 && task.MaxValue != value.Total)
                {
                    task.MaxValue = value.Total;
                }

                if (value.Done > task.Value)
                {
                    task.Value = value.Done;
                }

                if (value.Detail is { } detail)
                {
                    task.Description = $"{label} · {Markup.Escape(detail)}";
                }
            }
        }
    }
}
