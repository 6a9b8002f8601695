namespace Purser.Assistant.Notes;

/// <summary>Note statuses as text (<c>inbox</c>, <c>active</c>, <c>done</c>).</summary>
internal static class NoteStatuses
{
    public static IReadOnlyList<string> Names { get; } = ["inbox", "active", "done"];

    public static string ToName(this NoteStatus status) => status switch { NoteStatus.Active => "active", NoteStatus.Done => "done", _ => "inbox" };

    public static bool TryParse(string? text, out NoteStatus status)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "inbox":
                status = NoteStatus.Inbox;
                return true;
            case "active":
                status = NoteStatus.Active;
                return true;
            case "done":
                status = NoteStatus.Done;
                return true;
            default:
                status = default;
                return false;
        }
    }
}
