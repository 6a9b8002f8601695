namespace Purser.Prompts;

/// <summary>The library as <c>GET /api/prompts</c> shows it: where the overrides live, whether they are in effect, every prompt.</summary>
internal sealed record PromptLibraryView(string? UserFile, bool UserFileInEffect, string? LastError, DateTimeOffset? LastErrorAt, IReadOnlyList<PromptView> Prompts)
{
    public static PromptLibraryView Of(PromptLibrary library)
    {
        PromptLibraryStatus status = library.Status;
        return new PromptLibraryView(status.UserFile, status.UserFileInEffect, status.LastError, status.LastErrorAt, [.. library.Prompts.Select(PromptView.Of)]);
    }
}
