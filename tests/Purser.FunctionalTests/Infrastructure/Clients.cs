using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>The official SDKs pointed at the gateway.</summary>
public static class Clients
{
    public static ChatClient OpenAIChat(string gatewayUrl, string model = GatewayHarness.Model) =>
        new(model, new ApiKeyCredential("client-key-not-checked"), new OpenAIClientOptions
        {
            Endpoint = new Uri(gatewayUrl + "/v1"),
            NetworkTimeout = TimeSpan.FromSeconds(60),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });

#pragma warning disable OPENAI001 // the Responses client is marked experimental in the SDK
    public static OpenAI.Responses.ResponsesClient OpenAIResponses(string gatewayUrl) =>
        new(new ApiKeyCredential("client-key-not-checked"), new OpenAI.Responses.ResponsesClientOptions
        {
            Endpoint = new Uri(gatewayUrl + "/v1"),
            NetworkTimeout = TimeSpan.FromSeconds(60),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });
#pragma warning restore OPENAI001
}

/// <summary>The official Anthropic SDK pointed at the gateway.</summary>
public static class AnthropicClients
{
    public static Anthropic.AnthropicClient Create(string gatewayUrl) => new()
    {
        ApiKey = "client-key-not-checked",
        BaseUrl = gatewayUrl,
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(60),
    };
}
