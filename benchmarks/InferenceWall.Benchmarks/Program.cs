using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(InferenceWall.Benchmarks.EstimateBenchmarks).Assembly).Run(args);
