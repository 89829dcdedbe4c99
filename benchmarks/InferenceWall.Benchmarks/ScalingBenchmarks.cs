using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using InferenceWall.Simulation;

namespace InferenceWall.Benchmarks;

/// <summary>
/// How the engine's time grows with the requests of a run: M/M/64 at load 0.9, 1M to 16M requests. Time per request =
/// the mean ÷ the requests (docs/simulation.md has the table).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RequestScalingBenchmarks
{
    private SimulationSpec _spec = null!;

    [Params(1_000_000, 2_000_000, 4_000_000, 8_000_000, 16_000_000)]
    public long Requests { get; set; }

    [GlobalSetup]
    public void Setup() => _spec = SimulationSpec.Mmc(64, 0.9, Requests);

    [Benchmark]
    public long Mmc64() => FleetSimulator.Run(_spec, 1).Events;
}

/// <summary>
/// How the engine's time grows with the servers: M/M/c at load 0.9 and 4M requests, c from 8 to 32,768 (about as many
/// events pending as servers, so this is the event queue's and the replica table's size).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ServerScalingBenchmarks
{
    private SimulationSpec _spec = null!;

    [Params(8, 64, 512, 4_096, 32_768)]
    public int Servers { get; set; }

    [GlobalSetup]
    public void Setup() => _spec = SimulationSpec.Mmc(Servers, 0.9, 4_000_000);

    [Benchmark]
    public long Mmc() => FleetSimulator.Run(_spec, 1).Events;
}

/// <summary>
/// Peak memory of one run, which BenchmarkDotNet does not report: each case runs in a fresh process of this program
/// (<c>--peak-memory</c>), which reads its peak resident set (VmHWM, Linux) before and after the run.
/// </summary>
internal static class PeakMemory
{
    public static int Table()
    {
        Console.WriteLine("| servers | requests | wall (s) | peak RSS before run (MiB) | peak RSS after run (MiB) | run's share (MiB) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        var cases = new List<(int, long)>();
        foreach (var r in new long[] { 1_000_000, 4_000_000, 16_000_000 })
        {
            cases.Add((64, r));
        }

        foreach (var s in new[] { 8, 512, 4_096, 32_768 })
        {
            cases.Add((s, 4_000_000));
        }

        foreach (var (servers, requests) in cases)
        {
            var self = Environment.ProcessPath!;
            var dll = typeof(PeakMemory).Assembly.Location;
            var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
            if (!Path.GetFileNameWithoutExtension(self).Equals("InferenceWall.Benchmarks", StringComparison.Ordinal))
            {
                start.ArgumentList.Add(dll);
            }

            foreach (var a in new[] { "--peak-memory-one", servers.ToString(CultureInfo.InvariantCulture), requests.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(a);
            }

            using var p = Process.Start(start)!;
            var line = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            var f = line.Split(' ');
            var before = double.Parse(f[1], CultureInfo.InvariantCulture) / 1024;
            var after = double.Parse(f[2], CultureInfo.InvariantCulture) / 1024;
            Console.WriteLine(FormattableString.Invariant($"| {servers:N0} | {requests:N0} | {double.Parse(f[0], CultureInfo.InvariantCulture):F2} | {before:F1} | {after:F1} | {after - before:F1} |"));
        }

        return 0;
    }

    public static int One(int servers, long requests)
    {
        var spec = SimulationSpec.Mmc(servers, 0.9, requests);
        FleetSimulator.Run(SimulationSpec.Mmc(8, 0.9, 10_000), 1); // load the code first
        var before = PeakKiB();
        var sw = Stopwatch.StartNew();
        FleetSimulator.Run(spec, 1);
        var wall = sw.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"{wall:F3} {before} {PeakKiB()}"));
        return 0;
    }

    private static long PeakKiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
