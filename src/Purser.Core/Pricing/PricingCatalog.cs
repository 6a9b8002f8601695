using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Purser.Usage;

namespace Purser.Pricing;

/// <summary>
/// Model prices: the catalog shipped in Purser (<c>catalog.json</c>, embedded) merged with the
/// <c>Purser:Pricing:&lt;provider/model&gt;</c> entries of configuration. Immutable once loaded; safe to share.
/// </summary>
/// <remarks>
/// <para><see cref="Find(string?, string)"/> resolves a name in this order (case-insensitive), stopping at the first hit:</para>
/// <list type="number">
/// <item><c>provider/model</c>, with the configured provider's name, as an entry id
/// (<c>openai/gpt-4o</c>, or your own <c>ollama/llama3</c>, <c>openrouter/x-ai/grok-4</c>);</item>
/// <item>an alias of an entry of that provider (<c>anthropic</c> + <c>claude-sonnet-4-5-20250929</c>);</item>
/// <item>when the model name itself has a vendor prefix (OpenRouter's <c>x-ai/grok-4</c>,
/// <c>anthropic/claude-sonnet-4.5</c>, a canonical <c>openai/gpt-4o</c>, Gemini's <c>models/…</c>): steps 1–2 with
/// that vendor as provider (<c>x-ai</c>→<c>xai</c>, <c>google</c>→<c>gemini</c>, <c>mistralai</c>→<c>mistral</c>),
/// then the rest goes on as the bare model name;</item>
/// <item>the bare model name as the model part of an id or as an alias, in catalog order (built-in entries
/// before entries added by configuration, so an added <c>local/gpt-4o</c> is reached only through its provider);</item>
/// <item>spellings of the bare name (Ollama's <c>:latest</c> dropped, dots as dashes, a <c>-YYYYMMDD</c> or
/// <c>-YYYY-MM-DD</c> snapshot date dropped, <c>-latest</c> dropped), each tried with the provider, then bare.</item>
/// </list>
/// <para>No hit: null. The cost is then unknown (<see cref="CostResult.Unknown"/>), never $0.</para>
/// </remarks>
internal sealed class PricingCatalog
{
    /// <summary>The configuration section overrides are read from.</summary>
    public const string SectionName = "Purser:Pricing";

    private const string ResourceName = "Purser.Pricing.catalog.json";
    private const int MaxResolvedNames = 4096;

    private static readonly Lazy<CatalogDocument> BuiltInDocument = new(ReadBuiltInDocument);

    private readonly Dictionary<string, ModelPrice> byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ModelPrice> byQualifiedAlias = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ModelPrice> byBareName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ModelPrice?> resolved = new(StringComparer.OrdinalIgnoreCase);

    internal PricingCatalog(IEnumerable<ModelPrice> models, DateOnly updated, IReadOnlyList<PricingSource> sources)
    {
        var list = new List<ModelPrice>();
        foreach (ModelPrice model in models)
        {
            if (model.Id is null || !ModelNames.TrySplit(model.Id, out string provider, out string bare))
            {
                throw new ArgumentException($"Catalog entry '{model.Id}' is not named provider/model.", nameof(models));
            }

            if (!byId.TryAdd(model.Id, model))
            {
                throw new ArgumentException($"Catalog entry '{model.Id}' is listed twice.", nameof(models));
            }

            byBareName.TryAdd(bare, model);
            foreach (string alias in model.Aliases)
            {
                byQualifiedAlias.TryAdd(ModelNames.Qualify(provider, alias), model);
                byBareName.TryAdd(alias, model);
            }

            list.Add(model);
        }

        Models = list;
        Updated = updated;
        Sources = sources;
    }

    /// <summary>The day the built-in prices were last checked.</summary>
    public DateOnly Updated { get; }

    /// <summary>Where the built-in prices come from.</summary>
    public IReadOnlyList<PricingSource> Sources { get; }

    /// <summary>Every priced model: built-in entries in catalog order, then entries added by configuration.</summary>
    public IReadOnlyList<ModelPrice> Models { get; }

    /// <summary>The built-in catalog alone.</summary>
    public static PricingCatalog LoadBuiltIn() => Load(null);

    /// <summary>
    /// The built-in catalog merged with configuration: an entry whose <c>provider/model</c> is in the catalog
    /// overrides the fields it sets (aliases are added); any other entry is added and must set Input and Output.
    /// </summary>
    /// <param name="pricingSection">The <c>Purser:Pricing</c> section (<c>configuration.GetSection(PricingCatalog.SectionName)</c>), or null.</param>
    /// <param name="logger">Logs what configuration overrode or added.</param>
    /// <exception cref="PricingValidationException">An entry is invalid; every error names its key.</exception>
    public static PricingCatalog Load(IConfiguration? pricingSection, ILogger? logger = null)
    {
        var errors = new List<string>();
        List<ModelPrice> models = Merge(pricingSection, errors, logger);
        if (errors.Count > 0)
        {
            throw new PricingValidationException(errors);
        }

        CatalogDocument document = BuiltInDocument.Value;
        var catalog = new PricingCatalog(models, document.Updated, document.Sources);
        if (logger is not null)
        {
            PricingLog.CatalogLoaded(logger, catalog.Updated, catalog.Models.Count);
        }

        return catalog;
    }

    /// <summary>The errors <see cref="Load"/> would report for this configuration (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(IConfiguration? pricingSection)
    {
        var errors = new List<string>();
        Merge(pricingSection, errors, logger: null);
        return errors;
    }

    /// <summary>The price of <paramref name="model"/> (bare, alias, or <c>provider/model</c>); null when unknown.</summary>
    public ModelPrice? Find(string model) => Find(null, model);

    /// <summary>
    /// The price of <paramref name="model"/> as served by the provider configured as <paramref name="provider"/>;
    /// null when unknown. See the class remarks for the lookup order.
    /// </summary>
    public ModelPrice? Find(string? provider, string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        string key = (provider ?? "") + "\n" + model;
        if (resolved.TryGetValue(key, out ModelPrice? known))
        {
            return known;
        }

        ModelPrice? price = Resolve(provider?.Trim(), model.Trim());
        if (resolved.Count < MaxResolvedNames)
        {
            resolved.TryAdd(key, price);
        }

        return price;
    }

    /// <summary>
    /// Finds the price and computes the cost with <see cref="CostCalculator.Compute"/>; when the model has no
    /// price, logs a warning and returns <see cref="CostResult.Unknown"/>.
    /// </summary>
    public CostResult Compute(TokenUsage usage, string? provider, string model, ILogger? logger = null)
    {
        ModelPrice? price = Find(provider, model);
        if (price is null && logger is not null)
        {
            PricingLog.NoPriceForModel(logger, string.IsNullOrEmpty(provider) ? model : ModelNames.Qualify(provider, model));
        }

        return CostCalculator.Compute(usage, price);
    }

    private ModelPrice? Resolve(string? provider, string model)
    {
        if (model.Length == 0)
        {
            return null;
        }

        bool hasProvider = !string.IsNullOrEmpty(provider);
        if (hasProvider && FindQualified(provider!, model) is { } exact)
        {
            return exact;
        }

        string bare = model;
        if (model.StartsWith("models/", StringComparison.OrdinalIgnoreCase))
        {
            bare = model["models/".Length..];
        }
        else if (ModelNames.TrySplit(model, out string vendor, out string rest))
        {
            if (FindQualified(ModelNames.CanonicalProvider(vendor), rest) is { } viaVendor)
            {
                return viaVendor;
            }

            bare = rest;
        }

        if (FindBare(bare) is { } byName)
        {
            return byName;
        }

        foreach (string variant in ModelNames.Variants(bare))
        {
            if (hasProvider && FindQualified(provider!, variant) is { } qualified)
            {
                return qualified;
            }

            if (FindBare(variant) is { } unqualified)
            {
                return unqualified;
            }
        }

        return null;
    }

    private ModelPrice? FindQualified(string provider, string model)
    {
        string id = ModelNames.Qualify(provider, model);
        return byId.TryGetValue(id, out ModelPrice? price) || byQualifiedAlias.TryGetValue(id, out price) ? price : null;
    }

    private ModelPrice? FindBare(string model) => byBareName.TryGetValue(model, out ModelPrice? price) ? price : null;

    private static List<ModelPrice> Merge(IConfiguration? pricingSection, List<string> errors, ILogger? logger)
    {
        CatalogDocument document = BuiltInDocument.Value;
        var models = new List<ModelPrice>(document.Models.Count);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach ((string id, CatalogModel entry) in document.Models)
        {
            var builtInErrors = new List<string>();
            ModelPrice? price = ToModelPrice(id, entry, existing: null, "catalog.json:" + id, builtInErrors, isConfiguration: false);
            if (price is null || builtInErrors.Count > 0)
            {
                throw new InvalidOperationException("The built-in pricing catalog is invalid: " + string.Join(" ", builtInErrors));
            }

            index[id] = models.Count;
            models.Add(price);
        }

        if (pricingSection is null)
        {
            return models;
        }

        foreach ((string id, string path, CatalogModel patch) in PricingConfigurationReader.Read(pricingSection, errors))
        {
            bool overrides = index.TryGetValue(id, out int position);
            ModelPrice? price = ToModelPrice(id, patch, overrides ? models[position] : null, path, errors, isConfiguration: true);
            if (price is null)
            {
                continue;
            }

            if (overrides)
            {
                models[position] = price;
                if (logger is not null)
                {
                    PricingLog.PriceOverridden(logger, price.Id!);
                }
            }
            else
            {
                index[id] = models.Count;
                models.Add(price);
                if (logger is not null)
                {
                    PricingLog.PriceAdded(logger, price.Id!);
                }
            }
        }

        return models;
    }

    /// <summary>Applies <paramref name="patch"/> to <paramref name="existing"/> (or builds a new price); null on error.</summary>
    private static ModelPrice? ToModelPrice(string id, CatalogModel patch, ModelPrice? existing, string path, List<string> errors, bool isConfiguration)
    {
        int errorsBefore = errors.Count;
        decimal? input = patch.Input ?? existing?.Input;
        decimal? output = patch.Output ?? existing?.Output;
        if (input is null)
        {
            errors.Add($"{path}:Input is required for a model that is not in the built-in catalog (USD per 1M tokens; 0 for a self-hosted model).");
        }

        if (output is null)
        {
            errors.Add($"{path}:Output is required for a model that is not in the built-in catalog (USD per 1M tokens; 0 for a self-hosted model).");
        }

        LongContextPrice? tier = existing?.LongContext;
        if (patch.LongContext is { } longContext)
        {
            tier = ToLongContextPrice(longContext, tier, path + ":LongContext", errors);
        }

        if (!isConfiguration)
        {
            CheckBuiltInRanges(patch, path, errors);
        }

        if (errors.Count > errorsBefore || input is null || output is null)
        {
            return null;
        }

        IReadOnlyList<string> aliases = (existing?.Aliases ?? [])
            .Concat(patch.Aliases ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        return new ModelPrice
        {
            Id = existing?.Id ?? id,
            Input = input.Value,
            Output = output.Value,
            CachedInput = patch.CachedInput ?? existing?.CachedInput,
            CacheWrite = patch.CacheWrite ?? existing?.CacheWrite,
            CacheWrite1h = patch.CacheWrite1h ?? existing?.CacheWrite1h,
            Reasoning = patch.Reasoning ?? existing?.Reasoning,
            ContextWindow = patch.ContextWindow ?? existing?.ContextWindow,
            MaxOutputTokens = patch.MaxOutput ?? existing?.MaxOutputTokens,
            LongContext = tier,
            Aliases = aliases,
            Verified = patch.Verified ?? true,
            Source = patch.Source ?? (isConfiguration ? "configuration" : null),
            Notes = patch.Notes ?? existing?.Notes,
        };
    }

    private static LongContextPrice? ToLongContextPrice(CatalogLongContext patch, LongContextPrice? existing, string path, List<string> errors)
    {
        long? threshold = patch.Threshold ?? existing?.Threshold;
        decimal? input = patch.Input ?? existing?.Input;
        decimal? output = patch.Output ?? existing?.Output;
        foreach ((string field, bool missing) in new[] { ("Threshold", threshold is null), ("Input", input is null), ("Output", output is null) })
        {
            if (missing)
            {
                errors.Add($"{path}:{field} is required for a long-context tier.");
            }
        }

        if (threshold is null || input is null || output is null)
        {
            return null;
        }

        return new LongContextPrice
        {
            Threshold = threshold.Value,
            Input = input.Value,
            Output = output.Value,
            CachedInput = patch.CachedInput ?? existing?.CachedInput,
            CacheWrite = patch.CacheWrite ?? existing?.CacheWrite,
            CacheWrite1h = patch.CacheWrite1h ?? existing?.CacheWrite1h,
            Reasoning = patch.Reasoning ?? existing?.Reasoning,
        };
    }

    /// <summary>The configuration reader checks ranges as it parses; the embedded JSON is checked here.</summary>
    private static void CheckBuiltInRanges(CatalogModel model, string path, List<string> errors)
    {
        (string, decimal?)[] prices =
        [
            ("Input", model.Input), ("Output", model.Output), ("CachedInput", model.CachedInput), ("CacheWrite", model.CacheWrite),
            ("CacheWrite1h", model.CacheWrite1h), ("LongContext:CacheWrite1h", model.LongContext?.CacheWrite1h), ("Reasoning", model.Reasoning), ("LongContext:Input", model.LongContext?.Input), ("LongContext:Output", model.LongContext?.Output),
            ("LongContext:CachedInput", model.LongContext?.CachedInput), ("LongContext:CacheWrite", model.LongContext?.CacheWrite),
            ("LongContext:Reasoning", model.LongContext?.Reasoning),
        ];
        foreach ((string field, decimal? value) in prices)
        {
            if (value < 0)
            {
                errors.Add($"{path}:{field} must be >= 0.");
            }
        }

        (string, long?)[] tokens = [("ContextWindow", model.ContextWindow), ("MaxOutput", model.MaxOutput), ("LongContext:Threshold", model.LongContext?.Threshold)];
        foreach ((string field, long? value) in tokens)
        {
            if (value <= 0)
            {
                errors.Add($"{path}:{field} must be > 0.");
            }
        }

        if (!ModelNames.TrySplit(path["catalog.json:".Length..], out _, out _))
        {
            errors.Add($"{path} must be named provider/model.");
        }
    }

    private static CatalogDocument ReadBuiltInDocument()
    {
        using Stream stream = typeof(PricingCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded pricing catalog {ResourceName} is missing.");
        return JsonSerializer.Deserialize(stream, CatalogJsonContext.Default.CatalogDocument)
            ?? throw new InvalidOperationException($"The embedded pricing catalog {ResourceName} is empty.");
    }
}
