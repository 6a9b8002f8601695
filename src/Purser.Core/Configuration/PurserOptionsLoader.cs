using Microsoft.Extensions.Configuration;

namespace Purser.Configuration;

/// <summary>Binds <c>Purser:…</c>, adds providers from the environment and validates; errors name the key.</summary>
public static class PurserOptionsLoader
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

        ProviderEnvironment.Apply(options, getEnvironmentVariable);
        IReadOnlyList<string> errors = PurserOptionsValidator.Validate(options, getEnvironmentVariable);
        if (errors.Count > 0)
        {
            throw new PurserConfigurationException(errors);
        }

        options.Home ??= DefaultHome(getEnvironmentVariable);
        return options;
    }

    /// <summary>$PURSER_HOME, or ~/.purser.</summary>
    public static string DefaultHome(Func<string, string?> getEnvironmentVariable) =>
        getEnvironmentVariable("PURSER_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".purser");
}
