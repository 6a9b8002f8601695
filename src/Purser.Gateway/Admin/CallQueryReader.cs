using System.Globalization;
using Microsoft.AspNetCore.Http;
using Purser.Caching;
using Purser.Calls;
using Purser.Errors;

namespace Purser.Gateway.Admin;

/// <summary>
/// Reads a call list's filter and page from a query string — the same names for <c>GET /api/calls</c> and the
/// dashboard's calls page, so a page's address is also its API query: model, provider, project, agent, key, status,
/// route, cache, since, until (an ISO 8601 time, or a duration such as 24h meaning that long ago), limit, after.
/// </summary>
internal static class CallQueryReader
{
    /// <summary>The names a call filter reads.</summary>
    public static readonly IReadOnlyList<string> FilterNames = ["model", "provider", "project", "agent", "key", "status", "route", "cache", "since", "until"];

    /// <summary>What <c>status</c> accepts: ok, error, or one error kind.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["ok", "error", .. Enum.GetValues<ErrorKind>().Select(k => k.ToName())];

    public static bool TryRead(IQueryCollection query, DateTimeOffset now, out CallQuery? result, out string? error)
    {
        result = null;
        error = null;
        string? status = Value(query, "status");
        if (status is not null && !Statuses.Contains(status))
        {
            error = $"'status' must be one of {string.Join(", ", Statuses)}; got '{status}'.";
            return false;
        }

        string? cache = Value(query, "cache");
        if (cache is not null && !CallFilter.CacheValues.Contains(cache))
        {
            error = $"'cache' must be one of {string.Join(", ", CallFilter.CacheValues)}; got '{cache}'.";
            return false;
        }

        if (!TryTime(query, "since", now, out DateTimeOffset? since, ref error) || !TryTime(query, "until", now, out DateTimeOffset? until, ref error))
        {
            return false;
        }

        int limit = CallQuery.DefaultLimit;
        if (Value(query, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > CallQuery.MaxLimit))
        {
            error = $"'limit' must be a number from 1 to {CallQuery.MaxLimit}.";
            return false;
        }

        CallCursor? after = null;
        if (Value(query, "after") is { } afterText)
        {
            if (!CallCursor.TryParse(afterText, out CallCursor cursor))
            {
                error = "'after' must be the 'next' cursor of a previous page.";
                return false;
            }

            after = cursor;
        }

        var filter = new CallFilter
        {
            Model = Value(query, "model"),
            Provider = Value(query, "provider"),
            Project = Value(query, "project"),
            Agent = Value(query, "agent"),
            Key = Value(query, "key"),
            Status = status,
            Route = Value(query, "route"),
            Cache = cache,
            Since = since,
            Until = until,
        };
        result = new CallQuery(filter, limit, after);
        return true;
    }

    /// <summary>A query value, trimmed; null when absent or blank.</summary>
    public static string? Value(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool TryTime(IQueryCollection query, string name, DateTimeOffset now, out DateTimeOffset? time, ref string? error)
    {
        time = null;
        if (Value(query, name) is not { } text)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
        {
            time = at;
            return true;
        }

        if (CacheDuration.TryParse(text, out TimeSpan ago))
        {
            time = now - ago;
            return true;
        }

        error = $"'{name}' must be an ISO 8601 time (2026-11-22T10:00:00Z) or a duration ago (30m, 24h, 7d); got '{text}'.";
        return false;
    }
}
