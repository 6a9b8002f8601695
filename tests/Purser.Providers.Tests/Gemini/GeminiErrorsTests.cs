using System.Text;
using Purser.Errors;
using Purser.Providers.Gemini;

namespace Purser.Providers.Tests.Gemini;

public sealed class GeminiErrorsTests
{
    internal const string RateLimitBody = """
        {
          "error": {
            "code": 429,
            "message": "You exceeded your current quota, please check your plan and billing details.",
            "status": "RESOURCE_EXHAUSTED",
            "details": [
              {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
              {"@type": "type.googleapis.com/google.rpc.Help", "links": [{"description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]},
              {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "27s"}
            ]
          }
        }
        """;

    internal const string InvalidKeyBody = """
        {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
          "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}}]}}
        """;

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void ReadMessage_GoogleError_GivesMessageAndStatus()
    {
        GeminiErrors.ReadMessage(Bytes(RateLimitBody)).ShouldBe("You exceeded your current quota, please check your plan and billing details. (RESOURCE_EXHAUSTED)");
    }

    [Fact]
    public void ReadMessage_ArrayWrappedError_IsRead()
    {
        GeminiErrors.ReadMessage(Bytes("""[{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}]"""))
            .ShouldBe("Internal error encountered. (INTERNAL)");
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("""{"message":"not google"}""")]
    public void ReadMessage_NotAGoogleError_IsNull(string body)
    {
        GeminiErrors.ReadMessage(Bytes(body)).ShouldBeNull();
    }

    [Fact]
    public void ReadRetryDelay_RetryInfo_GivesTheDelay()
    {
        GeminiErrors.ReadRetryDelay(Bytes(RateLimitBody)).ShouldBe(TimeSpan.FromSeconds(27));
        GeminiErrors.ReadRetryDelay(Bytes("""{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}]}}"""))
            .ShouldBe(TimeSpan.FromMilliseconds(1500));
        GeminiErrors.ReadRetryDelay(Bytes(InvalidKeyBody)).ShouldBeNull();
    }

    [Fact]
    public void FromUpstream_RateLimit_CarriesTheRetryDelay()
    {
        PurserError error = GeminiErrors.FromUpstream("gemini", 429, Bytes(RateLimitBody), retryAfter: null);

        error.Kind.ShouldBe(ErrorKind.RateLimited);
        error.StatusCode.ShouldBe(429);
        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(27));
        error.IsRetryable.ShouldBeTrue();
    }

    [Fact]
    public void FromUpstream_InvalidKey_IsPursersCredentialProblemNotTheClients()
    {
        PurserError error = GeminiErrors.FromUpstream("gemini", 400, Bytes(InvalidKeyBody), retryAfter: null);

        error.StatusCode.ShouldBe(502);
        error.Code.ShouldBe("upstream_auth");
        error.UpstreamStatus.ShouldBe(400);
        error.Message.ShouldContain("API key not valid");
    }

    [Fact]
    public void FromUpstream_OtherBadRequest_StaysABadRequest()
    {
        PurserError error = GeminiErrors.FromUpstream("gemini", 400, Bytes("""{"error":{"code":400,"message":"* GenerateContentRequest.contents: contents is not specified","status":"INVALID_ARGUMENT"}}"""), null);

        error.StatusCode.ShouldBe(400);
        error.Code.ShouldBe("upstream_rejected");
        error.Message.ShouldContain("contents is not specified");
    }
}
