using System.Buffers;
using System.Text;

namespace Purser.Providers.Sse;

/// <summary>
/// Reads server-sent events from a stream as they arrive (no buffering beyond the event in progress).
/// Handles \n, \r\n and \r line ends, comments, multi-line data and a final event without its blank line.
/// </summary>
internal sealed class SseReader(Stream stream, int maxEventBytes = 16 * 1024 * 1024) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Bytes of the event in progress when the stream ended without a blank line (a cut-off stream).</summary>
    public int TrailingBytes { get; private set; }

    /// <summary>Reads the next event, or returns null at the end of the stream.</summary>
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int boundary = FindEventEnd(_buffer.AsSpan(_start, _end - _start), out int terminatorLength);
            if (boundary >= 0)
            {
                int length = boundary + terminatorLength;
                var raw = _buffer.AsMemory(_start, length).ToArray();
                _start += length;
                if (Parse(raw, boundary) is { } parsed)
                {
                    return parsed;
                }

                continue;
            }

            if (_eof)
            {
                if (_end > _start)
                {
                    var raw = _buffer.AsMemory(_start, _end - _start).ToArray();
                    TrailingBytes = raw.Length;
                    _start = _end;
                    if (Parse(raw, raw.Length) is { } last && last.Data.Length > 0)
                    {
                        return last;
                    }
                }

                return null;
            }

            await FillAsync(cancellationToken);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                if (_buffer.Length >= maxEventBytes)
                {
                    throw new InvalidDataException($"A server-sent event exceeded {maxEventBytes} bytes.");
                }

                byte[] bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
        }

        int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    /// <summary>Finds the blank line ending an event; returns the index where it starts and its length.</summary>
    private static int FindEventEnd(ReadOnlySpan<byte> span, out int terminatorLength)
    {
        for (int i = 0; i < span.Length; i++)
        {
            byte b = span[i];
            if (b != (byte)'\n' && b != (byte)'\r')
            {
                continue;
            }

            // End of a line at i; its terminator is \r\n, \n or \r.
            int lineEnd = b == (byte)'\r' && i + 1 < span.Length && span[i + 1] == (byte)'\n' ? i + 2 : i + 1;
            if (b == (byte)'\r' && i + 1 == span.Length)
            {
                terminatorLength = 0;
                return -1; // a lone \r at the end may be the start of \r\n: wait for more bytes
            }

            if (lineEnd < span.Length)
            {
                byte next = span[lineEnd];
                if (next == (byte)'\n' || next == (byte)'\r')
                {
                    if (next == (byte)'\r' && lineEnd + 1 == span.Length)
                    {
                        terminatorLength = 0;
                        return -1;
                    }

                    int blankEnd = next == (byte)'\r' && lineEnd + 1 < span.Length && span[lineEnd + 1] == (byte)'\n' ? lineEnd + 2 : lineEnd + 1;
                    terminatorLength = blankEnd - i;
                    return i;
                }
            }

            i = lineEnd - 1;
        }

        terminatorLength = 0;
        return -1;
    }

    private static SseEvent? Parse(byte[] raw, int contentLength)
    {
        string? name = null;
        ArrayBufferWriter<byte>? data = null;
        ReadOnlySpan<byte> content = raw.AsSpan(0, contentLength);
        while (!content.IsEmpty)
        {
            int eol = content.IndexOfAny((byte)'\r', (byte)'\n');
            ReadOnlySpan<byte> line = eol < 0 ? content : content[..eol];
            if (eol < 0)
            {
                content = [];
            }
            else
            {
                int skip = content[eol] == (byte)'\r' && eol + 1 < content.Length && content[eol + 1] == (byte)'\n' ? 2 : 1;
                content = content[(eol + skip)..];
            }

            if (line.IsEmpty || line[0] == (byte)':')
            {
                continue; // blank or comment
            }

            int colon = line.IndexOf((byte)':');
            ReadOnlySpan<byte> field = colon < 0 ? line : line[..colon];
            ReadOnlySpan<byte> value = colon < 0 ? [] : line[(colon + 1)..];
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value[1..];
            }

            if (field.SequenceEqual("data"u8))
            {
                if (data is null)
                {
                    data = new ArrayBufferWriter<byte>(value.Length);
                }
                else
                {
                    data.Write("\n"u8);
                }

                data.Write(value);
            }
            else if (field.SequenceEqual("event"u8))
            {
                name = Encoding.UTF8.GetString(value);
            }
        }

        if (data is null && name is null)
        {
            return null; // comments only (keep-alives)
        }

        return new SseEvent(name, data is null ? ReadOnlyMemory<byte>.Empty : data.WrittenMemory, raw);
    }

    public void Dispose()
    {
        byte[] buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
