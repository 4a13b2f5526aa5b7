using BenchmarkDotNet.Running;
using Wix.Auth.Benchmarks;

// "load" runs the cold-cache load scenario; anything else goes to BenchmarkDotNet.
if (args is ["load", ..])
{
    await LoadScenario.RunAsync(runs: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5, CancellationToken.None);
    return;
}

// "cluster ADMIN_CONNECTION_STRING HOST_DLL [hosts] [latencyMs]": bench/cluster/run.sh starts it.
if (args is ["cluster", var admin, var hostDll, ..])
{
    var inv = System.Globalization.CultureInfo.InvariantCulture;
    await ClusterScenario.RunAsync(admin, hostDll, args.Length > 3 ? int.Parse(args[3], inv) : 3, args.Length > 4 ? int.Parse(args[4], inv) : 100);
    return;
}

// "checklist l1|l3|l4 ADMIN_CONNECTION_STRING HOST_DLL [--option value]...": bench/checklist/run.sh starts it.
if (args is ["checklist", var scenario, var checklistAdmin, var checklistHost, ..])
{
    await Wix.Auth.Benchmarks.Checklist.ChecklistCommand.RunAsync(scenario, checklistAdmin, checklistHost, args[4..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
