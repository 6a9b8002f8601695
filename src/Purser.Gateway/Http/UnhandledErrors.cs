using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Purser.Errors;

namespace Purser.Gateway.Http;

/// <summary>
/// The last line of defence: an exception no handler caught becomes a 500 in the endpoint's own error format
/// (Anthropic on /v1/messages…, Gemini on /v1beta…, OpenAI on other /v1 paths, {"error":{"message","type"}} elsewhere), logged
/// with its stack trace but never sending it. A fault after the answer started just ends the connection.
/// </summary>
internal static partial class UnhandledErrors
{
    public static IApplicationBuilder UsePurserUnhandledErrors(this IApplicationBuilder app) => app.Use(InvokeAsync);

    private static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            ILogger logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Purser.Gateway.UnhandledErrors");
            LogUnhandled(logger, ex, http.Request.Method, http.Request.Path.Value ?? "");
            if (http.Response.HasStarted)
            {
                http.Abort();
                return;
            }

            http.Response.Clear();

            // The database's file was deleted or replaced under the running process: a clear 503, not a fault.
            PurserError error = ex is StorageUnavailableException
                ? new PurserError(ErrorKind.Unavailable, 503, ex.Message) { Code = "storage_unavailable" }
                : new PurserError(ErrorKind.Internal, 500, "Purser failed to handle this request (an internal error; the gateway log has the details).") { Code = "internal_error" };
            await EndpointErrors.WriteAsync(http, error);
        }
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
