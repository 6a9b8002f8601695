using System.ClientModel;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using Purser.Extensions.AI;
using Purser.FunctionalTests.Infrastructure;
using Purser.Hosting;
using Purser.Keys;
using Purser.Ledger;
using Purser.Pricing;
using Purser.Providers.Registration;
using Purser.Storage.Hosting;
using Purser.Usage;

namespace Purser.FunctionalTests.InProcess;

/// <summary>
/// Purser in process through Microsoft.Extensions.AI: <see cref="PurserChatClient"/> over a configured provider (a fake
/// OpenAI upstream on 127.0.0.1), and <c>UsePurser</c> around the OpenAI SDK's own IChatClient pointed at the same fake.
/// </summary>
public sealed class ChatClientTests(ChatClientTests.Upstream upstream) : IClassFixture<ChatClientTests.Upstream>
{
    private const string Model = "gpt-4o-mini";
    private static readonly FakeAnswer Hello = new("Hello from the fake upstream, in process.");

    /// <summary>One fake OpenAI upstream for the class; it calls a tool when offered one and no result is in yet.</summary>
    public sealed class Upstream : IAsyncLifetime
    {
        private readonly OpenAIUpstreamWire _wire = new();

        public FakeUpstream Fake { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Fake = await FakeUpstream.StartAsync();
            Fake.Handler = (http, request) =>
            {
                JsonObject body = request.Json;
                JsonArray messages = body["messages"]!.AsArray();
                JsonObject? toolResult = messages.Select(m => m!.AsObject()).LastOrDefault(m => (string?)m["role"] == "tool");
                FakeAnswer answer = body["tools"] is JsonArray { Count: > 0 } && toolResult is null
                    ? new FakeAnswer("") { ToolCalls = [new FakeToolCall("call_w1", "get_weather", "{\"city\":\"Paris\"}")] }
                    : toolResult is not null ? new FakeAnswer("The tool said: " + (string?)toolResult["content"]) : Hello;
                return _wire.AnswerAsync(http, request, new FakeScenario { Answer = answer });
            };
        }

        public async Task DisposeAsync() => await Fake.DisposeAsync();
    }

    private sealed class Host : IAsyncDisposable
    {
        public required ServiceProvider Services { get; init; }

        public required string Home { get; init; }

        public IChatClient Client => Services.GetRequiredService<IChatClient>();

        public async Task<List<Dictionary<string, object?>>> LedgerAsync()
        {
            await Services.GetRequiredService<LedgerWriter>().FlushAsync();
            return LedgerDb.Rows(Home);
        }

        public async ValueTask DisposeAsync()
        {
            await Services.GetRequiredService<LedgerWriter>().DisposeAsync();
            await Services.DisposeAsync();
            Directory.Delete(Home, recursive: true);
        }
    }

    private static string NewHome() => Directory.CreateTempSubdirectory("purser-meai-").FullName;

    private Dictionary<string, string?> Settings(string home) => new()
    {
        ["Purser:Home"] = home,
        ["Purser:Providers:openai:Kind"] = "openai",
        ["Purser:Providers:openai:BaseUrl"] = upstream.Fake.Url + "/v1",
        ["Purser:Providers:openai:ApiKey"] = "sk-fake",
        ["Purser:Providers:openai:Models:0"] = Model,
    };

    /// <summary>A host composed as the gateway composes: AddPurser(configuration) and the features' builder extensions.</summary>
    private Host StartHost(Action<Dictionary<string, string?>>? configure = null)
    {
        string home = NewHome();
        Dictionary<string, string?> settings = Settings(home);
        configure?.Invoke(settings);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddPurser(configuration, getEnvironmentVariable: _ => null)
            .AddProviders()
            .AddSecretGuard()
            .AddCompression()
            .AddPrompts()
            .AddSqliteStorage()
            .AddBudgets(_ => null)
            .AddRateLimits();
        services.AddPurserChatClient(o => o.DefaultModel = Model);
        return new Host { Services = services.BuildServiceProvider(), Home = home };
    }

    [Fact]
    public async Task Streaming_YieldsTheTextAsItComes_ThenUsageCostAndTheLedgerRow()
    {
        await using Host host = StartHost();
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in host.Client.GetStreamingResponseAsync("Say hello."))
        {
            updates.Add(update);
        }

        updates.Count(u => u.Text.Length > 0).ShouldBeGreaterThan(1, "the text arrives in several updates, as streamed");
        string.Concat(updates.Select(u => u.Text)).ShouldBe(Hello.Text);
        ChatResponse whole = updates.ToChatResponse();
        whole.Usage!.InputTokenCount.ShouldBe(Hello.InputTokens);
        whole.Usage.OutputTokenCount.ShouldBe(Hello.OutputTokens);
        whole.Usage.CachedInputTokenCount.ShouldBe(Hello.CachedTokens);
        whole.FinishReason.ShouldBe(ChatFinishReason.Stop);
        PurserCallInfo info = updates[^1].GetPurserInfo().ShouldNotBeNull();
        info.ServedBy.ShouldBe("openai/" + Model);
        decimal expected = PricingCatalog.LoadBuiltIn().Compute(new TokenUsage(Hello.InputTokens, Hello.OutputTokens, Hello.CachedTokens, reasoningTokens: Hello.ReasoningTokens), "openai", Model).Total!.Value;
        info.CostUsd.ShouldBe(expected);
        Dictionary<string, object?> row = (await host.LedgerAsync()).Single();
        row["request_id"].ShouldBe(info.RequestId);
        row["stream"].ShouldBe(1L);
        LedgerDb.Cost(row).ShouldBe(expected);
        upstream.Fake.Received.Last().Json["stream"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FunctionInvocation_ToolCallRoundTripsThroughPurser(bool stream)
    {
        await using Host host = StartHost();
        int before = upstream.Fake.CallCount;
        using IChatClient client = new ChatClientBuilder(host.Client).UseFunctionInvocation().Build();
        string? calledWith = null;
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => { calledWith = city; return $"sunny in {city}"; }, "get_weather", "The weather in a city.")] };

        ChatResponse response = stream
            ? await client.GetStreamingResponseAsync("Weather in Paris?", options).ToChatResponseAsync()
            : await client.GetResponseAsync("Weather in Paris?", options);

        calledWith.ShouldBe("Paris");
        response.Text.ShouldContain("The tool said: sunny in Paris");
        ReceivedRequest[] sent = [.. upstream.Fake.Received.Skip(before)];
        sent.Length.ShouldBe(2);
        sent[0].Json["tools"]![0]!["function"]!["name"]!.GetValue<string>().ShouldBe("get_weather");
        JsonObject call = sent[1].Json["messages"]!.AsArray().Single(m => (string?)m!["role"] == "assistant")!["tool_calls"]![0]!.AsObject();
        call["id"]!.GetValue<string>().ShouldBe("call_w1");
        JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!["city"]!.GetValue<string>().ShouldBe("Paris");
        JsonObject result = sent[1].Json["messages"]!.AsArray().Single(m => (string?)m!["role"] == "tool")!.AsObject();
        result["tool_call_id"]!.GetValue<string>().ShouldBe("call_w1");
        result["content"]!.GetValue<string>().ShouldContain("sunny in Paris");
        (await host.LedgerAsync()).Count.ShouldBe(2, "each model call is priced and recorded");
    }

    [Fact]
    public async Task BudgetRefusal_IsATypedExceptionNamingTheBudget_AndTheLedgerNeverOvershoots()
    {
        const decimal limit = 0.0001m;
        await using Host host = StartHost(s =>
        {
            s["Purser:Budgets:Items:daily-cap:Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            s["Purser:Budgets:Items:daily-cap:CheapBelow"] = "0";
            s["Purser:Budgets:Items:daily-cap:EmergencyBelow"] = "0";
        });
        int before = upstream.Fake.CallCount;
        var options = new ChatOptions { MaxOutputTokens = 100 };
        PurserBudgetExceededException? refused = null;
        int answered = 0;
        for (int i = 0; i < 10 && refused is null; i++)
        {
            try
            {
                await host.Client.GetResponseAsync($"Call {i}: say hello.", options);
                answered++;
            }
            catch (PurserBudgetExceededException ex)
            {
                refused = ex;
            }
        }

        refused.ShouldNotBeNull("a hard budget of $0.0001 cannot pay for ten calls");
        refused.Budget.ShouldBe("daily-cap");
        refused.StatusCode.ShouldBe(429);
        refused.Message.ShouldContain("daily-cap");
        answered.ShouldBeGreaterThan(0);
        (upstream.Fake.CallCount - before).ShouldBe(answered, "the refused call never went upstream");
        List<Dictionary<string, object?>> rows = await host.LedgerAsync();
        rows.Sum(r => LedgerDb.Cost(r) ?? 0).ShouldBeLessThanOrEqualTo(limit);
        rows.Single(r => (string?)r["request_id"] == refused.RequestId)["status"].ShouldBe(429L);
    }

    [Fact]
    public async Task Attribution_ViaChatOptions_LandsInTheLedger_TypedAndPlainKeysAndAVirtualKey()
    {
        await using Host host = StartHost();
        CreatedKey key = host.Services.GetRequiredService<KeyRegistry>().Create(new NewKey { Name = "reports-job", Project = "keyed" });

        ChatResponse typed = await host.Client.GetResponseAsync("One.", new ChatOptions().WithPurser(new PurserCallOptions { User = "alice", Project = "apollo", Tags = ["nightly", "eval"] }));
        ChatResponse plain = await host.Client.GetResponseAsync("Two.", new ChatOptions { AdditionalProperties = new() { [PurserProperties.User] = "bob", [PurserProperties.Tags] = "adhoc" } });
        ChatResponse keyed = await host.Client.GetResponseAsync("Three.", new ChatOptions().WithPurser(new PurserCallOptions { Key = key.Secret, Project = "claimed" }));

        Dictionary<string, Dictionary<string, object?>> rows = (await host.LedgerAsync()).ToDictionary(r => (string)r["request_id"]!);
        Dictionary<string, object?> first = rows[typed.GetPurserInfo()!.RequestId];
        first["user_name"].ShouldBe("alice");
        first["project"].ShouldBe("apollo");
        ((string)first["tags"]!).ShouldContain("nightly");
        ((string)first["tags"]!).ShouldContain("eval");
        Dictionary<string, object?> second = rows[plain.GetPurserInfo()!.RequestId];
        second["user_name"].ShouldBe("bob");
        ((string)second["tags"]!).ShouldContain("adhoc");
        Dictionary<string, object?> third = rows[keyed.GetPurserInfo()!.RequestId];
        third["key_id"].ShouldBe(key.Key.Id);
        third["project"].ShouldBe("keyed", "the key's own project wins over one the caller claims");

        PurserException bad = await Should.ThrowAsync<PurserException>(() => host.Client.GetResponseAsync("Four.", new ChatOptions().WithPurser(new PurserCallOptions { Key = "pk-purser-notakey" })));
        bad.StatusCode.ShouldBe(401);
    }

    [Fact]
    public async Task SecondIdenticalCall_IsACacheHit_NothingSentUpstreamAndNothingBilled()
    {
        await using Host host = StartHost();
        var options = new ChatOptions { Temperature = 0 };
        int before = upstream.Fake.CallCount;
        ChatResponse first = await host.Client.GetResponseAsync("Cache me, please.", options);
        ChatResponse second = await host.Client.GetResponseAsync("Cache me, please.", options);

        upstream.Fake.CallCount.ShouldBe(before + 1);
        second.Text.ShouldBe(first.Text);
        first.GetPurserInfo()!.Cache.ShouldBe("miss");
        PurserCallInfo hit = second.GetPurserInfo()!;
        hit.Cache.ShouldBe("hit");
        hit.CostUsd.ShouldBe(0m);
        hit.SavedUsd.ShouldBe(first.GetPurserInfo()!.CostUsd);
        second.Usage!.OutputTokenCount.ShouldBe(Hello.OutputTokens, "the usage of the answer replayed");
    }

    [Fact]
    public async Task AddPurserChatClient_FromConfiguration_ComposesTheProvidersAndTheLedger()
    {
        string home = NewHome();
        try
        {
            IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(home)).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddPurserChatClient(configuration, o => o.DefaultModel = Model).UseFunctionInvocation();
            await using ServiceProvider provider = services.BuildServiceProvider();
            ChatResponse response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hello?");
            response.Text.ShouldBe(Hello.Text);
            response.GetPurserInfo()!.ServedBy.ShouldBe("openai/" + Model);
            await provider.GetRequiredService<LedgerWriter>().DisposeAsync();
            LedgerDb.Rows(home).Single()["request_id"].ShouldBe(response.GetPurserInfo()!.RequestId);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UsePurser_AroundTheOpenAISdkClient_PricesGuardsAndRecordsTheCall(bool stream)
    {
        string home = NewHome();
        try
        {
            IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Purser:Home"] = home }).Build();
            IChatClient openAi = new OpenAI.Chat.ChatClient(Model, new ApiKeyCredential("sk-fake"), new OpenAIClientOptions { Endpoint = new Uri(upstream.Fake.Url + "/v1") }).AsIChatClient();
            PurserCallInfo info;
            ChatResponse response;
            int before = upstream.Fake.CallCount;
            using (IChatClient client = openAi.AsBuilder().UsePurser(o =>
            {
                o.Configuration = configuration;
                o.GetEnvironmentVariable = _ => null;
            }).Build())
            {
                var options = new ChatOptions().WithPurser(new PurserCallOptions { User = "carol" });
                string secret = Guards.SecretGuardTests.GitHubToken;
                if (stream)
                {
                    List<ChatResponseUpdate> updates = [.. await client.GetStreamingResponseAsync($"Hello, my token is {secret}", options).ToListAsync()];
                    response = updates.ToChatResponse();
                    info = updates[^1].GetPurserInfo().ShouldNotBeNull();
                }
                else
                {
                    response = await client.GetResponseAsync($"Hello, my token is {secret}", options);
                    info = response.GetPurserInfo().ShouldNotBeNull();
                }

                upstream.Fake.Received.Last().Body.ShouldNotContain(secret, Case.Sensitive, "the secret guard redacts before the wrapped client sends");
            }

            upstream.Fake.CallCount.ShouldBe(before + 1);
            info.Guard.ShouldNotBeNull().ShouldContain("redact");
            response.Text.ShouldBe(Hello.Text);
            info.ServedBy.ShouldBe("openai/" + Model, "priced under the wrapped client's provider name");
            decimal expected = PricingCatalog.LoadBuiltIn().Compute(new TokenUsage(Hello.InputTokens, Hello.OutputTokens, Hello.CachedTokens, reasoningTokens: Hello.ReasoningTokens), "openai", Model).Total!.Value;
            info.CostUsd.ShouldBe(expected);
            Dictionary<string, object?> row = LedgerDb.Rows(home).Single();
            row["request_id"].ShouldBe(info.RequestId);
            row["user_name"].ShouldBe("carol");
            LedgerDb.Cost(row).ShouldBe(expected);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
