using Microsoft.Extensions.DependencyInjection;

namespace Wix.Auth;

/// <summary>Returned by <c>AddWixAuth</c>; strategies and stores hang their registration off it.</summary>
public sealed class WixAuthBuilder
{
    internal WixAuthBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }
}
