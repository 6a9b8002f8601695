using Microsoft.AspNetCore.Http;
using Purser.Chat;
using Purser.Pipeline;

namespace Purser.Gateway.Http;

/// <summary>Reads who a call is for from x-purser-* headers, the request's user field and its metadata.</summary>
internal static class AttributionReader
{
    public static Attribution Read(HttpRequest http, ChatRequest request)
    {
        IHeaderDictionary h = http.Headers;
        var attribution = new Attribution
        {
            Project = Value(h, "x-purser-project"),
            Agent = Value(h, "x-purser-agent"),
            Repository = Value(h, "x-purser-repository"),
            User = Value(h, "x-purser-user") ?? request.User,
            Metadata = request.Metadata,
        };
        if (Value(h, "x-purser-operation") is { } operation)
        {
            attribution.Operation = operation;
        }

        if (Value(h, "x-purser-tags") is { } tags)
        {
            attribution.Tags = [.. tags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
        }

        return attribution;
    }

    private static string? Value(IHeaderDictionary headers, string name)
    {
        string? value = headers[name];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
