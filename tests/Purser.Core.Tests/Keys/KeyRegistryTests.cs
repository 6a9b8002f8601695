using Microsoft.Extensions.Time.Testing;
using System.Text;
using Purser.Chat;
using Purser.Keys;
using Purser.Pipeline;
using Purser.Tests;

namespace Purser.Core.Tests.Keys;

public sealed class KeyRegistryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Create_TheSecretChecksAndOnlyItsHashIsStored()
    {
        var store = new InMemoryKeyStore();
        var registry = new KeyRegistry(store, _time);

        CreatedKey created = registry.Create(new NewKey { Name = "ci", Project = "alpha" });

        created.Secret.ShouldStartWith("pk-purser-" + created.Key.Id + "-");
        created.Secret.Length.ShouldBe(VirtualKeyFormat.Length);
        KeyCheck check = registry.Check(created.Secret);
        check.Outcome.ShouldBe(KeyCheckOutcome.Valid);
        check.Key!.Project.ShouldBe("alpha");
        VirtualKey stored = store.List().Single();
        stored.Hash.ShouldBe(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(created.Secret)));
        stored.Hash.ShouldNotBe(Encoding.UTF8.GetBytes(created.Secret));
    }

    [Fact]
    public void Check_WrongSecretForAKnownId_IsInvalid()
    {
        var registry = new KeyRegistry(new InMemoryKeyStore(), _time);
        CreatedKey created = registry.Create(new NewKey { Name = "ci" });
        char last = created.Secret[^1];
        string tampered = created.Secret[..^1] + (last == 'A' ? 'B' : 'A');

        registry.Check(tampered).Outcome.ShouldBe(KeyCheckOutcome.Invalid);
    }

    [Theory]
    [InlineData(null, KeyCheckOutcome.NotAVirtualKey)]
    [InlineData("sk-placeholder", KeyCheckOutcome.NotAVirtualKey)]
    [InlineData("pk-purser-short", KeyCheckOutcome.Invalid)]
    [InlineData("pk-purser-0123456789ab-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", KeyCheckOutcome.Invalid)]
    public void Check_OtherValues(string? presented, object expectedValue)
    {
        var expected = (KeyCheckOutcome)expectedValue;
        new KeyRegistry(new InMemoryKeyStore(), _time).Check(presented).Outcome.ShouldBe(expected);
    }

    [Fact]
    public void Revoke_TheKeyStopsWorking()
    {
        var registry = new KeyRegistry(new InMemoryKeyStore(), _time);
        CreatedKey created = registry.Create(new NewKey { Name = "ci" });

        registry.Revoke(created.Key.Id)!.IsRevoked.ShouldBeTrue();

        registry.Check(created.Secret).Outcome.ShouldBe(KeyCheckOutcome.Revoked);
        registry.Revoke("000000000000").ShouldBeNull();
    }

    [Fact]
    public void Check_KeyCreatedByAnotherProcess_IsFoundAfterAReload()
    {
        var store = new InMemoryKeyStore();
        var gateway = new KeyRegistry(store, _time);
        gateway.Check("sk-warm-up").Outcome.ShouldBe(KeyCheckOutcome.NotAVirtualKey);
        gateway.List().ShouldBeEmpty();
        CreatedKey fromCli = new KeyRegistry(store, _time).Create(new NewKey { Name = "cli" });

        _time.Advance(TimeSpan.FromSeconds(1));

        gateway.Check(fromCli.Secret).Outcome.ShouldBe(KeyCheckOutcome.Valid);
    }

    [Fact]
    public void Apply_KeyAttributionBinds_HeaderTagsAdd()
    {
        var key = new VirtualKey { Id = "0123456789ab", Name = "ci", Hash = [], Project = "alpha", Tags = ["ci"], Models = ["openai/*"] };
        var context = new PurserContext(new ChatRequest(), "r", default, 0)
        {
            Attribution = new Attribution { Project = "escape", Agent = "bot", Tags = ["nightly", "ci"] },
        };

        KeyRegistry.Apply(context, key);

        Attribution who = context.Attribution;
        (who.KeyId, who.KeyName, who.Project, who.Agent).ShouldBe(("0123456789ab", "ci", "alpha", "bot"));
        who.Tags.ShouldBe(["ci", "nightly"]);
        context.AllowedModels.ShouldBe(["openai/*"]);
    }

    [Theory]
    [InlineData("openai/gpt-4o", true)]
    [InlineData("OpenAI/GPT-4o", true)]
    [InlineData("anthropic/claude-sonnet-4-5", false)]
    [InlineData("cheap", true)]
    [InlineData("local/llama", true)]
    public void ModelAccess_NamesAliasesAndWildcards(string model, bool allowed)
    {
        ModelAccess.Allows(["openai/gpt-4o", "cheap", "local/*"], model).ShouldBe(allowed);
        ModelAccess.Allows([], model).ShouldBeTrue();
        ModelAccess.Allows(["*"], model).ShouldBeTrue();
    }

    [Theory]
    [InlineData("5", "5", "daily", "usd", null)]
    [InlineData("$2.5/weekly", "2.5", "weekly", "usd", null)]
    [InlineData("100000tok/monthly", "100000", "monthly", "tokens", null)]
    [InlineData("pro", null, null, null, "pro")]
    public void TryParseBudget_Forms(string spec, string? limit, string? window, string? unit, string? plan)
    {
        KeyService.TryParseBudget(spec, out var item, out string? error).ShouldBeTrue(error);
        item!.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(limit);
        (item.Window, item.Unit, item.Plan).ShouldBe((window, unit, plan));
    }

    [Theory]
    [InlineData("five")]
    [InlineData("5/hourly")]
    [InlineData("-3")]
    public void TryParseBudget_Rejects(string spec)
    {
        KeyService.TryParseBudget(spec, out _, out string? error).ShouldBeFalse();
        error.ShouldNotBeNull();
    }
}
