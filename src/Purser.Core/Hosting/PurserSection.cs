using Microsoft.Extensions.Configuration;
using Purser.Configuration;

namespace Purser.Hosting;

/// <summary>Binds one settings section, a binder failure reported as a configuration error naming the key.</summary>
internal static class PurserSection
{
    /// <exception cref="PurserConfigurationException">A value cannot be converted; the message names the key.</exception>
    public static T Bind<T>(IConfiguration configuration, string sectionName)
        where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(sectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new PurserConfigurationException([ex.Message]);
        }

        return options;
    }

    /// <exception cref="PurserConfigurationException">There are errors.</exception>
    public static void ThrowIfInvalid(IEnumerable<string> errors)
    {
        List<string> all = [.. errors];
        if (all.Count > 0)
        {
            throw new PurserConfigurationException(all);
        }
    }
}
