using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;

namespace Purser.Tokens;

/// <summary>
/// Counts the prompt tokens of content Purser passes through without translating it (<see cref="OpaquePart"/>):
/// documents, audio, files and provider-specific blocks, by the rules the providers publish, rounded up.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>PDF</b>: every page is billed as its extracted text plus an image of the page (Anthropic's PDF support page:
/// 1,500–3,000 text tokens a page, plus the page's image tokens; OpenAI's file inputs: text and an image of each page;
/// Gemini: each page tokenised as an image). Reserved as <see cref="PdfTextTokensPerPage"/> + the model's image ceiling per
/// page, pages counted in the file.</item>
/// <item><b>Audio</b>: <see cref="AudioTokensPerSecond"/> a second (Gemini's published rate, the highest; OpenAI's audio
/// is about 10 a second), the length read from the file.</item>
/// <item><b>Plain-text documents</b>: their text.</item>
/// <item><b>Content by reference</b> (a file id, a document by URL, video whose length is not read): unbounded — the
/// reservation takes the model's context window.</item>
/// <item><b>Anything else</b> (search results, server-tool blocks): the tokens of its JSON text.</item>
/// </list>
/// </remarks>
internal static class MediaTokens
{
    /// <summary>Text tokens reserved per PDF page: the top of the 1,500–3,000 range Anthropic publishes.</summary>
    internal const int PdfTextTokensPerPage = 3000;

    /// <summary>Audio tokens per second: Gemini's published rate (the highest of the providers that accept audio).</summary>
    internal const int AudioTokensPerSecond = 32;

    /// <summary>Counts <paramref name="part"/>.</summary>
    public static MediaCount Count(OpaquePart part, ITokenCounter text, ImageTokenRule images)
    {
        JsonObject? json = part.Json as JsonObject;
        switch (part.Type)
        {
            case "document" when json is not null && json["source"] is JsonObject source:
                MediaCount document = Document(source, text, images);
                return document with { Tokens = document.Tokens + Text(text, json["title"]) + Text(text, json["context"]) };
            case "image":
                return new MediaCount(ImageCeiling(images), PromptShape.Images, false); // an image by file id: at most the model's largest
            case "file" when json is not null && json["file"] is JsonObject file:
                return File(file, text, images);
            case "input_file" when json is not null: // the Responses API's file part carries the same fields at its top
                return File(json, text, images);
            case "input_audio" when json is not null && json["input_audio"] is JsonObject audio:
                return Audio(String(audio["data"]));
            case "audio":
                return new MediaCount(0, PromptShape.References | PromptShape.Audio, true); // an earlier answer's audio, by id
        }

        if (json is not null && (json["inlineData"] ?? json["inline_data"]) is JsonObject inline)
        {
            return Inline(String(inline["mimeType"] ?? inline["mime_type"]), String(inline["data"]), text, images);
        }

        if (json is not null && (json["fileData"] ?? json["file_data"]) is JsonObject referenced)
        {
            string? mime = String(referenced["mimeType"] ?? referenced["mime_type"]);
            return mime?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true
                ? new MediaCount(ImageCeiling(images), PromptShape.Images, false)
                : new MediaCount(0, PromptShape.References, true);
        }

        return new MediaCount(json is null ? 0 : text.Count(json.ToJsonString()).Tokens, PromptShape.Other, false);
    }

    private static MediaCount Document(JsonObject source, ITokenCounter text, ImageTokenRule images)
    {
        switch (String(source["type"]))
        {
            case "base64":
                return Inline(String(source["media_type"]), String(source["data"]), text, images);
            case "text":
                return new MediaCount(Text(text, source["data"]), PromptShape.Documents, false);
            case "content" when source["content"] is JsonArray blocks:
                long tokens = 0;
                foreach (JsonNode? block in blocks)
                {
                    tokens += block is JsonObject b && String(b["type"]) == "image" ? ImageCeiling(images) : Text(text, block?["text"]);
                }

                return new MediaCount(tokens, PromptShape.Documents, false);
            default:
                return new MediaCount(0, PromptShape.References | PromptShape.Documents, true); // url, file
        }
    }

    private static MediaCount File(JsonObject file, ITokenCounter text, ImageTokenRule images)
    {
        if (String(file["file_data"]) is { Length: > 0 } data)
        {
            // A data: URL; a bare base64 string is taken as a PDF (what OpenAI accepts there).
            int comma = data.IndexOf(',', StringComparison.Ordinal);
            bool dataUrl = data.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && comma > 0;
            string mime = dataUrl ? data[5..comma].Split(';')[0] : "application/pdf";
            return Inline(mime, dataUrl ? data[(comma + 1)..] : data, text, images);
        }

        return new MediaCount(0, PromptShape.References | PromptShape.Documents, true); // file_id, file_url
    }

    /// <summary>Inline base64 content of a MIME type.</summary>
    private static MediaCount Inline(string? mime, string? base64, ITokenCounter text, ImageTokenRule images)
    {
        byte[]? bytes = Decode(base64);
        mime = mime?.Trim().ToLowerInvariant() ?? "";
        if (bytes is null)
        {
            return new MediaCount(0, PromptShape.References, true);
        }

        if (mime.StartsWith("image/", StringComparison.Ordinal))
        {
            return new MediaCount(images.Estimate(new ImagePart { MediaType = mime, Data = base64 }), PromptShape.Images, false);
        }

        if (mime.StartsWith("audio/", StringComparison.Ordinal))
        {
            return Audio(bytes);
        }

        if (mime.StartsWith("video/", StringComparison.Ordinal))
        {
            return new MediaCount(0, PromptShape.Video, true);
        }

        if (mime.StartsWith("text/", StringComparison.Ordinal) || mime is "application/json" or "application/xml")
        {
            return new MediaCount(text.Count(System.Text.Encoding.UTF8.GetString(bytes)).Tokens, PromptShape.Documents, false);
        }

        // PDF (and anything else a provider renders page by page).
        return PdfPages.Count(bytes) is int pages
            ? new MediaCount((long)pages * (PdfTextTokensPerPage + ImageCeiling(images)), PromptShape.Documents, false)
            : new MediaCount(0, PromptShape.Documents, true);
    }

    private static MediaCount Audio(string? base64) => Decode(base64) is { } bytes ? Audio(bytes) : new MediaCount(0, PromptShape.Audio, true);

    private static MediaCount Audio(byte[] bytes) =>
        new((long)Math.Ceiling(AudioDuration.Seconds(bytes) * AudioTokensPerSecond), PromptShape.Audio, false);

    /// <summary>The most tokens one image can cost on the model (its size unknown).</summary>
    internal static long ImageCeiling(ImageTokenRule images) => images.Estimate(new ImagePart { Url = "about:unknown" });

    private static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static long Text(ITokenCounter text, JsonNode? node) => String(node) is { Length: > 0 } s ? text.Count(s).Tokens : 0;

    private static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
