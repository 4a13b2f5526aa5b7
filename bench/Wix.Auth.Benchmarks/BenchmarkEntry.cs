namespace Wix.Auth.Benchmarks;

/// <summary>Anchors the benchmark assembly for <c>BenchmarkSwitcher</c>.</summary>
internal static class BenchmarkEntry;
