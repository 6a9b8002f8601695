using System.Diagnostics.CodeAnalysis;
using Purser.Routing;

namespace Purser.Dispatch;

/// <summary>
/// A fixed set of providers, built at start-up. A provider with several API keys has one adapter per key
/// (<paramref name="keyed"/>, by "name#label"); <see cref="All"/> and the look-up by name give its first key's adapter.
/// </summary>
internal sealed class ProviderRegistry(IEnumerable<IChatProvider> providers, IReadOnlyDictionary<string, IChatProvider>? keyed = null) : IProviderRegistry
{
    private readonly Dictionary<string, IChatProvider> _byName = providers.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IChatProvider> _byKey = keyed is null ? [] : new(keyed, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IChatProvider> All => _byName.Values;

    public bool TryGet(string name, [MaybeNullWhen(false)] out IChatProvider provider) => _byName.TryGetValue(name, out provider);

    public bool TryGet(Deployment deployment, [MaybeNullWhen(false)] out IChatProvider provider) =>
        deployment.Key is { } key ? _byKey.TryGetValue(KeyOf(deployment.Provider, key), out provider) : TryGet(deployment.Provider, out provider);

    /// <summary>The look-up name of one key's adapter.</summary>
    public static string KeyOf(string provider, string label) => provider + "#" + label;
}
