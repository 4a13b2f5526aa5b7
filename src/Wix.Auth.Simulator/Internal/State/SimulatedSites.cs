using System.Collections.Concurrent;

namespace Wix.Auth.Simulator.Internal.State;

/// <summary>The sites the app is (or once was) installed on, by instance ID: Wix keeps an instance across uninstalls.</summary>
internal sealed class SimulatedSites
{
    private readonly ConcurrentDictionary<string, SimulatedInstance> _instances = new(StringComparer.Ordinal);

    public IEnumerable<SimulatedInstance> All => _instances.Values;

    /// <summary>A new site with a fresh instance and site ID, the app not yet installed.</summary>
    public SimulatedInstance Add(string? originInstanceId)
    {
        var instance = new SimulatedInstance(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), originInstanceId);
        _instances[instance.InstanceId] = instance;
        return instance;
    }

    /// <summary>Puts back a site from saved state.</summary>
    public void Restore(SimulatedInstance instance) => _instances[instance.InstanceId] = instance;

    public SimulatedInstance Get(string instanceId) =>
        _instances.TryGetValue(instanceId, out var instance)
            ? instance
            : throw new KeyNotFoundException($"Unknown instance {instanceId}.");

    public bool TryGet(string instanceId, out SimulatedInstance instance) => _instances.TryGetValue(instanceId, out instance!);

    public bool IsInstalled(string instanceId) => _instances.TryGetValue(instanceId, out var instance) && instance.Installed;
}
