using Purser.Configuration;
using Purser.Hosting;

namespace Purser.Assistant.Hosting;

/// <summary>The developer assistant on Purser's builder.</summary>
public static class PurserBuilderAssistantExtensions
{
    /// <summary>Binds and validates <c>Purser:Assistant</c> from the builder's configuration and registers the assistant's services.</summary>
    /// <exception cref="PurserConfigurationException">The assistant's configuration is invalid; each error names its key.</exception>
    public static PurserBuilder AddAssistant(this PurserBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPurserAssistant(builder.RequireConfiguration("The assistant"), builder.RequireOptions("The assistant"));
        return builder;
    }
}
