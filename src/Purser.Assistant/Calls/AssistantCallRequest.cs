namespace Purser.Assistant.Calls;

/// <summary>One model call an assistant feature wants made: which prompt, with which variables, for which operation.</summary>
internal sealed class AssistantCallRequest
{
    /// <summary>The ledger operation (<c>file_scoring</c>, <c>quick_analysis</c>, <c>qa</c>, <c>code_review</c>, <c>debugging</c>, <c>architecture</c>).</summary>
    public required string Operation { get; init; }

    /// <summary>The prompt library entry to render.</summary>
    public required string PromptName { get; init; }

    public required IReadOnlyDictionary<string, string> Variables { get; init; }

    /// <summary>The model the caller named, if any (see <see cref="ModelChooser"/>).</summary>
    public string? Model { get; init; }

    /// <summary>Where the call comes from, recorded in the ledger: <c>cli</c> or <c>api</c>.</summary>
    public string Origin { get; init; } = "cli";

    public string? Repository { get; init; }

    public string? Project { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// How the call uses the response cache. Assistant prompts sample a little (temperature 0.1–0.4), so the call opts in
    /// explicitly (<c>x-purser-cache: on</c>): an identical call within its operation's TTL is answered at $0 and marked cached.
    /// </summary>
    public AssistantCacheUse Cache { get; init; } = AssistantCacheUse.Use;

    /// <summary>Items put on the pipeline context for the stages that read them (a generation's template query); ignored by a remote gateway.</summary>
    public IReadOnlyDictionary<object, object> ContextItems { get; init; } = new Dictionary<object, object>();
}
