using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Demo;

/// <summary>Fetches pages.</summary>
public sealed class Fetcher(HttpClient http, ILogger<Fetcher> logger)
{
    /// <summary>The page at <paramref name="url"/>.</summary>
    public async Task<string> FetchAsync(string url)
    {
        logger.LogDebug("Fetching {Url}", url);
        return await http.GetStringAsync(url);
    }
}
