namespace Purser.Guards;

/// <summary>
/// Per-project or per-key settings of the secret guard (<c>Purser:Guard:Secrets:Projects:&lt;name&gt;</c>,
/// <c>Purser:Guard:Secrets:Keys:&lt;key id&gt;</c>). Unset values inherit; allow patterns add up.
/// </summary>
public sealed class SecretGuardOverride
{
    public SecretGuardMode? Mode { get; set; }

    /// <summary>Replaces the detector list when set (ids such as <c>openai_api_key</c>; empty = all).</summary>
    public List<string>? Detectors { get; set; }

    /// <summary>Replaces the disabled-detector list when set.</summary>
    public List<string>? DisabledDetectors { get; set; }

    public double? EntropyThreshold { get; set; }

    public int? EntropyMinLength { get; set; }

    /// <summary>Added to the inherited allow patterns.</summary>
    public List<string>? AllowPatterns { get; set; }
}
