using System.Text.Json;
using System.Text.Json.Nodes;

namespace Purser.Cli.Run;

/// <summary>
/// The settings.json of the private GEMINI_CLI_HOME a Gemini CLI session runs with: the user's own
/// (~/.gemini/settings.json, read, never written) with <c>security.auth.selectedType = "gemini-api-key"</c> — a user
/// who signed in with Google would otherwise send the calls to Google, around Purser — and with --mcp Purser's MCP server
/// over streamable HTTP. (Gemini CLI's system settings, which would override the user's without a copy, are read only
/// from a root-owned file, which purser run cannot write.) The user's other entries in ~/.gemini (trusted folders,
/// GEMINI.md, extensions, history) are linked into the private folder.
/// </summary>
internal static class GeminiSettings
{
    /// <summary>The folder under GEMINI_CLI_HOME that holds Gemini CLI's files.</summary>
    public const string Folder = ".gemini";

    /// <summary>Entries of the user's ~/.gemini not linked: the settings (copied and changed) and the Google sign-in, which Purser's key replaces.</summary>
    public static readonly IReadOnlySet<string> NotLinked = new HashSet<string>(StringComparer.Ordinal) { "settings.json", "oauth_creds.json", "google_accounts.json" };

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <param name="settings">The session.</param>
    /// <param name="userSettings">The user's ~/.gemini/settings.json, or null when there is none.</param>
    public static string Build(LaunchSettings settings, string? userSettings)
    {
        JsonObject root = Parse(userSettings);
        JsonObject security = Child(root, "security");
        JsonObject auth = Child(security, "auth");
        auth["selectedType"] = "gemini-api-key";
        if (settings.Mcp)
        {
            Child(root, "mcpServers")[ClaudeMcpConfig.ServerName] = new JsonObject
            {
                ["httpUrl"] = settings.McpUrl,
                ["headers"] = new JsonObject { ["Authorization"] = "Bearer " + settings.Key },
            };
        }

        return root.ToJsonString(AgentLaunchPlanner.Indented);
    }

    private static JsonObject Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: Lenient) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }
}
