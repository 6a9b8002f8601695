using Purser.Configuration;

namespace Purser.Routing;

/// <summary>Validates <c>Purser:Routing</c> and the aliases' interplay with it; every error names its key.</summary>
internal static class RoutingOptionsValidator
{
    public static void Validate(PurserOptions options, List<string> errors)
    {
        if (options.Models.ContainsKey(RoutingDefaults.Default))
        {
            errors.Add($"Purser:Models:{RoutingDefaults.Default}: 'default' is reserved (a call asking for it gets the configuration cascade's model).");
        }

        AutoRoutingOptions auto = options.Routing.Auto;
        const string root = "Purser:Routing:Auto";
        foreach (var (tier, words) in auto.Keywords)
        {
            if (words.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{root}:Keywords:{tier} has an empty keyword.");
            }
        }

        if (auto.LargePromptTokens < 0)
        {
            errors.Add($"{root}:LargePromptTokens must be 0 (off) or more.");
        }

        if (string.IsNullOrWhiteSpace(auto.DefaultTier))
        {
            errors.Add($"{root}:DefaultTier must name a tier.");
        }

        if (string.IsNullOrWhiteSpace(auto.LargePromptTier))
        {
            errors.Add($"{root}:LargePromptTier must name a tier.");
        }

        if (errors.Count == 0)
        {
            var classifier = new AutoClassifier(auto);
            var aliases = new HashSet<string>(RoutingDefaults.Aliases.Keys.Concat(options.Models.Keys), StringComparer.OrdinalIgnoreCase);
            foreach (string tier in classifier.Tiers)
            {
                string alias = classifier.AliasFor(tier);
                if (!aliases.Contains(alias) || string.Equals(alias, RoutingDefaults.Auto, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{root}: tier '{tier}' is served by alias '{alias}', which is not defined: add Purser:Models:{alias} or map the tier with {root}:Tiers:{tier}.");
                }
            }
        }

        RoutingOptions routing = options.Routing;
        var document = new CascadeDocument { System = routing.Defaults, Projects = routing.Projects, Agents = routing.Agents };
        CascadeValidator.Validate(document, "Purser:Routing", ':', options, errors);
    }
}
