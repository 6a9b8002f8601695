using System.Buffers;
using Microsoft.AspNetCore.Http;
using Purser.Errors;

namespace Purser.Gateway.Http;

/// <summary>Reads a request body whole, refusing bodies over the limit with 413 before reading them.</summary>
internal static class RequestBody
{
    public static async ValueTask<(ReadOnlyMemory<byte> Body, PurserError? Error)> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is long declared && declared > limit)
        {
            return (default, TooLarge(limit));
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        try
        {
            while (true)
            {
                Memory<byte> memory = buffer.GetMemory(8192);
                int read = await request.Body.ReadAsync(memory, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return (default, TooLarge(limit));
                }
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

        return (buffer.WrittenMemory, null);
    }

    private static PurserError TooLarge(long limit) =>
        new(ErrorKind.BadRequest, 413, $"The request body is larger than the limit of {limit} bytes (Purser:Limits:MaxRequestBodyBytes).") { Code = "request_too_large" };
}
