using System.Globalization;
using BenchmarkDotNet.Running;
using InferenceWall.Benchmarks;

// `--peak-memory` prints the simulator's peak memory table (docs/simulation.md); everything else is BenchmarkDotNet's.
return args switch
{
    ["--peak-memory"] => PeakMemory.Table(),
    ["--peak-memory-one", var s, var r] => PeakMemory.One(int.Parse(s, CultureInfo.InvariantCulture), long.Parse(r, CultureInfo.InvariantCulture)),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(EstimateBenchmarks).Assembly).Run(args);
    return 0;
}
