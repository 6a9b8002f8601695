using Purser.Keys;

namespace Purser.Assistant.Calls;

/// <summary>
/// The virtual key the assistant's calls are made for on this asynchronous flow: an MCP tool call made with a
/// <c>purser run</c> session's key is priced, budgeted and recorded under that session. Without one, calls are the
/// operator's own (the CLI, the master key).
/// </summary>
internal static class AssistantCaller
{
    private static readonly AsyncLocal<VirtualKey?> Key = new();

    /// <summary>The key calls on this flow are charged to, if any.</summary>
    public static VirtualKey? Current => Key.Value;

    /// <summary>Charges the calls made until the scope is disposed to <paramref name="key"/>.</summary>
    public static Scope Use(VirtualKey? key)
    {
        VirtualKey? previous = Key.Value;
        Key.Value = key;
        return new Scope(previous);
    }

    /// <summary>Restores the previous caller.</summary>
    public readonly struct Scope(VirtualKey? previous) : IDisposable
    {
        public void Dispose() => Key.Value = previous;
    }
}
