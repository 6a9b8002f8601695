namespace Purser.Assistant.Hosting;

/// <summary>The developer assistant's settings, bound from <c>Purser:Assistant</c>.</summary>
public sealed class AssistantOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Purser:Assistant";

    /// <summary>
    /// The model every assistant operation uses unless <c>--model</c>, the request or <see cref="Models"/> says otherwise.
    /// Default: none — the prompt's tier alias when it is configured, else the first configured provider's model
    /// (see docs/ASSISTANT.md, "Which model").
    /// </summary>
    public string? Model { get; set; }

    /// <summary>A model per operation (<c>file_scoring</c>, <c>quick_analysis</c>, <c>qa</c>, <c>code_review</c>, <c>debugging</c>, <c>architecture</c>).</summary>
    public Dictionary<string, string> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Largest piece of code (a file, a snippet, a request field) the analysis features accept, in bytes. Default 50 KB.</summary>
    public int MaxCodeBytes { get; set; } = 50 * 1024;

    /// <summary>Languages the analysis features accept (ids or common names: <c>python</c>, <c>csharp</c>, <c>C#</c>). Empty: every language Purser recognises.</summary>
    public List<string> AllowedLanguages { get; set; } = [];

    /// <summary>How <c>purser review</c> handles diffs.</summary>
    public ReviewOptions Review { get; set; } = new();

    /// <summary>How <c>purser analyze repo</c> runs.</summary>
    public BatchOptions Batch { get; set; } = new();

    /// <summary>Most bytes of context files <c>purser ask --context</c> sends. Default 200 KB.</summary>
    public int MaxContextBytes { get; set; } = 200 * 1024;

    /// <summary>Most bytes of an error log sent by <c>purser debug</c>; a longer log keeps its end (where the error is). Default 32 KB.</summary>
    public int MaxErrorLogBytes { get; set; } = 32 * 1024;

    /// <summary>SARIF output: optional links written into the tool and rule descriptions.</summary>
    public SarifOptions Sarif { get; set; } = new();
}
