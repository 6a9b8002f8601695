using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Purser.Caching;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Gateway.Admin;
using Purser.Gateway.Assistant;
using Purser.Gateway.Endpoints;
using Purser.Reports;
using Purser.Gateway.Inbound;
using Purser.Routing;

namespace Purser.Gateway;

/// <summary>Maps the gateway's endpoints.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapPurserGateway(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/chat/completions", (HttpContext http, ChatEndpointHandler handler) => handler.HandleAsync(http, OpenAIInbound.Instance));
        endpoints.MapPost("/v1/messages", (HttpContext http, ChatEndpointHandler handler) => handler.HandleAsync(http, AnthropicInbound.Instance));
        endpoints.MapPost("/v1/embeddings", (HttpContext http, ChatEndpointHandler handler, GatewayOptions options) => EmbeddingsEndpoint.HandleAsync(http, handler, options));
        endpoints.MapPost("/v1/responses", (HttpContext http, ResponsesEndpoints responses) => responses.CreateAsync(http));
        endpoints.MapGet("/v1/responses/{id}", (HttpContext http, string id, ResponsesEndpoints responses) => responses.GetAsync(http, id));
        endpoints.MapDelete("/v1/responses/{id}", (HttpContext http, string id, ResponsesEndpoints responses) => responses.DeleteAsync(http, id));
        endpoints.MapGet("/v1/responses/{id}/input_items", (HttpContext http, string id, ResponsesEndpoints responses) => responses.InputItemsAsync(http, id));
        endpoints.MapPost("/v1/messages/count_tokens", (HttpContext http, ModelResolver resolver, GatewayOptions options) => CountTokensEndpoint.HandleAsync(http, resolver, options, AnthropicInbound.Instance));
        endpoints.MapPost("/v1beta/models/{**rest}", (HttpContext http, ChatEndpointHandler handler, ModelResolver resolver, GatewayOptions options) => GeminiEndpoints.PostAsync(http, handler, resolver, options));
        endpoints.MapGet("/v1beta/models", (HttpContext http, PurserOptions options, ModelResolver resolver, Pricing.PricingCatalog catalog) => GeminiEndpoints.ListAsync(http, options, resolver, catalog));
        endpoints.MapGet("/v1beta/models/{**rest}", (HttpContext http, PurserOptions options, ModelResolver resolver, Pricing.PricingCatalog catalog) => GeminiEndpoints.GetAsync(http, options, resolver, catalog));
        endpoints.MapGet("/v1/models", (HttpContext http, PurserOptions options, ModelResolver resolver, TimeProvider time) => ModelsEndpoint.HandleAsync(http, options, resolver, time));
        endpoints.MapGet("/health", (HttpContext http) => HealthEndpoint.HandleAsync(http));
        endpoints.MapGet("/health/ready", (HttpContext http, IProviderRegistry providers, Ledger.LedgerWriter ledger, Http.InFlightBodyBytes inFlight, Storage.IStorageDatabase database) => HealthEndpoint.ReadyAsync(http, providers, ledger, inFlight, database));
        RouteGroupBuilder admin = endpoints.MapGroup("/api");
        admin.AddEndpointFilter(async (context, next) =>
            await AdminAuth.AuthorizeRequestAsync(context.HttpContext) ? await next(context) : Results.Empty);
        admin.MapGet("/costs", (HttpContext http, CostReporter reporter) => CostsEndpoint.HandleAsync(http, reporter));
        admin.MapGet("/costs/series", (HttpContext http, CostReporter reporter) => CostsEndpoint.SeriesAsync(http, reporter));
        admin.MapGet("/calls", (HttpContext http, Calls.ICallStore calls, TimeProvider time) => CallsEndpoints.ListAsync(http, calls, time));
        admin.MapGet("/calls/{requestId}", (HttpContext http, string requestId, Calls.ICallStore calls) => CallsEndpoints.GetAsync(http, requestId, calls));
        admin.MapGet("/prompts", (HttpContext http, Prompts.PromptLibrary library) => PromptsEndpoints.ListAsync(http, library));
        admin.MapGet("/prompts/file", (HttpContext http, Prompts.PromptLibrary library) => PromptsEndpoints.FileAsync(http, library));
        admin.MapPut("/prompts/file", (HttpContext http, Prompts.PromptLibrary library) => PromptsEndpoints.SaveFileAsync(http, library));
        admin.MapGet("/prompts/{name}", (HttpContext http, string name, Prompts.PromptLibrary library) => PromptsEndpoints.GetAsync(http, name, library));
        admin.MapGet("/cache/stats", (HttpContext http, ResponseCache cache) => CacheEndpoints.StatsAsync(http, cache));
        admin.MapPost("/cache/clear", (HttpContext http, ResponseCache cache, TimeProvider time) => CacheEndpoints.ClearAsync(http, cache, time));
        admin.MapGet("/providers", (HttpContext http, Resilience.ProviderHealthReporter reporter, TimeProvider time) => ProvidersEndpoint.HandleAsync(http, reporter, time));
        admin.MapGet("/keys", (HttpContext http, Keys.KeyService keys) => KeysEndpoints.ListAsync(http, keys));
        admin.MapPost("/keys", (HttpContext http, Keys.KeyService keys) => KeysEndpoints.CreateAsync(http, keys));
        admin.MapDelete("/keys/{id}", (HttpContext http, string id, Keys.KeyService keys) => KeysEndpoints.RevokeAsync(http, id, keys));
        admin.MapPost("/sessions", (HttpContext http, Sessions.SessionService sessions) => SessionsEndpoints.StartAsync(http, sessions));
        admin.MapGet("/sessions", (HttpContext http, Sessions.SessionService sessions) => SessionsEndpoints.ListAsync(http, sessions));
        admin.MapGet("/sessions/{id}", (HttpContext http, string id, Sessions.SessionService sessions) => SessionsEndpoints.ShowAsync(http, id, sessions));
        admin.MapPost("/sessions/{id}/end", (HttpContext http, string id, Sessions.SessionService sessions) => SessionsEndpoints.EndAsync(http, id, sessions));
        admin.MapGet("/budgets", (HttpContext http, Budgets.BudgetManager budgets) => BudgetsEndpoints.ListAsync(http, budgets));
        admin.MapGet("/budgets/status", (HttpContext http, Budgets.BudgetManager budgets) => BudgetsEndpoints.StatusAsync(http, budgets));
        admin.MapPut("/budgets/{name}", (HttpContext http, string name, Budgets.BudgetManager budgets) => BudgetsEndpoints.SetAsync(http, name, budgets));
        admin.MapDelete("/budgets/{name}", (HttpContext http, string name, Budgets.BudgetManager budgets) => BudgetsEndpoints.RemoveAsync(http, name, budgets));
        admin.MapGet("/alerts", (HttpContext http, Alerts.IAlertStore alerts) => BudgetsEndpoints.AlertsAsync(http, alerts));
        admin.MapPost("/review", (HttpContext http, AssistantEndpoints assistant) => assistant.ReviewAsync(http));
        admin.MapPost("/debug", (HttpContext http, AssistantEndpoints assistant) => assistant.DebugAsync(http));
        admin.MapPost("/architecture", (HttpContext http, AssistantEndpoints assistant) => assistant.ArchitectureAsync(http));
        admin.MapGenerationEndpoints(endpoints);
        endpoints.MapMcp(Mcp.McpAuthentication.Path);
        endpoints.MapFallback("/v1/{**path}", (HttpContext http) => NotFoundEndpoint.HandleAsync(http));
        endpoints.MapFallback("/v1beta/{**path}", (HttpContext http) => GeminiEndpoints.NotFoundAsync(http));
        return endpoints;
    }

    internal static IServiceCollection AddGatewayEndpoints(this IServiceCollection services)
    {
        services.AddSingleton<ChatEndpointHandler>();
        services.AddSingleton<AssistantEndpoints>();
        services.AddGenerationEndpoints();
        services.AddSingleton<ResponsesEndpoints>();
        services.AddHostedService<ResponseStateShutdown>();
        services.AddPurserMcp().WithHttpTransport(o => o.Stateless = true);
        return services;
    }

    /// <summary>Purser's MCP server (its tools and who calls them), without a transport: /mcp adds HTTP, <c>purser mcp</c> stdio.</summary>
    public static IMcpServerBuilder AddPurserMcp(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<Mcp.McpCaller>();
        return services.AddMcpServer(o => o.ServerInfo = new ModelContextProtocol.Protocol.Implementation
        {
            Name = "purser",
            Title = "Purser",
            Version = typeof(GatewayEndpointRouteBuilderExtensions).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
        }).WithTools<Mcp.PurserMcpTools>().WithTools<Mcp.PurserMcpGenerationTools>();
    }
}
