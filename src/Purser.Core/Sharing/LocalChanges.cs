namespace Purser.Sharing;

/// <summary>One instance alone on its database (SQLite): nothing to tell, nothing to hear.</summary>
internal sealed class LocalChanges : ISharedChanges
{
    public bool IsShared => false;

    public event Action<SharedChange>? Received
    {
        add { }
        remove { }
    }

    public void Publish(string topic, string? detail = null)
    {
    }
}
