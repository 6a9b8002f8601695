using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Purser.Prompts;

namespace Purser.Hosting;

/// <summary>Adds the prompt library (<c>Purser:Prompts</c>; its file defaults to <c>&lt;Home&gt;/prompts.json</c>). The one place it is registered.</summary>
public static class PurserBuilderPromptExtensions
{
    public static PurserBuilder AddPrompts(this PurserBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddPrompts(builder.Services, builder.RequireConfiguration("The prompt library"), builder.RequireOptions("The prompt library").Home);
        return builder;
    }

    /// <summary>Registers the prompt library from <c>Purser:Prompts</c> (for hosts that compose without a builder).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="home">Purser's data folder: the library's file defaults to prompts.json there.</param>
    public static IServiceCollection AddPrompts(IServiceCollection services, IConfiguration configuration, string? home)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        PromptLibraryOptions options = PurserSection.Bind<PromptLibraryOptions>(configuration, PromptLibraryOptions.SectionName);
        options.File ??= Path.Combine(home ?? ".", "prompts.json");
        services.TryAddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.TryAddSingleton(sp => new PromptLibrary(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PromptLibraryOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PromptLibrary>>()));
        return services;
    }
}
