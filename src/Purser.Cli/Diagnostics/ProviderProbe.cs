using Purser.Caching;
using Purser.Chat;
using Purser.Configuration;
using Purser.Errors;
using Purser.Pipeline;

namespace Purser.Cli.Diagnostics;

/// <summary>
/// The connection tester behind <c>purser providers test</c> and <c>purser doctor</c>: one minimal call per provider
/// (a one-line prompt, at most <see cref="MaxTokens"/> output tokens) through the pipeline, so it is priced by the one cost
/// function and recorded in the ledger (operation <c>providers-test</c>) like any call. The response cache is bypassed.
/// </summary>
internal static class ProviderProbe
{
    public const int MaxTokens = 16;

    public const string Operation = "providers-test";

    /// <summary>A cheap model to try when a provider lists none.</summary>
    internal static string? DefaultModel(string provider, ProviderOptions options) => options.Models.FirstOrDefault() ?? (options.Kind, provider.ToLowerInvariant()) switch
    {
        (ProviderKind.Simulated, _) => "probe",
        (_, "openai") => "gpt-4o-mini",
        (_, "anthropic") => "claude-haiku-4-5",
        (_, "gemini") => "gemini-2.5-flash-lite",
        (_, "xai") => "grok-3-mini",
        (_, "openrouter") => "openai/gpt-4o-mini",
        _ => null,
    };

    public static async Task<ProviderProbeResult> RunAsync(PurserPipeline pipeline, string provider, ProviderOptions options, string? model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        string? chosen = model ?? DefaultModel(provider, options);
        if (chosen is null)
        {
            return new ProviderProbeResult(provider, null)
            {
                Skipped = "no model to try",
                Fix = $"list its models in Purser:Providers:{provider}:Models, or pass --model",
            };
        }

        var request = new ChatRequest { Model = provider + "/" + chosen, MaxTokens = MaxTokens };
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "Reply with the single word OK."));
        PurserContext context = pipeline.CreateContext(request);
        context.Attribution = new Attribution { Operation = Operation };
        context.Origin = "cli";
        context.CacheDirectives = new CacheDirectives { NoRead = true, NoWrite = true };
        await pipeline.ExecuteAsync(context, cancellationToken);
        TimeSpan latency = context.Latency ?? pipeline.Time.GetElapsedTime(context.StartTimestamp);
        if (context.Error is { } error)
        {
            return new ProviderProbeResult(provider, chosen) { Error = error, Latency = latency, CostUsd = context.CostUsd, Fix = FixFor(error, provider, options) };
        }

        if (context.ServedBy is { } servedBy && !string.Equals(servedBy.Provider, provider, StringComparison.OrdinalIgnoreCase))
        {
            var fellBack = new PurserError(ErrorKind.Connection, 502, $"{provider} did not answer; the call fell back to {servedBy.Id}.");
            return new ProviderProbeResult(provider, chosen) { Error = fellBack, Latency = latency, CostUsd = context.CostUsd, Fix = $"check {provider}'s BaseUrl and key" };
        }

        string text = context.Response?.Text.Trim() ?? "";
        return new ProviderProbeResult(provider, chosen)
        {
            Latency = latency,
            CostUsd = context.CostUsd,
            Answer = text.Length > 40 ? text[..40] + "…" : text,
        };
    }

    private static string FixFor(PurserError error, string provider, ProviderOptions options)
    {
        string key = options.ApiKey is { } apiKey && apiKey.StartsWith("env:", StringComparison.OrdinalIgnoreCase)
            ? $"the key in {apiKey[4..]}"
            : $"Purser:Providers:{provider}:ApiKey";
        if (error.UpstreamStatus is 401 or 403)
        {
            return $"the provider refused the key: check {key} (a current key for {options.BaseUrl ?? provider})";
        }

        return error.Kind switch
        {
            ErrorKind.Unauthorized => $"the provider refused the key: check {key} (a current key for {options.BaseUrl ?? provider})",
            ErrorKind.Connection => $"cannot reach {options.BaseUrl ?? provider}: check Purser:Providers:{provider}:BaseUrl, the network and any proxy",
            ErrorKind.Timeout => $"{options.BaseUrl ?? provider} did not answer in time: check the network, or raise Purser:Providers:{provider}:TimeoutSeconds",
            ErrorKind.RateLimited => "the provider is rate limiting this key: wait, or check the account's limits and credit",
            ErrorKind.NoProvider or ErrorKind.BadRequest => $"the model was refused: pass --model with a model {provider} serves, or list them in Purser:Providers:{provider}:Models",
            ErrorKind.BudgetExceeded => "a hard budget refuses calls now: purser budget status",
            _ => $"the provider answered with an error: check {key} and Purser:Providers:{provider}:BaseUrl",
        };
    }
}
