using System.Globalization;
using Microsoft.AspNetCore.Http;
using Purser.Pipeline;

namespace Purser.Gateway.Http;

/// <summary>The x-purser-* response headers every gateway answer carries.</summary>
internal static class PurserHeaders
{
    public const string RequestId = "x-purser-request-id";
    public const string Provider = "x-purser-provider";
    public const string Model = "x-purser-model";
    public const string CostUsd = "x-purser-cost-usd";
    public const string Cache = "x-purser-cache";
    public const string Route = "x-purser-route";

    /// <summary>
    /// Sets the headers; for a live stream the cost is not known yet and reads "pending" (the final SSE comment carries it).
    /// Values that may come from a caller or an upstream are encoded (<see cref="HeaderValue"/>).
    /// </summary>
    public static void Apply(HttpResponse response, PurserContext context, bool streaming)
    {
        IHeaderDictionary headers = response.Headers;
        headers[RequestId] = context.RequestId;
        headers[Provider] = HeaderValue.Encode(context.ServedBy?.Provider ?? "none");
        headers[Model] = HeaderValue.Encode(context.ServedBy?.Model ?? "none");
        headers[CostUsd] = streaming && !context.IsCompleted ? "pending" : FormatCost(context.CostUsd);
        headers[Cache] = context.CacheStatus switch
        {
            CacheStatus.Hit => "hit",
            CacheStatus.Bypass => "bypass",
            CacheStatus.Template => "template",
            _ => "miss",
        };
        headers[Route] = HeaderValue.Encode(context.Route?.Header ?? "none");
        foreach (var (name, value) in context.ResponseHeaders)
        {
            headers[name] = HeaderValue.Encode(value);
        }
    }

    /// <summary>
    /// The headers of an answer refused before the pipeline ran (unreadable or invalid request): a fresh request id,
    /// no provider or model, nothing spent, cache not consulted.
    /// </summary>
    public static void ApplyRefused(HttpResponse response)
    {
        IHeaderDictionary headers = response.Headers;
        headers[RequestId] = PurserPipeline.NewRequestId();
        headers[Provider] = "none";
        headers[Model] = "none";
        headers[CostUsd] = "0";
        headers[Cache] = "bypass";
        headers[Route] = "none";
    }

    /// <summary>Cost with full precision (no rounding), or "unknown" when the model has no price.</summary>
    public static string FormatCost(decimal? cost) => cost is decimal c ? c.ToString("0.##########", CultureInfo.InvariantCulture) : "unknown";
}
