using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Purser.Gateway.Security;

/// <summary>Adds <see cref="RequestScreen"/> to the gateway's middleware.</summary>
internal static class RequestScreenExtensions
{
    public static IApplicationBuilder UsePurserRequestScreen(this IApplicationBuilder app)
    {
        RequestScreen screen = app.ApplicationServices.GetRequiredService<RequestScreen>();
        return app.Use(screen.InvokeAsync);
    }
}
