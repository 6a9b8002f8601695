using System.Text.Json.Nodes;

namespace Purser.Guards;

/// <summary>
/// JSON text guarded value by value (tool-call arguments): the parsed tree whose string values are pieces, and where
/// the text goes back, re-serialised, when a value was redacted.
/// </summary>
internal sealed class JsonTextOwner(JsonNode root, PieceTarget target)
{
    public JsonNode Root { get; } = root;

    public PieceTarget Target { get; } = target;

    /// <summary>A value of <see cref="Root"/> was replaced.</summary>
    public bool Changed { get; set; }
}
