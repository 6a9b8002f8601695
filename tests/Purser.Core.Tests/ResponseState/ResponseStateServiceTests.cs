using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Configuration;
using Purser.Tests;
using Purser.ResponseState;

namespace Purser.Core.Tests.ResponseState;

public sealed class ResponseStateServiceTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryResponseStore _store = new();

    private ResponseStateService Create(double ttlDays = 30) =>
        new(_store, new PurserOptions { Responses = new ResponseStateOptions { StateTtlDays = ttlDays } }, _time, NullLogger<ResponseStateService>.Instance);

    private static byte[] Items(string text) => Encoding.UTF8.GetBytes(new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }).ToJsonString());

    private static byte[] Answer(string id, string text) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["id"] = id,
        ["output"] = new JsonArray(new JsonObject { ["type"] = "message", ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text }) }),
    }.ToJsonString());

    [Fact]
    public async Task ConversationAsync_ChainsEveryStoredTurnOldestFirst()
    {
        await using ResponseStateService state = Create();
        state.Save("r1", null, null, Items("first question"), Answer("r1", "first answer"));
        state.Save("r2", "r1", null, Items("second question"), Answer("r2", "second answer"));

        List<JsonNode>? items = await state.ConversationAsync("r2", null, CancellationToken.None);

        items.ShouldNotBeNull();
        string joined = string.Join("|", items.Select(i => i.ToJsonString()));
        string[] order = ["first question", "first answer", "second question", "second answer"];
        order.Select(t => joined.IndexOf(t, StringComparison.Ordinal)).ShouldBeInOrder();
        items.Count.ShouldBe(4);
    }

    [Fact]
    public async Task ConversationAsync_AMissingEarlierTurnMakesTheWholeChainUnknown()
    {
        await using ResponseStateService state = Create();
        state.Save("r2", "r1-gone", null, Items("q"), Answer("r2", "a"));

        (await state.ConversationAsync("r2", null, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task GetAsync_AnotherKeysResponseIsUnknown()
    {
        await using ResponseStateService state = Create();
        state.Save("r1", null, "key_a", Items("q"), Answer("r1", "a"));

        (await state.GetAsync("r1", "key_a", CancellationToken.None)).ShouldNotBeNull();
        (await state.GetAsync("r1", "key_b", CancellationToken.None)).ShouldBeNull();
        (await state.GetAsync("r1", null, CancellationToken.None)).ShouldBeNull();
        (await state.DeleteAsync("r1", "key_b", CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task GetAsync_PastTheTtlTheResponseIsUnknown()
    {
        await using ResponseStateService state = Create(ttlDays: 1);
        state.Save("r1", null, null, Items("q"), Answer("r1", "a"));

        _time.Advance(TimeSpan.FromHours(23));
        (await state.GetAsync("r1", null, CancellationToken.None)).ShouldNotBeNull();
        _time.Advance(TimeSpan.FromHours(2));
        (await state.GetAsync("r1", null, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Save_IsWrittenToTheStoreAndDeleteRemovesIt()
    {
        await using (ResponseStateService state = Create())
        {
            state.Save("r1", null, null, Items("q"), Answer("r1", "a"));
        }

        // Disposing drains the queue: the store has it.
        (await _store.GetAsync("r1", CancellationToken.None)).ShouldNotBeNull();
        await using ResponseStateService again = Create();
        (await again.DeleteAsync("r1", null, CancellationToken.None)).ShouldBeTrue();
        (await _store.GetAsync("r1", CancellationToken.None)).ShouldBeNull();
        (await again.GetAsync("r1", null, CancellationToken.None)).ShouldBeNull();
    }
}
