using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Http;
using Purser.Streaming;

namespace Purser.Providers.Tests.Http;

public sealed class UpstreamErrorScrubberTests
{
    // Built at run time, so no key-shaped literal sits in the repository.
    private static readonly string ProviderKey = "sk-" + "proj-" + new string('Q', 20) + "x7Tb";
    private static readonly string GitHubToken = "gh" + "p_" + "Xk9mQ2pL7vR4tW8zB3nC6dF1gH5jS0aE1234";

    [Fact]
    public void Clean_RemovesEveryConfiguredKeyLongestFirst_AndWhatTheScannerFinds_ButKeepsRequestIds()
    {
        var scrubber = new UpstreamErrorScrubber([ProviderKey, "short", null, ProviderKey + "-extended"]);

        string cleaned = scrubber.Clean($"bad key Bearer {ProviderKey}-extended and {ProviderKey}; also {GitHubToken}; request req_8f2a9c1d7e3b4a5f6c7d8e9f0a1b2c3d; short stays");

        cleaned.ShouldNotContain(ProviderKey);
        cleaned.ShouldNotContain(GitHubToken);
        cleaned.ShouldContain("Bearer [REDACTED:provider_key] and [REDACTED:provider_key];");
        cleaned.ShouldContain("[REDACTED:github_token]");
        cleaned.ShouldContain("req_8f2a9c1d7e3b4a5f6c7d8e9f0a1b2c3d");
        cleaned.ShouldContain("short stays");
    }

    [Fact]
    public void Clean_Error_KeepsEverythingButTheMessage_AndReturnsTheSameErrorWhenClean()
    {
        var scrubber = new UpstreamErrorScrubber([ProviderKey]);
        var error = new PurserError(ErrorKind.UpstreamHttp, 502, "refused " + ProviderKey) { UpstreamStatus = 401, Code = "upstream_auth" };
        var clean = new PurserError(ErrorKind.UpstreamHttp, 502, "refused");

        PurserError cleaned = scrubber.Clean(error);

        cleaned.ShouldBe(error with { Message = "refused [REDACTED:provider_key]" });
        scrubber.Clean(clean).ShouldBeSameAs(clean);
    }

    [Fact]
    public void Clean_StreamChunk_WithAnErrorEvent_IsCleanedAndNoLongerForwardedRaw()
    {
        var scrubber = new UpstreamErrorScrubber([ProviderKey]);
        byte[] raw = System.Text.Encoding.UTF8.GetBytes("data: {\"error\":{\"message\":\"" + ProviderKey + "\"}}\n\n");
        var text = new StreamChunk(WireProtocol.OpenAIChat, raw, [new TextDeltaEvent("hi")]);
        var failed = new StreamChunk(WireProtocol.OpenAIChat, raw, [new ErrorEvent(new PurserError(ErrorKind.UpstreamHttp, 502, "key " + ProviderKey))]);

        StreamChunk cleaned = scrubber.Clean(failed);

        scrubber.Clean(text).ShouldBeSameAs(text);
        cleaned.Suppress.ShouldBeTrue();
        cleaned.Raw.IsEmpty.ShouldBeTrue();
        cleaned.Events.OfType<ErrorEvent>().Single().Error.Message.ShouldBe("key [REDACTED:provider_key]");
    }
}
