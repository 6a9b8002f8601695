using Microsoft.Extensions.Configuration;

namespace Purser.Extensions.AI;

/// <summary>Settings of <see cref="PurserChatClientBuilderExtensions.UsePurser"/>.</summary>
public sealed class PurserMiddlewareOptions
{
    /// <summary>
    /// Purser's settings (the <c>Purser</c> section: Home, Budgets, Cache, Guard, Pricing…). Default: the host's
    /// <see cref="IConfiguration"/> when the builder has services, else none (defaults, data in <c>~/.purser</c>).
    /// <c>Purser:Providers</c> is not used: every call goes to the wrapped client.
    /// </summary>
    public IConfiguration? Configuration { get; set; }

    /// <summary>
    /// The provider name the calls are priced and recorded under (<c>provider/model</c>). Default: the wrapped client's
    /// <c>ChatClientMetadata.ProviderName</c> (<c>openai</c> for the OpenAI SDK's client), else <c>chatclient</c>.
    /// </summary>
    public string? ProviderName { get; set; }

    /// <summary>The model when <c>ChatOptions.ModelId</c> names none. Default: the wrapped client's <c>DefaultModelId</c>.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Where the ledger says the calls came from (default <c>sdk</c>).</summary>
    public string Origin { get; set; } = "sdk";

    /// <summary>Attribution applied to every call.</summary>
    public PurserCallOptions Defaults { get; set; } = new();

    /// <summary>Resolves <c>env:VAR</c> settings (default: the process environment).</summary>
    public Func<string, string?>? GetEnvironmentVariable { get; set; }
}
