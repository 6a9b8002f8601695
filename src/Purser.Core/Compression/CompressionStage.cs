using Purser.Pipeline;
using Purser.Tokens;

namespace Purser.Compression;

/// <summary>
/// Opt-in prompt compression (x-purser-compress: on, or per operation / globally by configuration), after the
/// guard and before routing, caching and budgets see the prompt. Tokens saved land in the ledger.
/// </summary>
internal sealed class CompressionStage(PromptCompressionOptions options) : IRequestStage
{
    private readonly PromptCompressor _compressor = new(options);

    public int Order => StageOrder.Guard + 50;

    public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        context.RequestHeaders.TryGetValue(PromptCompressionOptions.HeaderName, out string? header);
        // Compressing what is embedded would change the vectors, not just the bill.
        if (context.Request.Embedding is not null || !options.IsEnabledFor(header, context.Attribution.Operation))
        {
            return ValueTask.CompletedTask;
        }

        ITokenCounter counter = Tokenizers.ForModel(context.Request.Model);
        CompressionSavings savings = _compressor.Compress(context.Request, text => counter.Count(text).Tokens);
        if (context.Request.Raw is { } raw && savings.SavedChars > 0)
        {
            RawPromptText.Rewrite(raw, context.Request.SourceProtocol, text => _compressor.Compress(text).Text);
        }

        context.TokensSaved += savings.SavedTokens ?? 0;
        context.ResponseHeaders["x-purser-compressed-tokens-saved"] = (savings.SavedTokens ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }
}
