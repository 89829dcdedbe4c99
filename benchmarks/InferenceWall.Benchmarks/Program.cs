BenchmarkSwitcher.FromAssembly(typeof(InferenceWall.Benchmarks.EstimateBenchmarks).Assembly).Run(args);
