namespace Purser.Pricing;

/// <summary>Pricing configuration that cannot be used; each error names its configuration key.</summary>
internal sealed class PricingValidationException : Exception
{
    public PricingValidationException()
        : this([])
    {
    }

    public PricingValidationException(string message)
        : this([message])
    {
    }

    public PricingValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public PricingValidationException(IReadOnlyList<string> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>One line per invalid key, e.g. <c>Purser:Pricing:openai/gpt-4o:Input must be &gt;= 0 (got -1).</c></summary>
    public IReadOnlyList<string> Errors { get; }

    private static string BuildMessage(IReadOnlyList<string> errors) =>
        errors.Count == 0
            ? "Invalid pricing configuration."
            : "Invalid pricing configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
