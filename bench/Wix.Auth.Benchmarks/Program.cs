using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Wix.Auth.Benchmarks.BenchmarkEntry).Assembly).Run(args);
