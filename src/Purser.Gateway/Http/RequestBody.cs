using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Purser.Errors;

namespace Purser.Gateway.Http;

/// <summary>
/// Reads a request body whole into a pooled buffer that lives until the request is over, refusing bodies over the
/// size limit with 413 (before reading them when their length is declared) and bodies the in-flight cap
/// (<see cref="InFlightBodyBytes"/>) has no room for with 503 and Retry-After. The buffer grows by doubling as bytes
/// arrive, reserving room as it grows, so memory follows what a client has sent, not what it announced.
/// </summary>
internal static class RequestBody
{
    private const int FirstBuffer = 16 * 1024;

    /// <summary>A declared body larger than this ends in an array of its exact size, not a pooled power of two.</summary>
    private const int ExactAbove = 1024 * 1024;

    /// <summary>How long a caller refused for the in-flight cap is told to wait.</summary>
    internal static readonly TimeSpan OverloadedRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The body; its memory stays valid until the request is over (then it goes back to the pool).</summary>
    public static async ValueTask<(ReadOnlyMemory<byte> Body, PurserError? Error)> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        long? declared = request.ContentLength;
        if (declared > limit)
        {
            return (default, TooLarge(limit));
        }

        InFlightBodyBytes? inFlight = request.HttpContext.RequestServices?.GetService<InFlightBodyBytes>();
        if (inFlight is not null && declared is long announced && !inFlight.Fits(announced))
        {
            return (default, await RefuseAsync(request, inFlight, cancellationToken));
        }

        // A declared length is the most Kestrel lets through; otherwise one byte past the limit tells it was passed.
        int ceiling = (int)Math.Min(declared ?? limit + 1, Array.MaxLength);
        var lease = new RequestBodyLease(inFlight);
        request.HttpContext.Response.RegisterForDispose(lease);
        int allowed = 0;
        try
        {
            while (true)
            {
                int written = lease.Buffer.WrittenCount;
                if (written == allowed)
                {
                    if (written == ceiling)
                    {
                        if (declared is not null)
                        {
                            break;
                        }

                        return (default, TooLarge(limit));
                    }

                    // A declared length grows fourfold and ends on an array of exactly its size; an undeclared one doubles.
                    allowed = (int)Math.Min(ceiling, Math.Max(FirstBuffer, (declared is null ? 2L : 4L) * written));
                    if (!lease.TryGrow(allowed, exact: declared is not null && allowed == ceiling && allowed > ExactAbove))
                    {
                        lease.Dispose(); // what it holds goes back before the rest is drained
                        return (default, await RefuseAsync(request, inFlight!, cancellationToken));
                    }
                }

                int read = await request.Body.ReadAsync(lease.Buffer.GetMemory()[..(allowed - written)], cancellationToken);
                if (read == 0)
                {
                    break;
                }

                lease.Buffer.Advance(read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TooLarge(limit));
        }
        catch (BadHttpRequestException ex)
        {
            return (default, new PurserError(ErrorKind.BadRequest, 400, "The request body could not be read: " + ex.Message));
        }
        catch (ConnectionResetException)
        {
            return (default, new PurserError(ErrorKind.Cancelled, 499, "The client closed the connection while sending the body."));
        }

        return (lease.Buffer.WrittenMemory, null);
    }

    private static PurserError TooLarge(long limit) =>
        new(ErrorKind.BadRequest, 413, $"The request body is larger than the limit of {limit} bytes (Purser:Limits:MaxRequestBodyBytes).") { Code = "request_too_large" };

    /// <summary>
    /// The 503 for the in-flight cap, after reading the rest of the body into nothing: a client still sending when the
    /// answer comes would otherwise see its connection reset instead of the 503. Costs time, no memory; a client that
    /// sends too slowly is cut off by Kestrel's minimum data rate.
    /// </summary>
    private static async ValueTask<PurserError> RefuseAsync(HttpRequest request, InFlightBodyBytes inFlight, CancellationToken cancellationToken)
    {
        try
        {
            await request.Body.CopyToAsync(Stream.Null, cancellationToken);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException)
        {
            // The body was too long, too slow or cut off: the refusal stands either way.
        }

        return Overloaded(inFlight);
    }

    private static PurserError Overloaded(InFlightBodyBytes inFlight)
    {
        inFlight.CountRefusal();
        return new PurserError(
            ErrorKind.Unavailable,
            503,
            $"Purser is holding as many request bytes as it may ({inFlight.Limit} bytes in flight, Purser:Limits:MaxInFlightBodyBytes); retry in a moment.")
        {
            Code = "overloaded",
            RetryAfter = OverloadedRetryAfter,
        };
    }
}
