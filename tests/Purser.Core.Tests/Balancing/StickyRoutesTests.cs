using Microsoft.Extensions.Time.Testing;
using Purser.Balancing;
using Purser.Chat;
using Purser.Pipeline;

namespace Purser.Core.Tests.Balancing;

public sealed class StickyRoutesTests
{
    private static PurserContext Call(string? key, string system, params string[] turns)
    {
        var request = new ChatRequest { Model = "gpt" };
        request.System.Add(new TextPart(system));
        for (int i = 0; i < turns.Length; i++)
        {
            request.Messages.Add(ChatMessage.FromText(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, turns[i]));
        }

        var context = new PurserContext(request, "req", DateTimeOffset.UnixEpoch, 0);
        context.Attribution.KeyId = key;
        return context;
    }

    [Fact]
    public void KeyOf_LaterTurnsOfAConversation_HaveTheSameKey_AnotherCallerOrPromptDoesNot()
    {
        string first = StickyRoutes.KeyOf(Call("k1", "be brief", "plan the trip"), "gpt");

        StickyRoutes.KeyOf(Call("k1", "be brief", "plan the trip", "Day 1: …", "and day 2?"), "gpt").ShouldBe(first);
        StickyRoutes.KeyOf(Call("k2", "be brief", "plan the trip"), "gpt").ShouldNotBe(first);
        StickyRoutes.KeyOf(Call("k1", "be verbose", "plan the trip"), "gpt").ShouldNotBe(first);
        StickyRoutes.KeyOf(Call("k1", "be brief", "plan the party"), "gpt").ShouldNotBe(first);
        StickyRoutes.KeyOf(Call("k1", "be brief", "plan the trip"), "other").ShouldNotBe(first);
    }

    [Fact]
    public void Find_RememberedUntilAnHourAfterItsLastUse()
    {
        var time = new FakeTimeProvider();
        var sticky = new StickyRoutes(time);
        sticky.Remember("c1", "oa1/gpt-4o");

        time.Advance(TimeSpan.FromMinutes(59));
        sticky.Find("c1").ShouldBe("oa1/gpt-4o");
        sticky.Remember("c1", "oa1/gpt-4o");
        time.Advance(TimeSpan.FromMinutes(59));
        sticky.Find("c1").ShouldBe("oa1/gpt-4o");
        time.Advance(TimeSpan.FromMinutes(2));
        sticky.Find("c1").ShouldBeNull();
    }
}
