using Microsoft.Extensions.DependencyInjection;

namespace Purser.Hosting;

/// <summary>Returned by <c>AddPurser</c>; the Add… extensions of the other Purser packages hang off it.</summary>
public sealed class PurserBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;
}
