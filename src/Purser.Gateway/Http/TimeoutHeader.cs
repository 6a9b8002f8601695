using System.Globalization;
using Microsoft.AspNetCore.Http;
using Purser.Errors;

namespace Purser.Gateway.Http;

/// <summary>
/// Reads <c>x-purser-timeout</c>: this call's per-attempt time limit, in seconds ("20", "2.5", "20s") or milliseconds
/// ("500ms"), more than 0 and at most 3600 s. It can only shorten what the operator configured: a longer value leaves
/// the provider's attempt timeout and the total deadline as they are.
/// </summary>
internal static class TimeoutHeader
{
    public const string Name = "x-purser-timeout";

    public static TimeSpan? Read(HttpRequest request, out PurserError? error)
    {
        error = null;
        string? value = request.Headers[Name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string text = value.Trim().ToLowerInvariant();
        double factor = 1;
        if (text.EndsWith("ms", StringComparison.Ordinal))
        {
            text = text[..^2];
            factor = 0.001;
        }
        else if (text.EndsWith('s'))
        {
            text = text[..^1];
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || double.IsNaN(seconds)
            || seconds * factor is not (> 0 and <= 3600))
        {
            error = new PurserError(ErrorKind.BadRequest, 400, $"Header {Name} must be a time limit per attempt in seconds (e.g. 20, 2.5, 20s) or milliseconds (500ms), more than 0 and at most 3600 s; got '{value}'.")
            {
                Param = Name,
                Code = "invalid_header",
            };
            return null;
        }

        return TimeSpan.FromSeconds(seconds * factor);
    }
}
