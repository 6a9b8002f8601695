using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Purser.Configuration;
using Purser.Guards;
using Purser.Pipeline;

namespace Purser.Hosting;

/// <summary>Adds the secret guard (<c>Purser:Guard</c>): secrets in a request are redacted or refused before they leave.</summary>
public static class PurserBuilderGuardExtensions
{
    /// <exception cref="PurserConfigurationException"><c>Purser:Guard</c> is invalid; the message names each key.</exception>
    public static PurserBuilder AddSecretGuard(this PurserBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        SecretGuardOptions options = PurserSection.Bind<SecretGuardOptions>(builder.RequireConfiguration("The secret guard"), SecretGuardOptions.SectionName);
        PurserSection.ThrowIfInvalid(options.Validate());
        builder.Services.TryAddSingleton(new SecretGuard(options));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, SecretGuardStage>());
        return builder;
    }
}
