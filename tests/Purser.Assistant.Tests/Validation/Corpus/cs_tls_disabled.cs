using System.Net.Http;

namespace Demo;

/// <summary>Creates HTTP clients.</summary>
public static class Clients
{
    /// <summary>A client that trusts any certificate.</summary>
    public static HttpClient Insecure()
    {
        var handler = new HttpClientHandler();
        handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true;
        return new HttpClient(handler);
    }
}
