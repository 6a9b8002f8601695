using System.Globalization;
using Purser.Budgets;
using Purser.Chat;
using Purser.Configuration;
using Purser.Pipeline;
using Purser.RateLimits;
using Purser.Tokens;

namespace Purser.Core.Tests.Budgets;

/// <summary>
/// The three stages that need a call's worst case (rate limits with a token limit, load balancing with a target's
/// Tpm, the hard-budget reservation) count its prompt once between them, and each still gets the same worst case.
/// </summary>
public sealed class PromptCountedOnceTests
{
    private const long Tpm = 1_000_000_000;

    [Fact]
    public async Task Call_UnderTokenRateLimitTargetQuotaAndHardBudget_CountsThePromptOncePerTokenizer()
    {
        var text = new CountingTokenCounter(Tokenizers.ForModel("gpt-4o-mini"));
        BudgetPipeline p = Pipeline(text);

        PurserContext context = await p.CallAsync("pool", maxTokens: 100);

        context.Error.ShouldBeNull();
        context.Route!.Deployments.Count.ShouldBe(2);
        // One prompt of one text part, counted once for each of the route's two models (each priced as itself); every
        // stage before the fix counted it again: three stages × two models.
        text.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task Call_PromptCountedOnce_EveryStageGetsTheSameWorstCase()
    {
        BudgetPipeline p = Pipeline(new CountingTokenCounter(Tokenizers.ForModel("gpt-4o-mini")));

        PurserContext context = await p.CallAsync("pool", maxTokens: 100);

        // The reservation's count is the prompt's own count, and the rate limit took the same worst case in tokens.
        BudgetCall call = BudgetCall.Of(context)!;
        var fresh = new ChatRequest { Model = "pool" };
        fresh.Messages.Add(new ChatMessage(ChatRole.User, [new TextPart("hello there")]));
        long counted = ChatTokenCounter.ForModel("gpt-4o-mini").CountPrompt(fresh).Tokens;
        call.Reserved.Values.ShouldAllBe(r => r.CountedPrompt == counted && r.MaxOutput == 100);
        long remaining = long.Parse(context.ResponseHeaders[RateLimitHeaders.RemainingTokens], CultureInfo.InvariantCulture);
        (Tpm - remaining).ShouldBe(counted + 100);
    }

    private static BudgetPipeline Pipeline(CountingTokenCounter text)
    {
        var limits = new RateLimitOptions { Global = new RateLimit { Tpm = Tpm } };
        var p = new BudgetPipeline(
            o =>
            {
                var pool = new ModelAliasOptions { Targets = ["openai/gpt-4o-mini", "openai/gpt-4o"], Strategy = "weighted" };
                pool.PerTarget["openai/gpt-4o-mini"] = new AliasTargetOptions { Tpm = Tpm };
                o.Models["pool"] = pool;
            },
            rateLimits: limits,
            counterFor: _ => new ChatTokenCounter(text));
        p.Budget("daily", new BudgetItemOptions { Limit = 5 });
        return p;
    }

    /// <summary>Counts with a real tokenizer and counts how often it was asked.</summary>
    private sealed class CountingTokenCounter(ITokenCounter inner) : ITokenCounter
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Method => inner.Method;

        public bool IsExact => inner.IsExact;

        public TokenCount Count(ReadOnlySpan<char> text)
        {
            Interlocked.Increment(ref _calls);
            return inner.Count(text);
        }
    }
}
