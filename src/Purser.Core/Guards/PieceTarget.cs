using System.Text.Json.Nodes;

namespace Purser.Guards;

/// <summary>
/// Where a guarded string lives and how its redacted text is stored: a string value in a JSON tree (its path is the
/// node's, under <paramref name="Owner"/>'s when the tree was parsed from JSON text), or a string of the canonical
/// model (<paramref name="Path"/> and <paramref name="Write"/>).
/// </summary>
internal readonly record struct PieceTarget(JsonNode? Node, string? Path, Action<string>? Write, JsonTextOwner? Owner)
{
    /// <summary>The path the findings report: <c>messages[1].content</c>, <c>messages[2].tool_calls[0].function.arguments.path</c>.</summary>
    public string ResolvePath()
    {
        if (Node is null)
        {
            return Path!;
        }

        // JsonNode paths are "$.messages[1].content", "$[0]" or "$['odd name']".
        string path = Node.GetPath();
        path = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..];
        if (Owner is null)
        {
            return path;
        }

        string outer = Owner.Target.ResolvePath();
        return path.Length == 0 ? outer : outer + (path.StartsWith('[') ? "" : ".") + path;
    }

    /// <summary>Stores the redacted text.</summary>
    public void Set(string text)
    {
        if (Node is null)
        {
            Write!(text);
            return;
        }

        Node.ReplaceWith(text);
        if (Owner is not null)
        {
            Owner.Changed = true;
        }
    }
}
