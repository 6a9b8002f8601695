// Purser in process, both ways:
//  1. PurserChatClient: Purser's own providers, routing, cache, budgets and ledger behind an IChatClient.
//  2. UsePurser: the app keeps its own IChatClient (here the OpenAI SDK's) and gains Purser's money control around it.
// It runs offline: without OPENAI_API_KEY the first way uses Purser's simulated provider and the second is skipped.
using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Purser.Extensions.AI;

string home = Path.Combine(Path.GetTempPath(), "purser-sample-console");
IConfiguration configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Purser:Home"] = home, // ledger (purser.db) and cache live here; the gateway's ~/.purser when left out
        ["Purser:Providers:sim:Kind"] = "simulated",
        ["Purser:Providers:sim:Models:0"] = "sim-chat",
        ["Purser:Providers:sim:Simulated:PriceAs"] = "openai/gpt-4o-mini", // priced as if it were that model
        ["Purser:Budgets:Items:daily:Limit"] = "1.00", // a hard $1 a day
    })
    .AddEnvironmentVariables() // Purser__… variables override, as for the gateway
    .Build();

// 1. PurserChatClient from DI, composed as the gateway composes.
var services = new ServiceCollection();
services.AddLogging();
services.AddPurserChatClient(configuration, o => o.DefaultModel = "sim/sim-chat").UseFunctionInvocation();
await using (ServiceProvider provider = services.BuildServiceProvider())
{
    IChatClient chat = provider.GetRequiredService<IChatClient>();
    ChatOptions options = new ChatOptions().WithPurser(new PurserCallOptions { User = "sample", Project = "console", Tags = ["demo"] });
    ChatResponse response = await chat.GetResponseAsync("Give me one tip for saving money on LLM calls.", options);
    PurserCallInfo info = response.GetPurserInfo()!;
    Console.WriteLine($"[PurserChatClient] {response.Text}");
    Console.WriteLine($"  served by {info.ServedBy}, cost ${info.CostUsd}, cache {info.Cache}, tokens {response.Usage?.TotalTokenCount}, request {info.RequestId}");

    Console.Write("[PurserChatClient, streamed] ");
    await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Stream a short greeting.", options))
    {
        Console.Write(update.Text);
        if (update.GetPurserInfo() is { } streamed)
        {
            Console.WriteLine($"\n  cost ${streamed.CostUsd}");
        }
    }
}

// 2. UsePurser around the OpenAI SDK's client.
if (Environment.GetEnvironmentVariable("OPENAI_API_KEY") is { Length: > 0 } key)
{
    using IChatClient client = new OpenAI.Chat.ChatClient("gpt-4o-mini", new ApiKeyCredential(key)).AsIChatClient()
        .AsBuilder()
        .UsePurser(o => o.Configuration = configuration)
        .Build();
    try
    {
        ChatResponse response = await client.GetResponseAsync("Say hello in five words.");
        Console.WriteLine($"[UsePurser] {response.Text} (cost ${response.GetPurserInfo()!.CostUsd})");
    }
    catch (PurserBudgetExceededException ex)
    {
        Console.WriteLine($"[UsePurser] refused by budget '{ex.Budget}': {ex.Message}");
    }
}
else
{
    Console.WriteLine("[UsePurser] skipped: set OPENAI_API_KEY to wrap the OpenAI SDK's client.");
}
