using Microsoft.Extensions.Configuration;

namespace Purser.Configuration;

/// <summary>Binds <c>Purser:…</c>, adds providers from the environment and validates; errors name the key.</summary>
internal static class PurserOptionsLoader
{
    public static PurserOptions Load(IConfiguration configuration, Func<string, string?> getEnvironmentVariable)
    {
        var options = new PurserOptions();
        try
        {
            configuration.GetSection(PurserOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new PurserConfigurationException([ex.Message]);
        }

        // The binder silently drops a dictionary entry when one of its values cannot be converted (a provider whose
        // TimeoutSeconds is "abc" would just be missing): bind such entries alone to get the error naming the key.
        List<string> dropped =
        [
            .. DroppedEntries<ProviderOptions>(configuration.GetSection("Purser:Providers"), options.Providers),
            .. DroppedEntries<ModelAliasOptions>(configuration.GetSection("Purser:Models"), options.Models),
        ];
        if (dropped.Count > 0)
        {
            throw new PurserConfigurationException(dropped);
        }

        ProviderEnvironment.Apply(options, getEnvironmentVariable);
        IReadOnlyList<string> errors = PurserOptionsValidator.Validate(options, getEnvironmentVariable);
        if (errors.Count > 0)
        {
            throw new PurserConfigurationException(errors);
        }

        options.Home ??= DefaultHome(getEnvironmentVariable);
        return options;
    }

    private static IEnumerable<string> DroppedEntries<T>(IConfigurationSection section, IReadOnlyDictionary<string, T> bound)
    {
        foreach (IConfigurationSection entry in section.GetChildren())
        {
            if (bound.ContainsKey(entry.Key) || (entry.Value is null && !entry.GetChildren().Any()))
            {
                continue;
            }

            string? error = null;
            try
            {
                _ = entry.Get<T>();
            }
            catch (InvalidOperationException ex)
            {
                error = ex.Message;
            }

            yield return error ?? $"{entry.Path} could not be read: it must be an object of settings, not '{entry.Value}'.";
        }
    }

    /// <summary>$PURSER_HOME, or ~/.purser.</summary>
    public static string DefaultHome(Func<string, string?> getEnvironmentVariable) =>
        getEnvironmentVariable("PURSER_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".purser");
}
