using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Prompts;

namespace Purser.Gateway.Admin;

/// <summary>
/// GET /api/prompts (the library in effect and where its overrides live), GET /api/prompts/{name},
/// GET /api/prompts/file (the user file's text) and PUT /api/prompts/file (a new user file: checked as the library
/// would load it, written only when valid, then in effect at once; a 400 names the prompt and field otherwise).
/// </summary>
internal static class PromptsEndpoints
{
    /// <summary>A prompt file larger than this is refused (the shipped one is about 20 KB).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    public static Task ListAsync(HttpContext http, PromptLibrary library) =>
        AdminResults.JsonAsync(http, JsonSerializer.Serialize(PromptLibraryView.Of(library), PromptJsonContext.Default.PromptLibraryView));

    public static Task GetAsync(HttpContext http, string name, PromptLibrary library) => library.TryGet(name, out PromptDefinition? prompt)
        ? AdminResults.JsonAsync(http, JsonSerializer.Serialize(PromptView.Of(prompt), PromptJsonContext.Default.PromptView))
        : AdminResults.ErrorAsync(http, 404, "not_found_error", $"There is no prompt named '{name}'.");

    public static Task FileAsync(HttpContext http, PromptLibrary library) =>
        AdminResults.JsonAsync(http, JsonSerializer.Serialize(FileView(library), PromptJsonContext.Default.PromptFileView));

    public static async Task SaveFileAsync(HttpContext http, PromptLibrary library)
    {
        string text;
        try
        {
            using var reader = new StreamReader(http.Request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            char[] buffer = new char[MaxFileBytes + 1];
            int read = await reader.ReadBlockAsync(buffer, http.RequestAborted);
            if (read > MaxFileBytes)
            {
                await AdminResults.ErrorAsync(http, 413, "invalid_request_error", $"A prompt file may be at most {MaxFileBytes / 1024} KB.");
                return;
            }

            text = new string(buffer, 0, read);
        }
        catch (DecoderFallbackException)
        {
            await AdminResults.BadRequestAsync(http, "The prompt file must be UTF-8 text.");
            return;
        }
        catch (BadHttpRequestException ex)
        {
            await AdminResults.BadRequestAsync(http, "The request body could not be read: " + ex.Message);
            return;
        }

        if (library.SaveUserFile(text) is { } error)
        {
            await AdminResults.BadRequestAsync(http, error);
            return;
        }

        await FileAsync(http, library);
    }

    public static PromptFileView FileView(PromptLibrary library)
    {
        string? content = library.ReadUserFile();
        return new PromptFileView(library.Status.UserFile, content is not null, content ?? "");
    }
}
