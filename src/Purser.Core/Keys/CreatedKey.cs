namespace Purser.Keys;

/// <summary>A new key and its secret, which is shown this once and never stored.</summary>
internal sealed record CreatedKey(VirtualKey Key, string Secret);
