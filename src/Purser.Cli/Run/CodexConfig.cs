using System.Text;

namespace Purser.Cli.Run;

/// <summary>
/// The config.toml of the private CODEX_HOME a Codex session runs with: the user's own config.toml (read, never written)
/// with Purser as the model provider (Responses API at &lt;gateway&gt;/v1, the session key from PURSER_API_KEY), and
/// with --yolo no approvals and no sandbox, with --mcp Purser's MCP server.
/// </summary>
internal static class CodexConfig
{
    /// <summary>The provider id Codex selects; chosen so it does not collide with a user's own entry.</summary>
    public const string ProviderId = "purser_run";

    public static string Build(LaunchSettings settings, string? userConfig)
    {
        var top = new List<(string Key, string Value)> { ("model_provider", Quote(ProviderId)) };
        if (settings.Yolo)
        {
            top.Add(("approval_policy", Quote("never")));
            top.Add(("sandbox_mode", Quote("danger-full-access")));
        }

        var text = new StringBuilder();
        text.Append("# Written by `purser run` for session ").Append(settings.SessionId).Append("; removed when the session ends.\n");
        foreach ((string key, string value) in top)
        {
            text.Append(key).Append(" = ").Append(value).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(userConfig))
        {
            text.Append("\n# The user's own config.toml follows (the keys above replace theirs).\n");
            text.Append(WithoutTopLevelKeys(userConfig, top.Select(t => t.Key).ToHashSet(StringComparer.Ordinal)));
            text.Append('\n');
        }

        text.Append('\n').Append("[model_providers.").Append(ProviderId).Append("]\n");
        text.Append("name = ").Append(Quote("Purser")).Append('\n');
        text.Append("base_url = ").Append(Quote(settings.OpenAIBaseUrl)).Append('\n');
        text.Append("env_key = ").Append(Quote(AgentLaunchPlanner.KeyVariable)).Append('\n');
        text.Append("wire_api = ").Append(Quote("responses")).Append('\n');
        if (settings.Mcp)
        {
            text.Append('\n').Append("[mcp_servers.").Append(ProviderId).Append("]\n");
            text.Append("url = ").Append(Quote(settings.McpUrl)).Append('\n');
            text.Append("bearer_token_env_var = ").Append(Quote(AgentLaunchPlanner.KeyVariable)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The TOML text without the given keys in its top-level table (the lines before the first [table] header).</summary>
    internal static string WithoutTopLevelKeys(string toml, IReadOnlySet<string> keys)
    {
        var kept = new StringBuilder();
        bool topLevel = true;
        foreach (string line in toml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            string trimmed = line.TrimStart();
            if (trimmed.StartsWith('['))
            {
                topLevel = false;
            }

            if (topLevel && KeyOf(trimmed) is { } key && keys.Contains(key))
            {
                continue;
            }

            kept.Append(line).Append('\n');
        }

        return kept.ToString().TrimEnd('\n');
    }

    private static string? KeyOf(string line)
    {
        int equals = line.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || line.StartsWith('#'))
        {
            return null;
        }

        return line[..equals].Trim().Trim('"', '\'');
    }

    /// <summary>A TOML basic string.</summary>
    internal static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                < ' ' => quoted.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
