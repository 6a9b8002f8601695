using System.Text.Json.Serialization;

namespace Purser.Assistant.Notes;

/// <summary>The workflow of a note: inbox → active → done (any step may be taken back).</summary>
internal enum NoteStatus
{
    [JsonStringEnumMemberName("inbox")]
    Inbox,

    [JsonStringEnumMemberName("active")]
    Active,

    [JsonStringEnumMemberName("done")]
    Done,
}
