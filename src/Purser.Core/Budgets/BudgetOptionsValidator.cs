using Purser.Alerts;

namespace Purser.Budgets;

/// <summary>Validates Purser:Budgets and Purser:Alerts at start-up; each error names its key.</summary>
internal static class BudgetOptionsValidator
{
    public static void Validate(BudgetOptions budgets, AlertOptions alerts, Func<string, string?> getEnvironmentVariable, List<string> errors)
    {
        if (!BudgetTimeZone.TryResolve(budgets.TimeZone, TimeProvider.System, out _))
        {
            errors.Add($"Purser:Budgets:TimeZone '{budgets.TimeZone}' is not a time zone (an IANA id such as Europe/Berlin, UTC, or local).");
        }

        if (budgets.ReservationLeaseSeconds is < 10 or > 86_400)
        {
            errors.Add("Purser:Budgets:ReservationLeaseSeconds must be between 10 and 86400.");
        }

        if (budgets.DefaultMaxOutputTokens < 1)
        {
            errors.Add("Purser:Budgets:DefaultMaxOutputTokens must be at least 1.");
        }

        if (budgets.RefreshSeconds is < 1 or > 3600)
        {
            errors.Add("Purser:Budgets:RefreshSeconds must be between 1 and 3600.");
        }

        BudgetTierOptions tiers = budgets.Tiers;
        bool cheapOk = BudgetThreshold.TryParse(tiers.CheapBelow, out BudgetThreshold cheap);
        bool emergencyOk = BudgetThreshold.TryParse(tiers.EmergencyBelow, out BudgetThreshold emergency);
        if (!cheapOk)
        {
            errors.Add($"Purser:Budgets:Tiers:CheapBelow '{tiers.CheapBelow}' must be a percentage of the limit (\"40%\") or an amount (\"2\").");
        }

        if (!emergencyOk)
        {
            errors.Add($"Purser:Budgets:Tiers:EmergencyBelow '{tiers.EmergencyBelow}' must be a percentage of the limit (\"10%\") or an amount (\"0.5\").");
        }

        if (cheapOk && emergencyOk && cheap.IsPercent == emergency.IsPercent && emergency.Value > cheap.Value)
        {
            errors.Add("Purser:Budgets:Tiers: EmergencyBelow must not be above CheapBelow.");
        }

        if (tiers.EmergencyMaxTokens < 1)
        {
            errors.Add("Purser:Budgets:Tiers:EmergencyMaxTokens must be at least 1.");
        }

        if (tiers.CheapMaxOutputPrice < 0)
        {
            errors.Add("Purser:Budgets:Tiers:CheapMaxOutputPrice must not be negative.");
        }

        BudgetAllocationOptions allocation = budgets.Allocation;
        if (allocation.IntervalMinutes is < 1 or > 44_640)
        {
            errors.Add("Purser:Budgets:Allocation:IntervalMinutes must be between 1 and 44640.");
        }

        if (allocation.LookbackDays is < 1 or > 366)
        {
            errors.Add("Purser:Budgets:Allocation:LookbackDays must be between 1 and 366.");
        }

        if (allocation.MinShare is < 0 or > 1)
        {
            errors.Add("Purser:Budgets:Allocation:MinShare must be between 0 and 1.");
        }

        var definitions = new List<BudgetDefinition>();
        foreach (var (name, item) in budgets.Items)
        {
            if (BudgetDefinitionParser.Parse(name, item, $"Purser:Budgets:Items:{name}", BudgetSource.Configuration, errors) is { } definition)
            {
                definitions.Add(definition);
            }
        }

        BudgetDefinitionParser.ValidateSet(definitions, d => $"Purser:Budgets:Items:{d.Name}", errors);

        if (BudgetDefinitionParser.AlertLevelsError(alerts.Levels) is { } levelsError)
        {
            errors.Add($"Purser:Alerts:Levels {levelsError}");
        }

        if (alerts.MaxAttempts is < 1 or > 20)
        {
            errors.Add("Purser:Alerts:MaxAttempts must be between 1 and 20.");
        }

        if (alerts.RetryDelaySeconds is < 0 or > 3600)
        {
            errors.Add("Purser:Alerts:RetryDelaySeconds must be between 0 and 3600.");
        }

        if (alerts.TimeoutSeconds is < 1 or > 300)
        {
            errors.Add("Purser:Alerts:TimeoutSeconds must be between 1 and 300.");
        }

        for (int i = 0; i < alerts.Webhooks.Count; i++)
        {
            string key = $"Purser:Alerts:Webhooks:{i}:Url";
            string? url = alerts.Webhooks[i].Url;
            if (string.IsNullOrWhiteSpace(url))
            {
                errors.Add($"{key} is required.");
                continue;
            }

            string? resolved = Configuration.ProviderEnvironment.ResolveSecret(url, getEnvironmentVariable);
            if (resolved is null)
            {
                errors.Add($"{key} reads an environment variable that is not set.");
            }
            else if (!Uri.TryCreate(resolved, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{key} is not an absolute http(s) URL.");
            }
        }
    }
}
