using BenchmarkDotNet.Running;
using Wix.Auth.Benchmarks;

// "load" runs the cold-cache load scenario; anything else goes to BenchmarkDotNet.
if (args is ["load", ..])
{
    await LoadScenario.RunAsync(runs: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5, CancellationToken.None);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
