using System.Collections.Concurrent;

namespace Purser.Budgets;

/// <summary>
/// What each deployment bills beyond what a reservation assumed, learned from the usage providers report and added to
/// later worst cases so a worst case stays a worst case.
/// <list type="bullet">
/// <item>Prompt: more tokens than Purser counts (a tokenizer estimate that falls short, a system prompt or tool
/// formatting the provider adds). Small prompts (fewer than <see cref="SmallPrompt"/> counted tokens) teach an absolute
/// excess (an overhead of so many tokens), larger ones a relative one (a share of the count); a prompt's margin is the
/// larger of the two.</item>
/// <item>Output: more tokens than the call allowed (an upstream that does not hold to <c>max_tokens</c>): an absolute
/// excess.</item>
/// </list>
/// Margins only grow; they live in memory and are relearned after a restart.
/// </summary>
internal sealed class UsageCalibration
{
    /// <summary>Below this many counted tokens, a prompt's excess is taken as a fixed overhead rather than a share.</summary>
    public const long SmallPrompt = 1000;

    private readonly ConcurrentDictionary<string, Excess> _byDeployment = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The prompt tokens to reserve for <paramref name="counted"/> counted tokens on <paramref name="deployment"/>.</summary>
    public long AdjustPrompt(string deployment, long counted)
    {
        if (!_byDeployment.TryGetValue(deployment, out Excess? excess))
        {
            return counted;
        }

        long relative = (long)Math.Ceiling(counted * excess.Relative);
        return counted + Math.Max(excess.Absolute, relative);
    }

    /// <summary>The output tokens to reserve for a call allowed <paramref name="maxOutput"/> on <paramref name="deployment"/>.</summary>
    public long AdjustOutput(string deployment, long maxOutput) =>
        _byDeployment.TryGetValue(deployment, out Excess? excess) ? maxOutput + excess.Output : maxOutput;

    /// <summary>Learns from a call that <paramref name="counted"/> prompt tokens were billed as <paramref name="reported"/>.</summary>
    public void ObservePrompt(string deployment, long counted, long reported)
    {
        long over = reported - counted;
        if (counted <= 0 || over <= 0 || AdjustPrompt(deployment, counted) >= reported)
        {
            return;
        }

        _byDeployment.AddOrUpdate(
            deployment,
            _ => counted < SmallPrompt ? new Excess(over, 0, 0) : new Excess(0, (double)over / counted, 0),
            (_, e) => counted < SmallPrompt ? e with { Absolute = Math.Max(e.Absolute, over) } : e with { Relative = Math.Max(e.Relative, (double)over / counted) });
    }

    /// <summary>Learns from a call allowed <paramref name="maxOutput"/> tokens that was billed <paramref name="reported"/>.</summary>
    public void ObserveOutput(string deployment, long maxOutput, long reported)
    {
        long over = reported - maxOutput;
        if (maxOutput <= 0 || over <= 0)
        {
            return;
        }

        _byDeployment.AddOrUpdate(deployment, _ => new Excess(0, 0, over), (_, e) => e with { Output = Math.Max(e.Output, over) });
    }

    private sealed record Excess(long Absolute, double Relative, long Output);
}
