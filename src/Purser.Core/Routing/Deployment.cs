namespace Purser.Routing;

/// <summary>
/// A concrete place to send a call: a configured provider, the model name it knows and, for a provider with several
/// API keys (<c>ApiKeys</c>), which key by its label (<c>key1</c>, <c>key2</c>, … — never the key itself). Each key is
/// its own deployment: balanced, held to its quota, cooled down and failed over on its own.
/// </summary>
internal sealed record Deployment(string Provider, string Model, string? Key = null)
{
    /// <summary>"provider/model": the alias target this deployment serves (per-target settings, allowed models, prices).</summary>
    public string Target { get; } = Provider + "/" + Model;

    /// <summary>"provider/model", or "provider/model#key2" for one key of a provider with several.</summary>
    public string Id { get; } = Key is null ? Provider + "/" + Model : Provider + "/" + Model + "#" + Key;

    public override string ToString() => Id;
}
