using System.Diagnostics.CodeAnalysis;

namespace Purser.Dispatch;

/// <summary>The configured providers by name.</summary>
public interface IProviderRegistry
{
    bool TryGet(string name, [MaybeNullWhen(false)] out IChatProvider provider);

    IReadOnlyCollection<IChatProvider> All { get; }
}
