using System.Text.Json.Serialization;

namespace Purser.Assistant.Validation;

/// <summary>Whether a check ran on a file. Only checks that ran count in the score: "not checked" is never a pass.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
internal enum CheckStatus
{
    /// <summary>The check ran; its score counts.</summary>
    [JsonStringEnumMemberName("checked")]
    Checked,

    /// <summary>No checker for this language or file on this machine (no python3, no node, a file inside a project …).</summary>
    [JsonStringEnumMemberName("not_checked")]
    NotChecked,

    /// <summary>The check means nothing here (types in JSON, doc comments in a file with no public members).</summary>
    [JsonStringEnumMemberName("not_applicable")]
    NotApplicable,
}
