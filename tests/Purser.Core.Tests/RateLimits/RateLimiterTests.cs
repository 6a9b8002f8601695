using Microsoft.Extensions.Time.Testing;
using Purser.RateLimits;

namespace Purser.Core.Tests.RateLimits;

public sealed class RateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    private static RateLimitScope Key(RateLimit limit) => new("key k1 (ci)", limit);

    [Fact]
    public void TryAcquire_RequestsPerMinute_AllowsTheLimitThenRefusesWithTheExactWait()
    {
        var limiter = new RateLimiter(_time);
        RateLimitScope scope = Key(new RateLimit { Rpm = 60 });
        for (int i = 0; i < 60; i++)
        {
            limiter.TryAcquire([scope], 0, out _, out _).ShouldNotBeNull($"call {i + 1}");
        }

        limiter.TryAcquire([scope], 0, out RateLimitRefusal? refusal, out RateLimitStatus status).ShouldBeNull();
        refusal.ShouldNotBeNull();
        refusal.Kind.ShouldBe(RateLimitKind.RequestsPerMinute);
        refusal.Limit.ShouldBe(60);
        refusal.RetryAfter.ShouldBe(TimeSpan.FromSeconds(1)); // 60 a minute refill one a second
        status.Requests!.Value.Remaining.ShouldBe(0);
        status.Requests.Value.Reset.ShouldBe(TimeSpan.FromMinutes(1));

        _time.Advance(TimeSpan.FromMilliseconds(999));
        limiter.TryAcquire([scope], 0, out refusal, out _).ShouldBeNull();
        refusal!.RetryAfter.ShouldBe(TimeSpan.FromMilliseconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        limiter.TryAcquire([scope], 0, out _, out _).ShouldNotBeNull();
        limiter.TryAcquire([scope], 0, out _, out _).ShouldBeNull();
    }

    [Fact]
    public void TryAcquire_AfterAFullPeriod_TheBucketIsWholeAgainButNeverMoreThanTheLimit()
    {
        var limiter = new RateLimiter(_time);
        RateLimitScope scope = Key(new RateLimit { Rpm = 3 });
        for (int i = 0; i < 3; i++)
        {
            limiter.TryAcquire([scope], 0, out _, out _).ShouldNotBeNull();
        }

        _time.Advance(TimeSpan.FromHours(5));
        limiter.Peek(scope).Requests!.Value.Remaining.ShouldBe(3);
        for (int i = 0; i < 3; i++)
        {
            limiter.TryAcquire([scope], 0, out _, out _).ShouldNotBeNull();
        }

        limiter.TryAcquire([scope], 0, out _, out _).ShouldBeNull();
    }

    [Fact]
    public void TryAcquire_TokensPerMinute_TakesTheWorstCaseAndSettleGivesBackTheUnused()
    {
        var limiter = new RateLimiter(_time);
        RateLimitScope scope = Key(new RateLimit { Tpm = 10_000 });
        RateLimitLease first = limiter.TryAcquire([scope], 6_000, out _, out RateLimitStatus status)!;
        status.Tokens!.Value.Remaining.ShouldBe(4_000);

        // A second call of the same worst case does not fit while the first holds its reservation.
        limiter.TryAcquire([scope], 6_000, out RateLimitRefusal? refusal, out _).ShouldBeNull();
        refusal!.Kind.ShouldBe(RateLimitKind.TokensPerMinute);
        refusal.RetryAfter.ShouldBe(TimeSpan.FromSeconds(12)); // 2,000 tokens short at 10,000 a minute

        // The first used 1,000: the 5,000 it did not use come back at once.
        limiter.Settle(first, 1_000).Tokens!.Value.Remaining.ShouldBe(9_000);
        limiter.TryAcquire([scope], 6_000, out _, out _).ShouldNotBeNull();
    }

    [Fact]
    public void Settle_UsageAboveTheReservation_TakesTheExcessAsADebt()
    {
        var limiter = new RateLimiter(_time);
        RateLimitScope scope = Key(new RateLimit { Tpm = 1_000 });
        RateLimitLease lease = limiter.TryAcquire([scope], 500, out _, out _)!;
        RateLimitStatus after = limiter.Settle(lease, 1_300);
        after.Tokens!.Value.Remaining.ShouldBe(0);
        limiter.TryAcquire([scope], 1, out RateLimitRefusal? refusal, out _).ShouldBeNull();
        refusal!.RetryAfter.ShouldBe(TimeSpan.FromSeconds(18.06)); // 300 of debt + 1 token at 1,000 a minute

        // Settling twice changes nothing.
        limiter.Settle(lease, 0);
        limiter.TryAcquire([scope], 1, out _, out _).ShouldBeNull();
    }

    [Fact]
    public void TryAcquire_ACallLargerThanTheLimit_IsRefusedWithNoWait()
    {
        var limiter = new RateLimiter(_time);
        limiter.TryAcquire([Key(new RateLimit { Tpm = 1_000 })], 1_001, out RateLimitRefusal? refusal, out _).ShouldBeNull();
        refusal!.RetryAfter.ShouldBeNull();
        refusal.Requested.ShouldBe(1_001);
    }

    [Fact]
    public void TryAcquire_SeveralScopes_TakesFromAllOrFromNone()
    {
        var limiter = new RateLimiter(_time);
        RateLimitScope key = Key(new RateLimit { Rpm = 10 });
        RateLimitScope user = new("user alice", new RateLimit { Rpm = 2 });
        limiter.TryAcquire([key, user], 0, out _, out _).ShouldNotBeNull();
        limiter.TryAcquire([key, user], 0, out _, out RateLimitStatus status).ShouldNotBeNull();
        status.Requests!.Value.Limit.ShouldBe(2); // the headers show the limit closest to running out
        status.Requests.Value.Remaining.ShouldBe(0);

        limiter.TryAcquire([key, user], 0, out RateLimitRefusal? refusal, out _).ShouldBeNull();
        refusal!.Scope.ShouldBe("user alice");

        // The refused call took nothing from the key: 8 of its 10 are left.
        limiter.Peek(key).Requests!.Value.Remaining.ShouldBe(8);
    }

    [Fact]
    public void TryAcquire_PerDayLimit_RefillsOverTwentyFourHours()
    {
        var limiter = new RateLimiter(_time);
        RateLimitScope scope = Key(new RateLimit { Rpd = 24 });
        for (int i = 0; i < 24; i++)
        {
            limiter.TryAcquire([scope], 0, out _, out _).ShouldNotBeNull();
        }

        limiter.TryAcquire([scope], 0, out RateLimitRefusal? refusal, out _).ShouldBeNull();
        refusal!.Kind.ShouldBe(RateLimitKind.RequestsPerDay);
        refusal.RetryAfter.ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void TryAcquire_ChangedLimit_StartsAfreshAtTheNewLimit()
    {
        var limiter = new RateLimiter(_time);
        limiter.TryAcquire([Key(new RateLimit { Rpm = 1 })], 0, out _, out _).ShouldNotBeNull();
        limiter.TryAcquire([Key(new RateLimit { Rpm = 1 })], 0, out _, out _).ShouldBeNull();
        limiter.TryAcquire([Key(new RateLimit { Rpm = 5 })], 0, out _, out RateLimitStatus status).ShouldNotBeNull();
        status.Requests!.Value.Remaining.ShouldBe(4);
    }

    [Fact]
    public void TryAcquire_ManyIdleScopes_FullBucketsAreDropped()
    {
        var limiter = new RateLimiter(_time);
        for (int i = 0; i < 10_000; i++)
        {
            limiter.TryAcquire([new RateLimitScope("user u" + i, new RateLimit { Rpm = 100 })], 0, out _, out _);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        limiter.TryAcquire([new RateLimitScope("user last", new RateLimit { Rpm = 100 })], 0, out _, out _);
        limiter.Count.ShouldBe(1); // the 10,000 refilled ones went; the new one is kept
        limiter.Peek(new RateLimitScope("user last", new RateLimit { Rpm = 100 })).Requests!.Value.Remaining.ShouldBe(99);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(20, "20ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(360_000, "6m0s")]
    [InlineData(3_723_000, "1h2m3s")]
    [InlineData(59_999_9, "9m59.999s")]
    public void Duration_IsWrittenAsOpenAIWritesIt(long milliseconds, string expected) =>
        RateLimitHeaders.Duration(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(expected);
}
