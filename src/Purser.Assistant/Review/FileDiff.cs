namespace Purser.Assistant.Review;

/// <summary>One file's part of a unified diff: its header lines and hunks.</summary>
internal sealed record FileDiff
{
    /// <summary>The path in the new version (the old path for a deleted file).</summary>
    public required string Path { get; init; }

    /// <summary>The lines before the first hunk (<c>diff --git</c>, <c>index</c>, <c>---</c>, <c>+++</c>).</summary>
    public required string Header { get; init; }

    /// <summary>Each hunk, starting with its <c>@@ … @@</c> line.</summary>
    public required IReadOnlyList<string> Hunks { get; init; }

    public bool IsBinary { get; init; }

    public bool IsDeleted { get; init; }

    public bool IsNew { get; init; }

    public int Added { get; init; }

    public int Removed { get; init; }

    /// <summary>The whole file diff as text.</summary>
    public string Text => Header + string.Concat(Hunks);
}
