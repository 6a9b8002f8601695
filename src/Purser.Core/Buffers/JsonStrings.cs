using System.Text.Json;

namespace Purser.Buffers;

/// <summary>
/// Writes long strings in segments. <see cref="Utf8JsonWriter.WriteStringValue(string)"/> asks its output for
/// three bytes per character at once and, when anything needs escaping (a newline is enough), rents a buffer of
/// six characters per character: 27 MB and 108 MB for a 9 MB prompt. Segments keep both small; the bytes written
/// are the same.
/// </summary>
internal static class JsonStrings
{
    /// <summary>Strings up to this many characters are written in one call.</summary>
    public const int SegmentChars = 8192;

    public static void WriteValue(Utf8JsonWriter writer, ReadOnlySpan<char> value)
    {
        if (value.Length <= SegmentChars)
        {
            writer.WriteStringValue(value);
            return;
        }

        while (value.Length > SegmentChars)
        {
            writer.WriteStringValueSegment(value[..SegmentChars], isFinalSegment: false);
            value = value[SegmentChars..];
        }

        writer.WriteStringValueSegment(value, isFinalSegment: true);
    }

    public static void Write(Utf8JsonWriter writer, string propertyName, ReadOnlySpan<char> value)
    {
        if (value.Length <= SegmentChars)
        {
            writer.WriteString(propertyName, value);
            return;
        }

        writer.WritePropertyName(propertyName);
        WriteValue(writer, value);
    }
}
