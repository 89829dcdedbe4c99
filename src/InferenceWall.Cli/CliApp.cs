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
        root.Subcommands.Add(MonteCarloCommand.Create(io));
        root.Subcommands.Add(OptimizeCommand.Create(io));
        root.Subcommands.Add(DiffCommand.Create(io));
        root.Subcommands.Add(ReportCommand.Create(io));
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

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
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
