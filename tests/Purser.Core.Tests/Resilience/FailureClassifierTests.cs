using Purser.Core.Tests.Dispatch;
using Purser.Errors;
using Purser.Resilience;

namespace Purser.Core.Tests.Resilience;

public sealed class FailureClassifierTests
{
    public static TheoryData<object, bool, bool, bool> Cases => new()
    {
        // error, retry same deployment, fall back, counts against the deployment
        { new PurserError(ErrorKind.Timeout, 504, "t"), true, true, true },
        { UpstreamError.Connection(), true, true, true },
        { UpstreamError.Http(429), true, true, true },
        { new PurserError(ErrorKind.RateLimited, 429, "slow down") { RetryAfter = TimeSpan.FromSeconds(2) }, true, true, false },
        { new PurserError(ErrorKind.RateLimited, 429, "slow down"), true, true, true },
        { UpstreamError.Http(408), true, true, true },
        { UpstreamError.Http(409), true, true, false },
        { UpstreamError.Http(500), true, true, true },
        { UpstreamError.Http(503), true, true, true },
        { UpstreamError.CutOff(), true, true, true },
        { UpstreamError.Malformed(), false, true, true },
        { UpstreamError.Http(400), false, false, false },
        { UpstreamError.Http(413), false, false, false },
        { UpstreamError.Http(422), false, false, false },
        { UpstreamError.Http(401), false, true, true },
        { UpstreamError.Http(403), false, true, true },
        { UpstreamError.Http(404), false, true, true },
        { PurserError.BadRequest("cannot translate", "x", "untranslatable"), false, true, false },
        { PurserError.BadRequest("bad"), false, false, false },
        { new PurserError(ErrorKind.Cancelled, 499, "gone"), false, false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_EachFailure_RetryFallbackAndHealthAsDocumented(object errorValue, bool retry, bool fallback, bool counts)
    {
        var error = (PurserError)errorValue;
        FailureClassifier.IsRetryable(error).ShouldBe(retry);
        FailureClassifier.AllowsFallback(error).ShouldBe(fallback);
        FailureClassifier.CountsAgainstDeployment(error).ShouldBe(counts);
    }
}
