using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Purser.Compression;
using Purser.Configuration;
using Purser.Pipeline;

namespace Purser.Hosting;

/// <summary>Adds prompt compression (<c>Purser:Compression</c>).</summary>
public static class PurserBuilderCompressionExtensions
{
    /// <exception cref="PurserConfigurationException"><c>Purser:Compression</c> is invalid; the message names each key.</exception>
    public static PurserBuilder AddCompression(this PurserBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        PromptCompressionOptions options = PurserSection.Bind<PromptCompressionOptions>(builder.RequireConfiguration("Prompt compression"), PromptCompressionOptions.SectionName);
        PurserSection.ThrowIfInvalid(options.Validate());
        builder.Services.TryAddSingleton(options);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, CompressionStage>());
        return builder;
    }
}
