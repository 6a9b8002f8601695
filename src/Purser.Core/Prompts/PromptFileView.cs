namespace Purser.Prompts;

/// <summary>The user prompt file's path and text (<c>GET /api/prompts/file</c>); empty text when it does not exist yet.</summary>
internal sealed record PromptFileView(string? Path, bool Exists, string Content);
