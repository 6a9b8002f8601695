namespace Purser.Chat;

/// <summary>An image, given either by URL or inline as base64 data with its media type.</summary>
internal sealed class ImagePart : ContentPart
{
    public string? Url { get; init; }

    public string? MediaType { get; init; }

    /// <summary>Base64 data, without a data: prefix.</summary>
    public string? Data { get; init; }

    /// <summary>OpenAI's detail hint (auto, low, high).</summary>
    public string? Detail { get; init; }

    /// <summary>Builds an image part from an OpenAI-style URL, which may be a data: URL.</summary>
    public static ImagePart FromUrl(string url, string? detail = null)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            int comma = url.IndexOf(',', StringComparison.Ordinal);
            int semicolon = url.IndexOf(';', StringComparison.Ordinal);
            if (comma > 0 && semicolon > 0 && semicolon < comma && url.AsSpan(semicolon, comma - semicolon).Equals(";base64", StringComparison.OrdinalIgnoreCase))
            {
                return new ImagePart { MediaType = url[5..semicolon], Data = url[(comma + 1)..], Detail = detail };
            }
        }

        return new ImagePart { Url = url, Detail = detail };
    }

    /// <summary>The image as an OpenAI-style URL (a data: URL for inline images).</summary>
    public string ToUrl() => Url ?? $"data:{MediaType};base64,{Data}";
}
