using Purser.Caching;
using Purser.Chat;
using Purser.Pipeline;
using Purser.Routing;

namespace Purser.Core.Tests.Caching;

public sealed class CachePolicyTests
{
    private static PurserContext Context(Action<ChatRequest>? change = null, string operation = "chat")
    {
        var request = new ChatRequest { Model = "m" };
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "hi"));
        change?.Invoke(request);
        return new PurserContext(request, "req_1", DateTimeOffset.UnixEpoch, 0)
        {
            Route = new RouteDecision([new Deployment("up", "m")], "explicit", "named"),
            Attribution = new Attribution { Operation = operation },
        };
    }

    [Theory]
    [InlineData("code_review", 24)]
    [InlineData("debug", 1)]
    [InlineData("debugging", 1)]
    [InlineData("architecture", 7 * 24)]
    [InlineData("chat", 24)]
    [InlineData("CODE_REVIEW", 24)]
    public void TtlFor_SeedOperations_HaveTheirTtls(string operation, int hours)
    {
        new CachePolicy(new CacheOptions()).TtlFor(operation).ShouldBe(TimeSpan.FromHours(hours));
    }

    [Fact]
    public void TtlFor_ConfiguredDefaultAndRequestedTtl_CappedAtMax()
    {
        var policy = new CachePolicy(new CacheOptions { DefaultTtl = "2h", MaxTtl = "30d" });

        policy.TtlFor("anything").ShouldBe(TimeSpan.FromHours(2));
        policy.TtlFor("anything", TimeSpan.FromMinutes(5)).ShouldBe(TimeSpan.FromMinutes(5));
        policy.TtlFor("anything", TimeSpan.FromDays(365)).ShouldBe(TimeSpan.FromDays(30));
    }

    [Fact]
    public void BypassReason_PlainDeterministicCall_IsCacheable()
    {
        new CachePolicy(new CacheOptions()).BypassReason(Context(r => r.Temperature = 0)).ShouldBeNull();
        new CachePolicy(new CacheOptions()).BypassReason(Context()).ShouldBeNull();
    }

    [Fact]
    public void BypassReason_SamplingWithoutOptIn_IsNonDeterministic()
    {
        var policy = new CachePolicy(new CacheOptions());
        PurserContext sampling = Context(r => r.Temperature = 0.7);

        policy.BypassReason(sampling).ShouldBe("non-deterministic");
        sampling.CacheDirectives = new CacheDirectives { AllowNonDeterministic = true };
        policy.BypassReason(sampling).ShouldBeNull();
        new CachePolicy(new CacheOptions { CacheNonDeterministic = true }).BypassReason(Context(r => r.Temperature = 0.7)).ShouldBeNull();
    }

    [Fact]
    public void BypassReason_OtherRules_SayWhy()
    {
        new CachePolicy(new CacheOptions { Enabled = false }).BypassReason(Context()).ShouldBe("disabled");

        PurserContext off = Context();
        off.CacheDirectives = new CacheDirectives { NoRead = true, NoWrite = true };
        new CachePolicy(new CacheOptions()).BypassReason(off).ShouldBe("off");

        var noChat = new CacheOptions();
        noChat.OperationTtls["chat"] = "0";
        new CachePolicy(noChat).BypassReason(Context()).ShouldBe("ttl-zero");

        new CachePolicy(new CacheOptions()).BypassReason(Context(r => r.Extensions["n"] = 2)).ShouldBe("unmodeled-fields");

        PurserContext unrouted = Context();
        unrouted.Route = null;
        new CachePolicy(new CacheOptions()).BypassReason(unrouted).ShouldBe("no-route");
    }

    [Fact]
    public void BypassReason_NoCacheAlone_StillUsesTheCache()
    {
        PurserContext refresh = Context();
        refresh.CacheDirectives = new CacheDirectives { NoRead = true };

        new CachePolicy(new CacheOptions()).BypassReason(refresh).ShouldBeNull();
    }

    [Theory]
    [InlineData("global", "global")]
    [InlineData("key", "key:vk_1")]
    [InlineData("project", "project:billing")]
    public void PartitionOf_Mode_PicksTheCallersScope(string mode, string expected)
    {
        var policy = new CachePolicy(new CacheOptions { Partition = mode });

        policy.PartitionOf(new Attribution { KeyId = "vk_1", Project = "billing" }).ShouldBe(expected);
    }
}
