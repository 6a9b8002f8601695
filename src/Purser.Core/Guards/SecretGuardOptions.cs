using System.Globalization;
using System.Text.RegularExpressions;

namespace Purser.Guards;

/// <summary>
/// Configuration of the secret guard, bound from <c>Purser:Guard:Secrets</c>. Settings resolve key over
/// project over these global values (<see cref="Resolve"/>).
/// </summary>
public sealed class SecretGuardOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Purser:Guard:Secrets";

    /// <summary>
    /// Default <see cref="SecretGuardMode.Redact"/>: the secret never leaves the process (as with block),
    /// while a false positive costs one placeholder in a prompt instead of a failed request.
    /// </summary>
    public SecretGuardMode Mode { get; set; } = SecretGuardMode.Redact;

    /// <summary>Detector ids to run; empty runs every detector.</summary>
    public List<string> Detectors { get; set; } = [];

    /// <summary>Detector ids not to run (applied after <see cref="Detectors"/>).</summary>
    public List<string> DisabledDetectors { get; set; } = [];

    /// <summary>Minimum Shannon entropy in bits per character of a <c>high_entropy</c> token.</summary>
    public double EntropyThreshold { get; set; } = SecretScanner.DefaultEntropyThreshold;

    /// <summary>Minimum length of a <c>high_entropy</c> token.</summary>
    public int EntropyMinLength { get; set; } = SecretScanner.DefaultEntropyMinLength;

    /// <summary>Regular expressions over the secret text; a finding that matches one is ignored (known test keys, internal ids).</summary>
    public List<string> AllowPatterns { get; set; } = [];

    /// <summary>Overrides by project name (case-insensitive).</summary>
    public Dictionary<string, SecretGuardOverride> Projects { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Overrides by virtual key id.</summary>
    public Dictionary<string, SecretGuardOverride> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every configuration error, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        ValidateLevel(SectionName, Mode, Detectors, DisabledDetectors, EntropyThreshold, EntropyMinLength, AllowPatterns, errors);
        foreach ((string name, SecretGuardOverride o) in Projects)
        {
            ValidateLevel($"{SectionName}:Projects:{name}", o.Mode, o.Detectors, o.DisabledDetectors, o.EntropyThreshold, o.EntropyMinLength, o.AllowPatterns, errors);
        }

        foreach ((string name, SecretGuardOverride o) in Keys)
        {
            ValidateLevel($"{SectionName}:Keys:{name}", o.Mode, o.Detectors, o.DisabledDetectors, o.EntropyThreshold, o.EntropyMinLength, o.AllowPatterns, errors);
        }

        return errors;
    }

    /// <summary>
    /// The effective settings for a caller: the key's override, else the project's, else the global value,
    /// field by field; allow patterns of all three levels apply. Throws on invalid configuration.
    /// </summary>
    internal SecretGuardPolicy Resolve(string? project, string? keyId)
    {
        SecretGuardOverride? p = project is not null && Projects.TryGetValue(project, out SecretGuardOverride? po) ? po : null;
        SecretGuardOverride? k = keyId is not null && Keys.TryGetValue(keyId, out SecretGuardOverride? ko) ? ko : null;

        SecretGuardMode mode = k?.Mode ?? p?.Mode ?? Mode;
        string modeSource = k?.Mode is not null ? $"key '{keyId}'" : p?.Mode is not null ? $"project '{project}'" : "default";
        HashSet<SecretKind> kinds = Kinds(k?.Detectors ?? p?.Detectors ?? Detectors, k?.DisabledDetectors ?? p?.DisabledDetectors ?? DisabledDetectors);
        double threshold = k?.EntropyThreshold ?? p?.EntropyThreshold ?? EntropyThreshold;
        int minLength = k?.EntropyMinLength ?? p?.EntropyMinLength ?? EntropyMinLength;
        IEnumerable<string> allow = AllowPatterns.Concat(p?.AllowPatterns ?? []).Concat(k?.AllowPatterns ?? []);
        return new SecretGuardPolicy(mode, new SecretScanner(kinds, threshold, minLength, allow), modeSource);
    }

    /// <summary>
    /// The effective settings when the project is only claimed by the caller (a header), not bound by its key: the key's
    /// override, else the global value — and the project's override only where it is stricter, field by field (a
    /// stricter mode, more detectors, a lower entropy threshold or length); its allow patterns do not apply. A caller
    /// can so never loosen the guard by naming a project.
    /// </summary>
    internal SecretGuardPolicy ResolveTightening(string project, string? keyId)
    {
        SecretGuardOverride? p = Projects.TryGetValue(project, out SecretGuardOverride? po) ? po : null;
        SecretGuardOverride? k = keyId is not null && Keys.TryGetValue(keyId, out SecretGuardOverride? ko) ? ko : null;

        SecretGuardMode mode = k?.Mode ?? Mode;
        string modeSource = k?.Mode is not null ? $"key '{keyId}'" : "default";
        if (p?.Mode is { } projectMode && projectMode > mode)
        {
            mode = projectMode;
            modeSource = $"project '{project}' (stricter)";
        }

        List<string> detectors = k?.Detectors ?? Detectors;
        List<string> disabled = k?.DisabledDetectors ?? DisabledDetectors;
        HashSet<SecretKind> kinds = Kinds(detectors, disabled);
        kinds.UnionWith(Kinds(p?.Detectors ?? detectors, p?.DisabledDetectors ?? disabled));
        double threshold = Math.Min(k?.EntropyThreshold ?? EntropyThreshold, p?.EntropyThreshold ?? double.MaxValue);
        int minLength = Math.Min(k?.EntropyMinLength ?? EntropyMinLength, p?.EntropyMinLength ?? int.MaxValue);
        IEnumerable<string> allow = AllowPatterns.Concat(k?.AllowPatterns ?? []);
        return new SecretGuardPolicy(mode, new SecretScanner(kinds, threshold, minLength, allow), modeSource);
    }

    private static HashSet<SecretKind> Kinds(List<string> detectors, List<string> disabled)
    {
        HashSet<SecretKind> kinds = detectors.Count == 0 ? [.. SecretKinds.All] : [.. detectors.Select(ParseKind)];
        kinds.ExceptWith(disabled.Select(ParseKind));
        return kinds;
    }

    private static SecretKind ParseKind(string id) =>
        SecretKinds.TryParse(id, out SecretKind kind) ? kind : throw new ArgumentException($"Unknown secret detector '{id}'.", nameof(id));

    private static void ValidateLevel(
        string path,
        SecretGuardMode? mode,
        List<string>? detectors,
        List<string>? disabled,
        double? threshold,
        int? minLength,
        List<string>? allow,
        List<string> errors)
    {
        if (mode is { } m && !Enum.IsDefined(m))
        {
            errors.Add($"{path}:Mode: '{m}' is not one of Off, Warn, Redact, Block.");
        }

        ValidateIds($"{path}:Detectors", detectors, errors);
        ValidateIds($"{path}:DisabledDetectors", disabled, errors);
        if (threshold is { } t && (double.IsNaN(t) || t <= 0 || t > 8))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:EntropyThreshold: {t} is outside (0, 8] bits per character."));
        }

        if (minLength is { } n && (n < 8 || n > SecretScanner.EntropyMaxLength))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:EntropyMinLength: {n} is outside [8, {SecretScanner.EntropyMaxLength}]."));
        }

        for (int i = 0; i < (allow?.Count ?? 0); i++)
        {
            try
            {
                _ = new Regex(allow![i], RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                errors.Add($"{path}:AllowPatterns:{i}: not a valid regular expression ({e.Message}).");
            }
        }
    }

    private static void ValidateIds(string path, List<string>? ids, List<string> errors)
    {
        for (int i = 0; i < (ids?.Count ?? 0); i++)
        {
            if (!SecretKinds.TryParse(ids![i], out _))
            {
                errors.Add($"{path}:{i}: unknown detector '{ids[i]}' (known: {string.Join(", ", SecretKinds.All.Select(k => k.ToId()))}).");
            }
        }
    }
}
