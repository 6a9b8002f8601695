using System.Text;
using Purser.ResponseState;
using Purser.Storage.Sqlite;
using Purser.Tests;

namespace Purser.Storage.Tests.Contracts;

/// <summary>The contract of the Response stores, run against SQLite and PostgreSQL.</summary>
public abstract class ResponseStoreContract : StoreContract
{
    private protected static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private protected static StoredResponse Response(string id, int minutes, int bytes = 100, string? previous = null, string? key = null) =>
        new(id, previous, key, Start.AddMinutes(minutes), Start.AddMinutes(minutes).AddDays(30), Encoding.UTF8.GetBytes("[" + new string(' ', bytes) + "]"), Encoding.UTF8.GetBytes("""{"id":"x","output":[]}"""));

    [SkippableFact]
    public async Task WriteAndGet_RoundTripsEveryField()
    {
        using TestStorage db = Open();
        var store = db.Responses();
        StoredResponse original = Response("resp_1", 0, previous: "resp_0", key: "key_a");

        await store.WriteAsync([original], CancellationToken.None);
        StoredResponse? read = await store.GetAsync("resp_1", CancellationToken.None);

        read.ShouldNotBeNull();
        read.PreviousResponseId.ShouldBe("resp_0");
        read.KeyId.ShouldBe("key_a");
        read.CreatedAt.ShouldBe(original.CreatedAt);
        read.ExpiresAt.ShouldBe(original.ExpiresAt);
        read.Input.ShouldBe(original.Input);
        read.Response.ShouldBe(original.Response);
        (await store.GetAsync("resp_other", CancellationToken.None)).ShouldBeNull();
    }

    [SkippableFact]
    public async Task Delete_RemovesOnlyThatResponse()
    {
        using TestStorage db = Open();
        var store = db.Responses();
        await store.WriteAsync([Response("a", 0), Response("b", 1)], CancellationToken.None);

        (await store.DeleteAsync("a", CancellationToken.None)).ShouldBeTrue();
        (await store.DeleteAsync("a", CancellationToken.None)).ShouldBeFalse();

        (await store.GetAsync("a", CancellationToken.None)).ShouldBeNull();
        (await store.GetAsync("b", CancellationToken.None)).ShouldNotBeNull();
    }

    [SkippableFact]
    public async Task Purge_RemovesTheExpiredThenTheOldestPastTheCap()
    {
        using TestStorage db = Open();
        var store = db.Responses();
        StoredResponse expired = Response("expired", 0) with { ExpiresAt = Start.AddMinutes(5) };
        StoredResponse old = Response("old", 1);
        StoredResponse middle = Response("middle", 2);
        StoredResponse recent = Response("recent", 3);
        await store.WriteAsync([expired, old, middle, recent], CancellationToken.None);

        // Room for two of the three live ones: the oldest goes.
        int removed = await store.PurgeAsync(Start.AddMinutes(10), middle.Bytes + recent.Bytes, CancellationToken.None);

        removed.ShouldBe(2);
        (await store.GetAsync("expired", CancellationToken.None)).ShouldBeNull();
        (await store.GetAsync("old", CancellationToken.None)).ShouldBeNull();
        (await store.GetAsync("middle", CancellationToken.None)).ShouldNotBeNull();
        (await store.GetAsync("recent", CancellationToken.None)).ShouldNotBeNull();
    }
}

public sealed class SqliteResponseStoreTests : ResponseStoreContract
{
    private protected override TestStorage Open() => new SqliteTestStorage();
}

public sealed class PostgresResponseStoreTests : ResponseStoreContract
{
    private protected override TestStorage Open() => PostgresTestStorage.Open();
}
