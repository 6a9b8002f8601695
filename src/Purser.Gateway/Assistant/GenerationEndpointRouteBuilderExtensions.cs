using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Purser.Gateway.Admin;

namespace Purser.Gateway.Assistant;

/// <summary>Maps the validator, generation and template endpoints under /api, and the Code Insight worker's paths (seed 002) at the root.</summary>
internal static class GenerationEndpointRouteBuilderExtensions
{
    public static void MapGenerationEndpoints(this RouteGroupBuilder admin, IEndpointRouteBuilder root)
    {
        admin.MapPost("/validate", (HttpContext http, GenerationEndpoints e) => e.ValidateAsync(http));
        admin.MapPost("/generate", (HttpContext http, GenerationEndpoints e) => e.GenerateAsync(http));
        admin.MapGet("/templates", (HttpContext http, GenerationEndpoints e) => e.ListTemplatesAsync(http));
        admin.MapGet("/templates/similar", (HttpContext http, GenerationEndpoints e) => e.SimilarTemplatesAsync(http));
        admin.MapGet("/templates/export", (HttpContext http, GenerationEndpoints e) => e.ExportTemplatesAsync(http));
        admin.MapPost("/templates/import", (HttpContext http, GenerationEndpoints e) => e.ImportTemplatesAsync(http));
        admin.MapGet("/templates/{id}", (HttpContext http, string id, GenerationEndpoints e) => e.ShowTemplateAsync(http, id));
        admin.MapPut("/templates/{id}", (HttpContext http, string id, GenerationEndpoints e) => e.EditTemplateAsync(http, id));
        admin.MapDelete("/templates/{id}", (HttpContext http, string id, GenerationEndpoints e) => e.DeleteTemplateAsync(http, id));

        // Seed 002's Code Insight worker API, guarded like /api.
        RouteGroupBuilder insight = root.MapGroup("");
        insight.AddEndpointFilter(async (context, next) =>
            await AdminAuth.AuthorizeRequestAsync(context.HttpContext) ? await next(context) : Results.Empty);
        insight.MapPost("/process-review", (HttpContext http, CodeInsightEndpoints e) => e.ProcessReviewAsync(http));
        insight.MapPost("/process-debug", (HttpContext http, CodeInsightEndpoints e) => e.ProcessDebugAsync(http));
        insight.MapPost("/generate-architecture", (HttpContext http, CodeInsightEndpoints e) => e.GenerateArchitectureAsync(http));
    }

    public static IServiceCollection AddGenerationEndpoints(this IServiceCollection services)
    {
        services.AddSingleton<GenerationEndpoints>();
        services.AddSingleton<CodeInsightEndpoints>();
        return services;
    }
}
