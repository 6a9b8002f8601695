namespace Purser.Caching;

/// <summary>Validates <c>Purser:Cache</c> at start-up; each error names its key.</summary>
internal static class CacheOptionsValidator
{
    /// <summary>The longest TTL Purser accepts anywhere.</summary>
    public static readonly TimeSpan Ceiling = TimeSpan.FromDays(90);

    public static void Validate(CacheOptions options, List<string> errors)
    {
        const string Key = "Purser:Cache";
        if (!CacheDuration.TryParse(options.MaxTtl, out TimeSpan max) || max <= TimeSpan.Zero || max > Ceiling)
        {
            errors.Add($"{Key}:MaxTtl '{options.MaxTtl}' must be a duration above 0 and at most 90d (e.g. 30d, 24h).");
        }

        // TTLs above MaxTtl are allowed and capped at it (so lowering MaxTtl does not require restating every operation).
        CheckTtl($"{Key}:DefaultTtl", options.DefaultTtl, errors);
        foreach (var (operation, ttl) in options.OperationTtls)
        {
            if (string.IsNullOrWhiteSpace(operation))
            {
                errors.Add($"{Key}:OperationTtls: an operation name is empty.");
                continue;
            }

            CheckTtl($"{Key}:OperationTtls:{operation}", ttl, errors);
        }

        if (!Enum.TryParse(options.Partition, ignoreCase: true, out CachePartitionMode _) || int.TryParse(options.Partition, out _))
        {
            errors.Add($"{Key}:Partition '{options.Partition}' must be global, key or project.");
        }

        if (options.MemoryBytes < 0)
        {
            errors.Add($"{Key}:MemoryBytes must be 0 (no memory front) or more.");
        }

        if (options.MaxEntryBytes < 1024)
        {
            errors.Add($"{Key}:MaxEntryBytes must be at least 1024.");
        }

        if (options.CoalesceWaitSeconds is < 1 or > 3600)
        {
            errors.Add($"{Key}:CoalesceWaitSeconds must be between 1 and 3600.");
        }
    }

    private static void CheckTtl(string key, string? value, List<string> errors)
    {
        if (!CacheDuration.TryParse(value, out TimeSpan ttl))
        {
            errors.Add($"{key} '{value}' is not a duration (e.g. 90d, 24h, 30m, 45s; 0 = do not cache).");
        }
        else if (ttl > Ceiling)
        {
            errors.Add($"{key} {value} is longer than 90 days, the most Purser keeps an answer.");
        }
    }
}
