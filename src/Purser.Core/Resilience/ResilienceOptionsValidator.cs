using Purser.Configuration;

namespace Purser.Resilience;

/// <summary>Validates <c>Purser:Resilience</c>; every error names its key.</summary>
internal static class ResilienceOptionsValidator
{
    public static void Validate(PurserOptions options, List<string> errors)
    {
        const string root = "Purser:Resilience";
        ResilienceOptions r = options.Resilience;
        if (r.AttemptTimeoutSeconds is not (> 0 and <= 3600))
        {
            errors.Add($"{root}:AttemptTimeoutSeconds must be more than 0 and at most 3600.");
        }

        if (r.TotalDeadlineSeconds is not (> 0 and <= 86400))
        {
            errors.Add($"{root}:TotalDeadlineSeconds must be more than 0 and at most 86400.");
        }

        Retry(errors, root + ":Retry", r.Retry.MaxAttempts, r.Retry.BaseDelayMs, r.Retry.MaxDelaySeconds);
        Breaker(errors, root + ":CircuitBreaker", r.CircuitBreaker.FailureRatio, r.CircuitBreaker.MinimumThroughput, r.CircuitBreaker.SamplingDurationSeconds, r.CircuitBreaker.BreakDurationSeconds);
        foreach (var (name, o) in r.Providers)
        {
            string key = $"{root}:Providers:{name}";
            if (!options.Providers.ContainsKey(name))
            {
                errors.Add($"{key}: no provider named '{name}' is configured (Purser:Providers).");
                continue;
            }

            Retry(errors, key, o.MaxAttempts, o.BaseDelayMs, o.MaxDelaySeconds);
            Breaker(errors, key, o.FailureRatio, o.MinimumThroughput, o.SamplingDurationSeconds, o.BreakDurationSeconds);
        }
    }

    private static void Retry(List<string> errors, string key, int? maxAttempts, int? baseDelayMs, double? maxDelaySeconds)
    {
        if (maxAttempts is < 1 or > 10)
        {
            errors.Add($"{key}:MaxAttempts must be between 1 and 10.");
        }

        if (baseDelayMs is < 0 or > 60_000)
        {
            errors.Add($"{key}:BaseDelayMs must be between 0 and 60000.");
        }

        if (maxDelaySeconds is < 0 or > 3600)
        {
            errors.Add($"{key}:MaxDelaySeconds must be between 0 and 3600.");
        }
    }

    private static void Breaker(List<string> errors, string key, double? ratio, int? minimumThroughput, double? sampling, double? breakDuration)
    {
        if (ratio is not null and not (> 0 and <= 1))
        {
            errors.Add($"{key}:FailureRatio must be more than 0 and at most 1.");
        }

        if (minimumThroughput is < 2)
        {
            errors.Add($"{key}:MinimumThroughput must be at least 2.");
        }

        if (sampling is < 0.5 or > 86400)
        {
            errors.Add($"{key}:SamplingDurationSeconds must be between 0.5 and 86400.");
        }

        if (breakDuration is < 0.5 or > 86400)
        {
            errors.Add($"{key}:BreakDurationSeconds must be between 0.5 and 86400.");
        }
    }
}
