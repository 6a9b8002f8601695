using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Purser.Gateway.Dashboard;

/// <summary>The dashboard's session: a cookie (HttpOnly, SameSite=Strict, expiring) issued by the sign-in page for the master key.</summary>
internal static class DashboardAuth
{
    public const string Scheme = "purser-dashboard";

    public const string CookieName = "purser_session";

    public static void Configure(CookieAuthenticationOptions options, DashboardOptions dashboard)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.Path = "/";
        options.ExpireTimeSpan = TimeSpan.FromHours(dashboard.SessionHours);
        options.SlidingExpiration = false;
        options.LoginPath = "/login";
        options.ReturnUrlParameter = "return";
    }

    public static Task SignInAsync(HttpContext http)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>A return address is followed only when it is a path on this server.</summary>
    public static string SafeReturn(string? target) =>
        target is { Length: > 0 } && target[0] == '/' && (target.Length == 1 || (target[1] != '/' && target[1] != '\\')) ? target : "/";
}
