using System.Buffers.Binary;

namespace Purser.Tokens;

/// <summary>
/// The length of inline audio, for the per-second token rates providers publish: exact for WAV (its header) and MP3
/// (its frames, walked); for other formats an upper bound from the size at the lowest bitrate in common use.
/// </summary>
internal static class AudioDuration
{
    /// <summary>The lowest bitrate assumed for a format Purser does not parse: 6 kbit/s (Opus's floor), in bytes per second.</summary>
    internal const double MinBytesPerSecond = 750;

    /// <summary>Seconds of audio in <paramref name="data"/>, whatever its format.</summary>
    public static double Seconds(ReadOnlySpan<byte> data)
    {
        if (TryWav(data, out double wav))
        {
            return wav;
        }

        if (TryMp3(data, out double mp3))
        {
            return mp3;
        }

        return data.Length / MinBytesPerSecond;
    }

    internal static bool TryWav(ReadOnlySpan<byte> data, out double seconds)
    {
        seconds = 0;
        if (data.Length < 12 || !data.StartsWith("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return false;
        }

        uint byteRate = 0;
        int at = 12;
        while (at + 8 <= data.Length)
        {
            ReadOnlySpan<byte> id = data.Slice(at, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(at + 4, 4));
            if (id.SequenceEqual("fmt "u8) && at + 16 <= data.Length - 4)
            {
                byteRate = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(at + 16, 4));
            }
            else if (id.SequenceEqual("data"u8) && byteRate > 0)
            {
                // A streamed WAV may say 0 or 0xFFFFFFFF: take what is there.
                long length = size is 0 or uint.MaxValue ? data.Length - at - 8 : Math.Min(size, (long)data.Length - at - 8);
                seconds = (double)Math.Max(0, length) / byteRate;
                return true;
            }

            at += 8 + (int)Math.Min(size + (size & 1), int.MaxValue - at - 8);
        }

        return false;
    }

    /// <summary>MPEG audio layer III: frames walked from the first sync word (after an ID3v2 tag), each adding its samples.</summary>
    internal static bool TryMp3(ReadOnlySpan<byte> data, out double seconds)
    {
        seconds = 0;
        int at = 0;
        if (data.Length >= 10 && data.StartsWith("ID3"u8))
        {
            at = 10 + ((data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F));
        }

        int frames = 0;
        while (at + 4 <= data.Length)
        {
            if (!TryFrame(data.Slice(at, 4), out int length, out int samples, out int sampleRate))
            {
                if (frames == 0 && at < data.Length && at < 4096)
                {
                    at++; // skip padding before the first frame
                    continue;
                }

                break;
            }

            frames++;
            seconds += (double)samples / sampleRate;
            at += length;
        }

        return frames > 0;
    }

    private static readonly int[] BitratesV1L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];
    private static readonly int[] BitratesV2L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0];
    private static readonly int[] SampleRatesV1 = [44100, 48000, 32000, 0];

    private static bool TryFrame(ReadOnlySpan<byte> h, out int length, out int samples, out int sampleRate)
    {
        length = samples = sampleRate = 0;
        if (h[0] != 0xFF || (h[1] & 0xE0) != 0xE0)
        {
            return false;
        }

        int version = (h[1] >> 3) & 3; // 3 = MPEG 1, 2 = MPEG 2, 0 = MPEG 2.5
        int layer = (h[1] >> 1) & 3;   // 1 = layer III
        if (version == 1 || layer != 1)
        {
            return false;
        }

        bool v1 = version == 3;
        int kbps = (v1 ? BitratesV1L3 : BitratesV2L3)[h[2] >> 4];
        int rate = SampleRatesV1[(h[2] >> 2) & 3];
        if (kbps == 0 || rate == 0)
        {
            return false;
        }

        sampleRate = version switch { 3 => rate, 2 => rate / 2, _ => rate / 4 };
        samples = v1 ? 1152 : 576;
        int padding = (h[2] >> 1) & 1;
        length = (samples / 8 * kbps * 1000 / sampleRate) + padding;
        return length > 4;
    }
}
