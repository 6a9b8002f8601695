using System.Text.Json.Nodes;

namespace Purser.Assistant.Json;

/// <summary>What <see cref="LenientJson.Parse"/> found: the object, how it was found, the repairs made, or why there is none.</summary>
internal sealed class LenientJsonResult
{
    public JsonObject? Object { get; init; }

    public JsonAnswerForm Form { get; init; }

    /// <summary>What had to be repaired, for people ("trailing commas", "a cut-off end") — empty unless <see cref="Form"/> is Repaired.</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];

    /// <summary>The answer ended in the middle of the JSON (typically the output token limit).</summary>
    public bool Truncated { get; init; }

    /// <summary>Why no object was found; null when one was.</summary>
    public string? Failure { get; init; }

    public bool Succeeded => Object is not null;

    /// <summary>A warning for the user when the JSON was not clean; null when it was.</summary>
    public string? Warning => Form switch
    {
        JsonAnswerForm.None => Failure,
        JsonAnswerForm.Repaired when Truncated => $"The model's JSON answer was cut off; the part received was used ({string.Join(", ", Repairs)}).",
        JsonAnswerForm.Repaired => $"The model's answer was not valid JSON and was repaired ({string.Join(", ", Repairs)}).",
        _ => null,
    };
}
