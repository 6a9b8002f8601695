namespace Purser.Compression;

/// <summary>How much of a fenced block's content the compressor may change.</summary>
internal enum FenceKind
{
    /// <summary>Ordinary code: trailing whitespace and runs of blank lines.</summary>
    Code,

    /// <summary>Indentation- or layout-sensitive languages (Python, YAML, Makefile, Haskell, F#, Markdown...): trailing whitespace only.</summary>
    LayoutSensitive,

    /// <summary>Diffs and patches: nothing at all (a context line of one space is meaningful).</summary>
    Verbatim,

    /// <summary>Logs and console output: trailing whitespace, blank-line runs and repeated identical lines.</summary>
    Text,
}
