namespace Purser.Assistant.Hosting;

/// <summary><c>Purser:Assistant:Sarif</c>: links written into SARIF output (both optional).</summary>
public sealed class SarifOptions
{
    /// <summary><c>tool.driver.informationUri</c>: where people learn about the tool (e.g. your copy of docs/ASSISTANT.md).</summary>
    public string? InformationUri { get; set; }

    /// <summary>Base of each rule's <c>helpUri</c>; the rule id is appended after <c>#</c>.</summary>
    public string? HelpUriBase { get; set; }
}
