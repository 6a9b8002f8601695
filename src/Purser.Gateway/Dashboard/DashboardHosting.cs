using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Purser.Calls;

namespace Purser.Gateway.Dashboard;

/// <summary>
/// Registers and maps the dashboard: Razor components rendered on the server (static SSR, no WebAssembly, no SignalR
/// circuit), a cookie session for the master key, anti-forgery on every form, the embedded assets and the live check.
/// </summary>
internal static class DashboardHosting
{
    public static void AddPurserDashboard(this IServiceCollection services, DashboardOptions options, string home)
    {
        services.AddSingleton(options);
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "purser_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });

        // Session cookies and anti-forgery tokens are sealed with keys kept beside the database, so a restart does
        // not sign everybody out. The folder is readable by the owner alone.
        string keys = Path.Combine(home, "dashboard-keys");
        DirectoryInfo folder = Directory.CreateDirectory(keys);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        services.AddDataProtection().SetApplicationName("purser-dashboard").PersistKeysToFileSystem(folder);
        services.AddAuthentication().AddCookie(DashboardAuth.Scheme, o => DashboardAuth.Configure(o, options));
    }

    public static void MapPurserDashboard(this WebApplication app)
    {
        app.UseDashboardAccess();
        app.UseAntiforgery();
        app.MapGet("/assets/{name}", (HttpContext http, string name) => DashboardAssets.ServeAsync(http, name));
        app.MapGet("/dashboard/live", async (HttpContext http, ICallStore calls) =>
            Results.Json(new LiveVersion(await calls.LatestIdAsync(http.RequestAborted)), DashboardJsonContext.Default.LiveVersion))
            .WithMetadata(DashboardPageAttribute.Guarded);
        app.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest("The form's anti-forgery token is missing or invalid: reload the page and try again.");
            }

            await DashboardAuth.SignOutAsync(http);
            return Results.Redirect("/login");
        }).WithMetadata(DashboardPageAttribute.Guarded);
        app.MapRazorComponents<App>().Add(endpoint => endpoint.Metadata.Add(DashboardPageAttribute.Guarded));
    }
}
