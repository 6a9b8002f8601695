using System.Globalization;
using Purser.Budgets;
using Purser.RateLimits;

namespace Purser.Keys;

/// <summary>Creating, listing and revoking keys, with a key's own budget — one implementation for the CLI and the admin API.</summary>
internal sealed class KeyService(KeyRegistry registry, BudgetManager budgets, RateLimiter limiter, Routing.ModelResolver resolver)
{
    public const int MaxNameLength = 100;

    /// <summary>The name of a key's own budget.</summary>
    public static string BudgetName(string keyId) => "key-" + keyId;

    /// <summary>Creates a key (and its budget). Returns the errors instead when the request is not valid.</summary>
    public (KeyView? Created, IReadOnlyList<string> Errors) Create(KeyRequest request)
    {
        var errors = new List<string>();
        string? name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors.Add($"'name' is required (1-{MaxNameLength} characters).");
        }

        List<string> tags = Clean(request.Tags);
        List<string> models = Clean(request.Models);
        if (tags.Any(t => t.Contains(',', StringComparison.Ordinal)))
        {
            errors.Add("'tags' must not contain commas.");
        }

        string? model = Blank(request.Model);
        if (model is not null && resolver.Resolve(model, out Errors.PurserError? modelError) is null)
        {
            errors.Add($"'model' '{model}' cannot be used: {modelError?.Message}");
        }

        BudgetItemOptions? budget = null;
        if (request.Budget is { Length: > 0 } spec && !TryParseBudget(spec, out budget, out string? budgetError))
        {
            errors.Add(budgetError!);
        }

        var limits = new RateLimit { Rpm = request.Rpm, Tpm = request.Tpm, Rpd = request.Rpd, Tpd = request.Tpd };
        foreach (var (field, value) in (ReadOnlySpan<(string, long?)>)[("rpm", limits.Rpm), ("tpm", limits.Tpm), ("rpd", limits.Rpd), ("tpd", limits.Tpd)])
        {
            if (value is < 1)
            {
                errors.Add($"'{field}' must be at least 1 (leave it out for no limit).");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        CreatedKey created = registry.Create(new NewKey
        {
            Name = name!,
            Project = Blank(request.Project),
            Agent = Blank(request.Agent),
            User = Blank(request.User),
            Repository = Blank(request.Repository),
            Model = model,
            Tags = tags,
            Models = models,
            Limits = limits,
        });
        string? budgetName = null;
        if (budget is not null)
        {
            budget.Scope = "key";
            budget.Match = created.Key.Id;
            BudgetChange change = budgets.Set(BudgetName(created.Key.Id), budget);
            if (change.Outcome != BudgetChangeOutcome.Done)
            {
                registry.Revoke(created.Key.Id);
                return (null, change.Errors);
            }

            budgetName = BudgetName(created.Key.Id);
        }

        return (KeyView.Of(created.Key, budgetName, created.Secret), []);
    }

    public IReadOnlyList<KeyView> List()
    {
        var names = budgets.List().Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        return [.. registry.List().Select(k => KeyView.Of(k, names.Contains(BudgetName(k.Id)) ? BudgetName(k.Id) : null, rates: k.Limits.IsSet ? limiter.Peek(ScopeOf(k)) : null))];
    }

    /// <summary>The rate-limit scope of a key's own limits.</summary>
    public static RateLimitScope ScopeOf(VirtualKey key) => new("key " + key.Id + " (" + key.Name + ")", key.Limits);

    /// <summary>Revokes a key; null when there is no such key.</summary>
    public KeyView? Revoke(string id) => registry.Revoke(id) is { } key ? KeyView.Of(key) : null;

    /// <summary>
    /// A key budget: "5" ($5 a day), "5/daily", "25/monthly", "100000 tokens/weekly", "200000tok/monthly", or a plan
    /// (lite, pro, business: tokens a month).
    /// </summary>
    public static bool TryParseBudget(string spec, out BudgetItemOptions? item, out string? error)
    {
        item = null;
        error = null;
        string text = spec.Trim().ToLowerInvariant();
        if (BudgetPlans.TryGet(text, out _))
        {
            item = new BudgetItemOptions { Plan = text };
            return true;
        }

        string window = "daily";
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            window = text[(slash + 1)..].Trim();
            text = text[..slash].Trim();
        }

        string unit = "usd";
        foreach (string suffix in (ReadOnlySpan<string>)["tokens", "token", "tok"])
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                unit = "tokens";
                text = text[..^suffix.Length].Trim();
                break;
            }
        }

        text = text.TrimStart('$');
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal limit) || limit <= 0
            || window is not ("daily" or "weekly" or "monthly" or "total"))
        {
            error = $"'budget' '{spec}' is not a budget: use an amount in dollars with an optional window (5, 5/daily, 25/monthly), tokens (100000tok/weekly), or a plan ({string.Join(", ", BudgetPlans.Names)}).";
            return false;
        }

        item = new BudgetItemOptions { Limit = limit, Window = window, Unit = unit };
        return true;
    }

    private static List<string> Clean(List<string>? values) =>
        values is null ? [] : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal)];

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
