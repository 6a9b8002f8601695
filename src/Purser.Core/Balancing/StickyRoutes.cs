using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Purser.Chat;
using Purser.Pipeline;

namespace Purser.Balancing;

/// <summary>
/// Which deployment served each recent conversation, so that its next calls go there while it is healthy and the
/// provider's prompt cache keeps hitting. A conversation is the caller (key, else user) and the alias plus a hash of
/// the prompt's prefix — the system prompt and the first message, which every later turn repeats. Entries live
/// <see cref="Lifetime"/> after their last use; the table holds at most <see cref="Capacity"/>.
/// </summary>
internal sealed class StickyRoutes(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, (string Deployment, DateTimeOffset Until)> _routes = new(StringComparer.Ordinal);

    /// <summary>The conversation key of a call to <paramref name="alias"/>.</summary>
    public static string KeyOf(PurserContext context, string alias)
    {
        ChatRequest request = context.Request;
        var text = new StringBuilder();
        text.Append(context.Attribution.KeyId ?? "user:" + context.Attribution.User).Append('\n').Append(alias.ToLowerInvariant()).Append('\n');
        foreach (TextPart part in request.System)
        {
            text.Append(part.Text).Append('\n');
        }

        if (request.Messages.Count > 0)
        {
            text.Append(request.Messages[0].Role).Append('\n').Append(request.Messages[0].Text);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }

    /// <summary>The deployment that served the conversation last, while its entry lives.</summary>
    public string? Find(string key)
    {
        DateTimeOffset now = time.GetUtcNow();
        return _routes.TryGetValue(key, out var entry) && entry.Until > now ? entry.Deployment : null;
    }

    public void Remember(string key, string deployment)
    {
        DateTimeOffset now = time.GetUtcNow();
        _routes[key] = (deployment, now + Lifetime);
        if (_routes.Count > Capacity)
        {
            foreach (var (k, entry) in _routes)
            {
                if (entry.Until <= now || _routes.Count > Capacity)
                {
                    _routes.TryRemove(k, out _);
                }
            }
        }
    }
}
