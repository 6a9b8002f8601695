namespace Purser.Configuration;

/// <summary>An alias: <c>Purser:Models:&lt;alias&gt;:Targets</c>, an ordered list of provider/model.</summary>
public sealed class ModelAliasOptions
{
    public List<string> Targets { get; set; } = [];

    public string? Description { get; set; }
}
