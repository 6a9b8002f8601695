using System.Diagnostics.CodeAnalysis;

namespace Purser.Prompts;

/// <summary>An immutable set of effective prompts, swapped whole on reload.</summary>
internal sealed class PromptSet
{
    private readonly Dictionary<string, PromptDefinition> _byName;

    public PromptSet(IEnumerable<PromptDefinition> prompts)
    {
        _byName = prompts.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        All = [.. _byName.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>Every prompt, by name.</summary>
    public IReadOnlyList<PromptDefinition> All { get; }

    public bool TryGet(string name, [NotNullWhen(true)] out PromptDefinition? prompt) => _byName.TryGetValue(name, out prompt);

    /// <summary>True when both sets hold the same prompts with the same content.</summary>
    public bool SameAs(PromptSet other)
    {
        if (other.All.Count != All.Count)
        {
            return false;
        }

        foreach (PromptDefinition prompt in All)
        {
            if (!other.TryGet(prompt.Name, out PromptDefinition? theirs)
                || theirs.Version != prompt.Version
                || theirs.Description != prompt.Description
                || theirs.Source != prompt.Source)
            {
                return false;
            }
        }

        return true;
    }
}
