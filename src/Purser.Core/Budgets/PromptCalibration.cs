using System.Collections.Concurrent;

namespace Purser.Budgets;

/// <summary>
/// What each deployment bills for a prompt beyond what Purser counts for it: a tokenizer estimate that falls short,
/// a system prompt or tool formatting the provider adds. Learned from the usage providers report, and added to the
/// counted prompt of later reservations so a worst case stays a worst case. Small prompts (fewer than
/// <see cref="SmallPrompt"/> counted tokens) teach an absolute excess (an overhead of so many tokens), larger ones a
/// relative excess (a share of the count); a prompt's margin is the larger of the two. Only grows.
/// </summary>
internal sealed class PromptCalibration
{
    /// <summary>Below this many counted tokens, an excess is taken as a fixed overhead rather than a share.</summary>
    public const long SmallPrompt = 1000;

    private readonly ConcurrentDictionary<string, Excess> _byDeployment = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The prompt tokens to reserve for <paramref name="counted"/> counted tokens on <paramref name="deployment"/>.</summary>
    public long Adjust(string deployment, long counted)
    {
        if (!_byDeployment.TryGetValue(deployment, out Excess? excess))
        {
            return counted;
        }

        long relative = (long)Math.Ceiling(counted * excess.Relative);
        return counted + Math.Max(excess.Absolute, relative);
    }

    /// <summary>Learns from a call that <paramref name="counted"/> tokens were billed as <paramref name="reported"/>.</summary>
    public void Observe(string deployment, long counted, long reported)
    {
        long over = reported - counted;
        if (counted <= 0 || over <= 0 || Adjust(deployment, counted) >= reported)
        {
            return;
        }

        _byDeployment.AddOrUpdate(
            deployment,
            _ => counted < SmallPrompt ? new Excess(over, 0) : new Excess(0, (double)over / counted),
            (_, e) => counted < SmallPrompt ? e with { Absolute = Math.Max(e.Absolute, over) } : e with { Relative = Math.Max(e.Relative, (double)over / counted) });
    }

    private sealed record Excess(long Absolute, double Relative);
}
