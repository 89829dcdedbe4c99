return InferenceWall.Cli.CliApp.Run(args, Console.Out, Console.Error);
