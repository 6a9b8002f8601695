using System.Diagnostics.CodeAnalysis;

namespace Purser.Dispatch;

/// <summary>The configured providers by name.</summary>
internal interface IProviderRegistry
{
    bool TryGet(string name, [MaybeNullWhen(false)] out IChatProvider provider);

    IReadOnlyCollection<IChatProvider> All { get; }

    /// <summary>The adapter that serves <paramref name="deployment"/>: for one key of a provider with several, the adapter holding that key.</summary>
    bool TryGet(Routing.Deployment deployment, [MaybeNullWhen(false)] out IChatProvider provider) => TryGet(deployment.Provider, out provider);
}
