namespace Purser.Configuration;

/// <summary>The provider kinds, as written in configuration.</summary>
internal static class ProviderKind
{
    public const string OpenAI = "openai";
    public const string Anthropic = "anthropic";
    public const string Gemini = "gemini";
    public const string Simulated = "simulated";

    public static readonly IReadOnlyList<string> All = [OpenAI, Anthropic, Gemini, Simulated];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.OrdinalIgnoreCase);
}
