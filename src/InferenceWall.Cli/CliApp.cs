using System.CommandLine;
using InferenceWall.Cli.Commands;

namespace InferenceWall.Cli;

/// <summary>Builds the <c>iwall</c> command tree and runs it against the given output streams.</summary>
public static class CliApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var io = new CliIo(output, error);
        var root = new RootCommand("InferenceWall: what generative video costs to serve, from the physics of the model up.");
        root.Subcommands.Add(EstimateCommand.Create(io));
        root.Subcommands.Add(CatalogCommand.Create(io));
        root.Subcommands.Add(CalibrateCommand.Create(io));
        root.Subcommands.Add(ValidateCommand.Create(io));
        root.Subcommands.Add(EconomicsCommand.Create(io));
        root.Subcommands.Add(CaseCommand.Create(io));
        root.Subcommands.Add(SimulateCommand.Create(io));
        root.Subcommands.Add(SweepCommand.Create(io));
        root.Subcommands.Add(SensitivityCommand.Create(io));
        root.Subcommands.Add(LeversCommand.Create(io));
        root.Subcommands.Add(MonteCarloCommand.Create(io));
        root.Subcommands.Add(OptimizeCommand.Create(io));
        root.Subcommands.Add(DiffCommand.Create(io));
        root.Subcommands.Add(ReportCommand.Create(io));
        root.Subcommands.Add(RunsCommand.Create(io));
        root.Subcommands.Add(ServeCommand.Create(io));
        root.Subcommands.Add(WorkerCommand.Create(io));
        RunSaving.AddTo(root, io);
        StrictNumbers(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"error: {e.Message}");
            }

            error.WriteLine("run with --help for the options");
            return ExitCodes.InputError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file the command was told to write (a chart, a report) could not be written: the user's path, not a bug.
            error.WriteLine($"error: cannot write a file: {ex.Message.TrimEnd('.')}; give a writable path");
            return ExitCodes.InputError;
        }
    }

    /// <summary>
    /// Every decimal option of every command reads the invariant format only: System.CommandLine's own parsing accepts
    /// thousands separators, so <c>--load 0,9</c> became 9 and <c>--slo-s 9,00</c> became 900, silently.
    /// </summary>
    private static void StrictNumbers(Command command)
    {
        foreach (var option in command.Options)
        {
            switch (option)
            {
                case Option<double> d:
                    d.CustomParser = r => Decimal(r, d.Name) ?? 0;
                    break;
                case Option<double?> n:
                    n.CustomParser = r => Decimal(r, n.Name);
                    break;
                case Option<ulong> u:
                    u.CustomParser = r => Unsigned(r, u.Name);
                    break;
            }
        }

        foreach (var sub in command.Subcommands)
        {
            StrictNumbers(sub);
        }
    }

    private static ulong Unsigned(System.CommandLine.Parsing.ArgumentResult result, string name)
    {
        var text = string.Join(' ', result.Tokens.Select(t => t.Value));
        if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError($"{name} '{text}': give a whole number from 0 to {ulong.MaxValue:N0}");
        return 0;
    }

    private static double? Decimal(System.CommandLine.Parsing.ArgumentResult result, string name)
    {
        var text = string.Join(' ', result.Tokens.Select(t => t.Value));
        if (InvariantNumber.TryParse(text, out var value))
        {
            return value;
        }

        // The parse leaves an overflowing number (1e400) as infinity; a malformed one as 0.
        if (double.IsInfinity(value))
        {
            result.AddError($"{name} '{text}': too large for a number; give a finite value");
            return null;
        }

        result.AddError($"{name} '{text}': not a number in the invariant format; {InvariantNumber.Fix}, for example 0.9");
        return null;
    }
}

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input: an option, a file or a catalog entry; every problem was printed.</summary>
    public const int InputError = 2;

    /// <summary>The input is valid but has no answer (a plan that does not fit in GPU memory).</summary>
    public const int Infeasible = 3;
}
