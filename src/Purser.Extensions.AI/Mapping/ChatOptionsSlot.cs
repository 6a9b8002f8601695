using Microsoft.Extensions.AI;

namespace Purser.Extensions.AI.Mapping;

/// <summary>
/// The caller's own <see cref="ChatOptions"/> for the call in flight, so the wrapped client gets what has no canonical
/// form (its tools' objects, AdditionalProperties, RawRepresentationFactory) along with what the stages decided.
/// </summary>
internal sealed class ChatOptionsSlot
{
    private readonly AsyncLocal<ChatOptions?> _current = new();

    public ChatOptions? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }
}
