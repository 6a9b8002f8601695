using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Purser.Gateway.Dashboard;

/// <summary>
/// The dashboard's stylesheet, script and icon, embedded in the assembly (nothing from a CDN, no web font): served at
/// <c>/assets/{name}</c> with an ETag, and cached for a year when asked for with their content hash (<see cref="Url"/>).
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "Purser.Gateway.Dashboard.Assets.";

    private static readonly FrozenDictionary<string, Asset> All = Load();

    /// <summary>The asset's address with its content hash, so a new version is never served from a stale cache.</summary>
    public static string Url(string name) => $"/assets/{name}?v={All[name].Hash}";

    public static async Task ServeAsync(HttpContext http, string name)
    {
        if (!All.TryGetValue(name, out Asset? asset))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.Headers.ETag = asset.ETag;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = http.Request.Query["v"] == asset.Hash ? "public, max-age=31536000, immutable" : "no-cache";
        if (http.Request.Headers.IfNoneMatch == asset.ETag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = asset.ContentType;
        http.Response.ContentLength = asset.Bytes.Length;
        await http.Response.Body.WriteAsync(asset.Bytes, http.RequestAborted);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        Assembly assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] bytes = copy.ToArray();
            string name = resource[Prefix.Length..];
            string hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
            assets[name] = new Asset(bytes, hash, $"\"{hash}\"", ContentType(name));
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string Hash, string ETag, string ContentType);
}
