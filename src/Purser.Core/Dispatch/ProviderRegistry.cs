using System.Diagnostics.CodeAnalysis;

namespace Purser.Dispatch;

/// <summary>A fixed set of providers, built at start-up.</summary>
public sealed class ProviderRegistry(IEnumerable<IChatProvider> providers) : IProviderRegistry
{
    private readonly Dictionary<string, IChatProvider> _byName = providers.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IChatProvider> All => _byName.Values;

    public bool TryGet(string name, [MaybeNullWhen(false)] out IChatProvider provider) => _byName.TryGetValue(name, out provider);
}
