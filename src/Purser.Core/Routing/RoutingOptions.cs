namespace Purser.Routing;

/// <summary>
/// <c>Purser:Routing</c>: how <c>auto</c> classifies a request, and the configuration cascade (system defaults →
/// project → agent) of model, provider, prompt addition, temperature, max tokens and budget share.
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>The <c>auto</c> classifier (<c>Purser:Routing:Auto</c>).</summary>
    public AutoRoutingOptions Auto { get; set; } = new();

    /// <summary>System-level cascade values (<c>Purser:Routing:Defaults</c>).</summary>
    public CascadeSettings Defaults { get; set; } = new();

    /// <summary>Per-project overrides (<c>Purser:Routing:Projects:&lt;project&gt;</c>), each with its own <c>Agents</c>.</summary>
    public Dictionary<string, CascadeSettings> Projects { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per-agent overrides that apply in every project (<c>Purser:Routing:Agents:&lt;agent&gt;</c>).</summary>
    public Dictionary<string, CascadeSettings> Agents { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Where <c>purser config import</c> keeps the imported cascade (default <c>&lt;PURSER_HOME&gt;/routing.json</c>).
    /// Read at start-up and again when it changes; its values win over the configuration's, scope by scope.
    /// </summary>
    public string? CascadeFile { get; set; }
}
