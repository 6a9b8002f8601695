namespace Purser.Assistant.Validation;

/// <summary>The code validator's settings, bound from <c>Purser:Validation</c>.</summary>
public sealed class ValidationOptions
{
    public const string SectionName = "Purser:Validation";

    /// <summary>The score (0-100) a file needs to pass. Default 95.</summary>
    public int Threshold { get; set; } = 95;

    /// <summary>The Python interpreter used for Python's syntax check (its <c>ast</c> module). Default <c>python3</c>; empty turns the check off.</summary>
    public string Python { get; set; } = "python3";

    /// <summary>Node.js, used for JavaScript's syntax check (<c>node --check</c>). Default <c>node</c>; empty turns the check off.</summary>
    public string Node { get; set; } = "node";

    /// <summary>How long one external syntax check may take. Default 10 s.</summary>
    public TimeSpan CheckerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The model of the cross-model review of critical code (<c>provider/model</c> or an alias); it must be of another provider
    /// than the one that wrote the code. Default: none — the first configured provider other than the writer's.
    /// </summary>
    public string? CrossCheckModel { get; set; }

    /// <summary>Largest file the validator reads, in bytes. Default 1 MiB.</summary>
    public int MaxFileBytes { get; set; } = 1024 * 1024;

    /// <summary>Most files one folder run validates. Default 5,000.</summary>
    public int MaxFiles { get; set; } = 5_000;

    /// <summary>Checks these options; each error names its key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Threshold is < 0 or > 100)
        {
            errors.Add($"{SectionName}:Threshold must be between 0 and 100 (got {Threshold}).");
        }

        if (CheckerTimeout <= TimeSpan.Zero || CheckerTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{SectionName}:CheckerTimeout must be more than 0 and at most 00:05:00 (got {CheckerTimeout}).");
        }

        if (CrossCheckModel is { } model && string.IsNullOrWhiteSpace(model))
        {
            errors.Add($"{SectionName}:CrossCheckModel must not be empty (leave it out to use another configured provider).");
        }

        if (MaxFileBytes < 1)
        {
            errors.Add($"{SectionName}:MaxFileBytes must be at least 1.");
        }

        if (MaxFiles < 1)
        {
            errors.Add($"{SectionName}:MaxFiles must be at least 1.");
        }

        return errors;
    }
}
