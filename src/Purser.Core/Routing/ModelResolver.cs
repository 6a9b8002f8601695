using Purser.Chat;
using Purser.Configuration;
using Purser.Errors;

namespace Purser.Routing;

/// <summary>
/// Turns the model a caller asked for into deployments: "provider/model", a bare model name that exactly one
/// provider lists (or that belongs to one configured well-known provider by its prefix), an alias (the built-in
/// <c>cheap</c>, <c>smart</c>, <c>fast</c>, or the user's own, which win by name), or <c>auto</c>, which classifies
/// the request into a tier and resolves that tier's alias.
/// </summary>
internal sealed class ModelResolver
{
    private readonly PurserOptions _options;
    private readonly Dictionary<string, List<string>> _providersByModel = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ModelAliasOptions> _aliases;
    private readonly Dictionary<string, string> _tierByAlias = new(StringComparer.OrdinalIgnoreCase);

    public ModelResolver(PurserOptions options)
        : this(options, new AutoClassifier(options.Routing.Auto))
    {
    }

    public ModelResolver(PurserOptions options, AutoClassifier classifier)
    {
        _options = options;
        Classifier = classifier;
        foreach (var (name, provider) in options.Providers)
        {
            foreach (string model in provider.Models)
            {
                if (!_providersByModel.TryGetValue(model, out List<string>? list))
                {
                    _providersByModel[model] = list = [];
                }

                list.Add(name);
            }
        }

        _aliases = new Dictionary<string, ModelAliasOptions>(RoutingDefaults.Aliases, StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, target) in options.Models)
        {
            _aliases[alias] = target;
        }

        foreach (string tier in classifier.Tiers)
        {
            _tierByAlias.TryAdd(classifier.AliasFor(tier), tier);
        }
    }

    /// <summary>Every alias: the built-in ones and the user's (which replace built-in ones of the same name).</summary>
    public IReadOnlyDictionary<string, ModelAliasOptions> Aliases => _aliases;

    public AutoClassifier Classifier { get; }

    /// <summary>Whether <paramref name="alias"/> is the classifying <c>auto</c> (not replaced by a user alias).</summary>
    public bool IsAuto(string alias) =>
        string.Equals(alias, RoutingDefaults.Auto, StringComparison.OrdinalIgnoreCase) && !_options.Models.ContainsKey(RoutingDefaults.Auto);

    /// <summary>
    /// Resolves <paramref name="model"/> without a request or cascade (e.g. to pick a tokenizer): <c>auto</c> falls to
    /// its default tier, <c>default</c> to the built-in default model.
    /// </summary>
    public RouteDecision? Resolve(string model, out PurserError? error) =>
        Resolve(string.Equals(model?.Trim(), RoutingDefaults.Default, StringComparison.OrdinalIgnoreCase) ? RoutingDefaults.DefaultModel : model!, null, null, null, out error);

    /// <summary>
    /// Resolves <paramref name="model"/> for <paramref name="request"/>; <paramref name="preferredProvider"/> (from the
    /// configuration cascade) moves that provider's deployments to the front of an alias's chain and settles a bare
    /// model name several providers list. On failure returns null and an error that says what to do.
    /// </summary>
    public RouteDecision? Resolve(string model, ChatRequest? request, string? operation, string? preferredProvider, out PurserError? error)
    {
        RouteDecision? route = ResolveCore(model, request, operation, preferredProvider, out error);
        if (route is not null && preferredProvider is not null && route.Deployments.Count > 1 && route.Prefer(preferredProvider))
        {
            route.AppendStep("provider:" + preferredProvider, $"preferred provider {preferredProvider} first");
        }

        return route;
    }

    private RouteDecision? ResolveCore(string model, ChatRequest? request, string? operation, string? preferredProvider, out PurserError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(model))
        {
            error = PurserError.BadRequest("'model' is required.", "model");
            return null;
        }

        if (IsAuto(model))
        {
            AutoClassification chosen = Classifier.Classify(request, operation);
            string tierAlias = Classifier.AliasFor(chosen.Tier);
            if (!_aliases.TryGetValue(tierAlias, out ModelAliasOptions? tierTargets) || IsAuto(tierAlias))
            {
                error = PurserError.BadRequest($"auto chose tier '{chosen.Tier}', but no alias '{tierAlias}' serves it. Define Purser:Models:{tierAlias} or map the tier with Purser:Routing:Auto:Tiers:{chosen.Tier}.", "model", "model_not_found");
                return null;
            }

            RouteDecision? tierRoute = ResolveAlias(tierAlias, tierTargets, out error);
            if (tierRoute is null)
            {
                return null;
            }

            return new RouteDecision(tierRoute.Deployments, $"auto:{chosen.Rule}:{chosen.Tier}", $"auto: {chosen.Reason}; {tierRoute.Reason}")
            {
                Alias = RoutingDefaults.Auto,
                Tier = chosen.Tier,
            };
        }

        if (_aliases.TryGetValue(model, out ModelAliasOptions? alias))
        {
            return ResolveAlias(model, alias, out error);
        }

        return ResolveName(model, preferredProvider, out error);
    }

    private RouteDecision? ResolveAlias(string model, ModelAliasOptions alias, out PurserError? error)
    {
        error = null;
        var targets = new List<Deployment>();
        var missing = new List<string>();
        foreach (string target in alias.Targets)
        {
            int slash = target.IndexOf('/', StringComparison.Ordinal);
            string provider = target[..slash];
            if (_options.Providers.ContainsKey(provider))
            {
                targets.AddRange(Keyed(CanonicalProviderName(provider), target[(slash + 1)..]));
            }
            else
            {
                missing.Add(provider);
            }
        }

        if (targets.Count == 0)
        {
            error = new PurserError(ErrorKind.NoProvider, 400, $"Alias '{model}' names no configured provider ({string.Join(", ", alias.Targets)}). {ConfigureHint(missing)}")
            {
                Code = "provider_not_configured",
                Param = "model",
            };
            return null;
        }

        return new RouteDecision(targets, "alias:" + model, $"alias '{model}' → {string.Join(" → ", targets)}")
        {
            Alias = model,
            Tier = _tierByAlias.GetValueOrDefault(model),
        };
    }

    private RouteDecision? ResolveName(string model, string? preferredProvider, out PurserError? error)
    {
        error = null;
        int slashAt = model.IndexOf('/', StringComparison.Ordinal);
        if (slashAt > 0 && slashAt < model.Length - 1)
        {
            string provider = model[..slashAt];
            string upstreamModel = model[(slashAt + 1)..];
            if (_options.Providers.ContainsKey(provider))
            {
                return new RouteDecision(Keyed(CanonicalProviderName(provider), upstreamModel), "explicit", $"provider named in the model: {provider}");
            }

            if (WellKnownProvider.Find(provider) is { } known)
            {
                error = NotConfigured(known, model);
                return null;
            }
        }

        if (_providersByModel.TryGetValue(model, out List<string>? owners))
        {
            if (owners.Count == 1)
            {
                return new RouteDecision(Keyed(owners[0], model), "model", $"model listed by provider {owners[0]}");
            }

            if (preferredProvider is not null && owners.FirstOrDefault(o => string.Equals(o, preferredProvider, StringComparison.OrdinalIgnoreCase)) is { } preferred)
            {
                return new RouteDecision(Keyed(preferred, model), "model", $"model listed by several providers; preferred provider {preferred}");
            }

            error = PurserError.BadRequest($"Model '{model}' is listed by several providers ({string.Join(", ", owners)}); name one as provider/model.", "model", "ambiguous_model");
            return null;
        }

        if (WellKnownProvider.ForModelName(model) is { } guess)
        {
            if (_options.Providers.ContainsKey(guess.Name))
            {
                return new RouteDecision(Keyed(CanonicalProviderName(guess.Name), model), "model", $"model name belongs to provider {guess.Name}");
            }

            error = NotConfigured(guess, model);
            return null;
        }

        error = PurserError.NoProvider(
            $"Model '{model}' is not known: no configured provider lists it and it is not an alias. Use provider/model (configured providers: {string.Join(", ", _options.Providers.Keys)}), or add it to Purser:Providers:<name>:Models.");
        return null;
    }

    /// <summary>
    /// The deployments of <paramref name="model"/> on <paramref name="provider"/>: one, or one per key of a provider with
    /// several (<c>ApiKeys</c>), in the keys' order, so that a key that fails falls over to the next.
    /// </summary>
    private List<Deployment> Keyed(string provider, string model)
    {
        IReadOnlyList<string> labels = _options.Providers.TryGetValue(provider, out ProviderOptions? options) ? options.KeyLabels() : [];
        return labels.Count == 0 ? [new Deployment(provider, model)] : [.. labels.Select(label => new Deployment(provider, model, label))];
    }

    private string CanonicalProviderName(string name) => _options.Providers.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    private static PurserError NotConfigured(WellKnownProvider known, string model)
    {
        string how = known.Name == "ollama"
            ? "Set OLLAMA_HOST (e.g. http://localhost:11434) to use a local Ollama server"
            : $"Set {string.Join(" or ", known.KeyVariables)} to use it";
        return new PurserError(ErrorKind.NoProvider, 400, $"Provider '{known.Name}' is not configured, so model '{model}' cannot be served. {how}, or configure Purser:Providers:{known.Name}.")
        {
            Code = "provider_not_configured",
            Param = "model",
        };
    }

    private static string ConfigureHint(List<string> missing)
    {
        var hints = missing.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(WellKnownProvider.Find)
            .Where(k => k is not null)
            .Select(k => k!.Name == "ollama" ? "OLLAMA_HOST" : k.PrimaryVariable)
            .ToList();
        return hints.Count == 0 ? "Configure one of them under Purser:Providers." : $"Set {string.Join(" or ", hints)}.";
    }
}
