namespace Purser.Gateway.Security;

/// <summary>What <see cref="OriginPolicy"/> decided about a request's origin.</summary>
internal enum OriginVerdict
{
    /// <summary>Not from a web page (no Origin, no cross-site fetch metadata): SDKs, CLIs, curl.</summary>
    NotFromAPage,

    /// <summary>From a page served under the same origin as the request.</summary>
    SameOrigin,

    /// <summary>From a page of an origin listed in Purser:Security:Cors:AllowedOrigins: answered with CORS headers.</summary>
    AllowedCrossOrigin,

    /// <summary>From a page of any other origin: refused.</summary>
    Refused,
}
