namespace Purser.Routing;

/// <summary>A concrete place to send a call: a configured provider and the model name it knows.</summary>
public sealed record Deployment(string Provider, string Model)
{
    /// <summary>"provider/model".</summary>
    public string Id { get; } = Provider + "/" + Model;

    public override string ToString() => Id;
}
