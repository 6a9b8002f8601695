using Purser.Configuration;
using Purser.Errors;

namespace Purser.Routing;

/// <summary>
/// Turns the model a caller asked for into deployments: "provider/model", a bare model name that exactly one
/// provider lists (or that belongs to one configured well-known provider by its prefix), or an alias.
/// </summary>
public sealed class ModelResolver
{
    private readonly PurserOptions _options;
    private readonly Dictionary<string, List<string>> _providersByModel = new(StringComparer.OrdinalIgnoreCase);

    public ModelResolver(PurserOptions options)
    {
        _options = options;
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
    }

    public IReadOnlyDictionary<string, ModelAliasOptions> Aliases => _options.Models;

    /// <summary>Resolves <paramref name="model"/>; on failure returns null and an error that says what to do.</summary>
    public RouteDecision? Resolve(string model, out PurserError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(model))
        {
            error = PurserError.BadRequest("'model' is required.", "model");
            return null;
        }

        if (_options.Models.TryGetValue(model, out ModelAliasOptions? alias))
        {
            var targets = new List<Deployment>();
            var missing = new List<string>();
            foreach (string target in alias.Targets)
            {
                int slash = target.IndexOf('/', StringComparison.Ordinal);
                string provider = target[..slash];
                if (_options.Providers.ContainsKey(provider))
                {
                    targets.Add(new Deployment(CanonicalProviderName(provider), target[(slash + 1)..]));
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

            return new RouteDecision(targets, "alias:" + model, $"alias '{model}' → {string.Join(" → ", targets)}") { Alias = model };
        }

        int slashAt = model.IndexOf('/', StringComparison.Ordinal);
        if (slashAt > 0 && slashAt < model.Length - 1)
        {
            string provider = model[..slashAt];
            string upstreamModel = model[(slashAt + 1)..];
            if (_options.Providers.ContainsKey(provider))
            {
                return new RouteDecision([new Deployment(CanonicalProviderName(provider), upstreamModel)], "explicit", $"provider named in the model: {provider}");
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
                return new RouteDecision([new Deployment(owners[0], model)], "model", $"model listed by provider {owners[0]}");
            }

            error = PurserError.BadRequest($"Model '{model}' is listed by several providers ({string.Join(", ", owners)}); name one as provider/model.", "model", "ambiguous_model");
            return null;
        }

        if (WellKnownProvider.ForModelName(model) is { } guess)
        {
            if (_options.Providers.ContainsKey(guess.Name))
            {
                return new RouteDecision([new Deployment(CanonicalProviderName(guess.Name), model)], "model", $"model name belongs to provider {guess.Name}");
            }

            error = NotConfigured(guess, model);
            return null;
        }

        error = PurserError.NoProvider(
            $"Model '{model}' is not known: no configured provider lists it and it is not an alias. Use provider/model (configured providers: {string.Join(", ", _options.Providers.Keys)}), or add it to Purser:Providers:<name>:Models.");
        return null;
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
