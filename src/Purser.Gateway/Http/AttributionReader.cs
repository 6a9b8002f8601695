using Microsoft.AspNetCore.Http;
using Purser.Chat;
using Purser.Pipeline;

namespace Purser.Gateway.Http;

/// <summary>Reads who a call is for from x-purser-* headers, the request's user field and its metadata.</summary>
internal static class AttributionReader
{
    /// <param name="http">The request.</param>
    /// <param name="request">The parsed body (its user and metadata).</param>
    /// <param name="operation">The endpoint's own operation (embedding), used when no x-purser-operation names one.</param>
    public static Attribution Read(HttpRequest http, ChatRequest request, string? operation = null)
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
        if ((Value(h, "x-purser-operation") ?? operation) is { } named)
        {
            attribution.Operation = named;
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
