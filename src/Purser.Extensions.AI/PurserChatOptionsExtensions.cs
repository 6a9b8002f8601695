using Microsoft.Extensions.AI;

namespace Purser.Extensions.AI;

/// <summary>Puts Purser's attribution and cache directives into <see cref="ChatOptions.AdditionalProperties"/>.</summary>
public static class PurserChatOptionsExtensions
{
    /// <summary>Charges the call to a user, project, tags or a virtual key, and says how it may use the cache.</summary>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithPurser(this ChatOptions options, PurserCallOptions call)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(call);
        AdditionalPropertiesDictionary properties = options.AdditionalProperties ??= [];
        Set(properties, PurserProperties.User, call.User);
        Set(properties, PurserProperties.Project, call.Project);
        Set(properties, PurserProperties.Agent, call.Agent);
        Set(properties, PurserProperties.Operation, call.Operation);
        Set(properties, PurserProperties.Key, call.Key);
        if (call.Tags.Count > 0)
        {
            properties[PurserProperties.Tags] = call.Tags.ToArray();
        }

        if (call.Cache != PurserCacheMode.Default)
        {
            properties[PurserProperties.Cache] = call.Cache;
        }

        return options;
    }

    /// <summary>What Purser did with the call (cost, route, cache); null when the response did not come through Purser.</summary>
    public static PurserCallInfo? GetPurserInfo(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(PurserProperties.CallInfo, out object? info) == true ? info as PurserCallInfo : null;
    }

    /// <summary>What Purser did with a streamed call: on the stream's last update; null on the others.</summary>
    public static PurserCallInfo? GetPurserInfo(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(PurserProperties.CallInfo, out object? info) == true ? info as PurserCallInfo : null;
    }

    /// <summary>The attribution and cache directives a call carries (the client's defaults under them).</summary>
    /// <exception cref="ArgumentException">A value has the wrong type; the message names the key.</exception>
    internal static PurserCallOptions ReadPurser(this ChatOptions? options, PurserCallOptions defaults)
    {
        var call = new PurserCallOptions
        {
            User = defaults.User,
            Project = defaults.Project,
            Agent = defaults.Agent,
            Operation = defaults.Operation,
            Key = defaults.Key,
            Tags = [.. defaults.Tags],
            Cache = defaults.Cache,
        };
        if (options?.AdditionalProperties is not { } properties)
        {
            return call;
        }

        call.User = Text(properties, PurserProperties.User) ?? call.User;
        call.Project = Text(properties, PurserProperties.Project) ?? call.Project;
        call.Agent = Text(properties, PurserProperties.Agent) ?? call.Agent;
        call.Operation = Text(properties, PurserProperties.Operation) ?? call.Operation;
        call.Key = Text(properties, PurserProperties.Key) ?? call.Key;
        if (properties.TryGetValue(PurserProperties.Tags, out object? tags) && tags is not null)
        {
            IEnumerable<string> more = tags switch
            {
                string list => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                IEnumerable<string> items => items,
                _ => throw new ArgumentException($"ChatOptions.AdditionalProperties[\"{PurserProperties.Tags}\"] must be a string or strings, not {tags.GetType().Name}.", nameof(options)),
            };
            call.Tags = [.. call.Tags.Concat(more).Distinct(StringComparer.Ordinal)];
        }

        if (properties.TryGetValue(PurserProperties.Cache, out object? cache) && cache is not null)
        {
            call.Cache = cache switch
            {
                PurserCacheMode mode => mode,
                string name when Enum.TryParse(name, ignoreCase: true, out PurserCacheMode parsed) && !int.TryParse(name, out _) => parsed,
                _ => throw new ArgumentException($"ChatOptions.AdditionalProperties[\"{PurserProperties.Cache}\"] must be one of {string.Join(", ", Enum.GetNames<PurserCacheMode>())}, not '{cache}'.", nameof(options)),
            };
        }

        return call;
    }

    private static void Set(AdditionalPropertiesDictionary properties, string key, string? value)
    {
        if (value is not null)
        {
            properties[key] = value;
        }
    }

    private static string? Text(AdditionalPropertiesDictionary properties, string key) =>
        !properties.TryGetValue(key, out object? value) || value is null ? null
        : value as string ?? throw new ArgumentException($"ChatOptions.AdditionalProperties[\"{key}\"] must be a string, not {value.GetType().Name}.", "options");
}
