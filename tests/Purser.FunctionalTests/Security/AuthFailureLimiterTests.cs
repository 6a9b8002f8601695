using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Gateway.Security;
using Purser.Tests;

namespace Purser.FunctionalTests.Security;

/// <summary>The failure window on a hand-driven clock: when an address must wait, when it may try again, and the memory bound.</summary>
public sealed class AuthFailureLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    private AuthFailureLimiter Limiter(int limit = 3, int window = 60, int max = 10_000) =>
        new(new AuthFailureOptions { Limit = limit, WindowSeconds = window, MaxTrackedAddresses = max }, _time, NullLogger<AuthFailureLimiter>.Instance);

    [Fact]
    public void RetryAfter_UnderTheLimit_IsNull_AtTheLimit_IsTheRestOfTheWindow_AndEndsWithIt()
    {
        AuthFailureLimiter limiter = Limiter();
        IPAddress address = IPAddress.Parse("203.0.113.7");

        limiter.RecordFailure(address, "/api/costs", "x");
        _time.Advance(TimeSpan.FromSeconds(10));
        limiter.RecordFailure(address, "/api/costs", "x");
        limiter.RetryAfter(address).ShouldBeNull();
        limiter.RecordFailure(address, "/api/costs", "x");

        limiter.RetryAfter(address).ShouldBe(TimeSpan.FromSeconds(50));
        _time.Advance(TimeSpan.FromSeconds(49));
        limiter.RetryAfter(address).ShouldBe(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        limiter.RetryAfter(address).ShouldBeNull();
        limiter.RecordFailure(address, "/api/costs", "x");
        limiter.RetryAfter(address).ShouldBeNull();
    }

    [Fact]
    public void Addresses_AreCountedApart_IPv6ByItsSlash64_AndMappedIPv4AsIPv4()
    {
        AuthFailureLimiter limiter = Limiter(limit: 2);
        limiter.RecordFailure(IPAddress.Parse("2001:db8:1:2::1"), "/", "x");
        limiter.RecordFailure(IPAddress.Parse("2001:db8:1:2:ffff::9"), "/", "x");
        limiter.RecordFailure(IPAddress.Parse("::ffff:198.51.100.4"), "/", "x");
        limiter.RecordFailure(IPAddress.Parse("198.51.100.4"), "/", "x");

        limiter.RetryAfter(IPAddress.Parse("2001:db8:1:2::77")).ShouldNotBeNull();
        limiter.RetryAfter(IPAddress.Parse("2001:db8:1:3::1")).ShouldBeNull();
        limiter.RetryAfter(IPAddress.Parse("198.51.100.4")).ShouldNotBeNull();
        limiter.RetryAfter(IPAddress.Parse("198.51.100.5")).ShouldBeNull();
    }

    [Fact]
    public void ManyAddresses_StayWithinTheBound_AndTheOverflowStillCounts()
    {
        AuthFailureLimiter limiter = Limiter(limit: 3, max: 16);
        for (int i = 0; i < 1000; i++)
        {
            limiter.RecordFailure(IPAddress.Parse($"10.0.{i / 256}.{i % 256}"), "/", "x");
        }

        limiter.TrackedAddresses.ShouldBeLessThanOrEqualTo(17);
        limiter.RetryAfter(IPAddress.Parse("10.9.9.9")).ShouldNotBeNull();

        // Once their windows are over, the addresses make room again.
        _time.Advance(TimeSpan.FromSeconds(61));
        limiter.RecordFailure(IPAddress.Parse("192.0.2.1"), "/", "x");
        limiter.TrackedAddresses.ShouldBe(1);
        limiter.RetryAfter(IPAddress.Parse("10.9.9.9")).ShouldBeNull();
    }
}
