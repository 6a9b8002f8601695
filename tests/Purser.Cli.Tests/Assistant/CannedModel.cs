using System.Text.Json.Nodes;

namespace Purser.Cli.Tests.Assistant;

/// <summary>
/// Configures a CLI run's model: a provider "canned" of the simulated kind that answers every call with the given text,
/// priced as openai/gpt-4o-mini so costs are real numbers. Extra settings go under Purser:Assistant.
/// </summary>
internal static class CannedModel
{
    public const string Model = "canned/model";

    public const string Scores = """
        {"overall": 62, "security": 40, "quality": 70, "complexity": 80, "maintainability": 75,
         "summary": "Builds SQL from user input.",
         "issues": [{"line": 2, "severity": "error", "category": "security", "message": "SQL injection through name."}],
         "suggestions": ["Use query parameters."]}
        """;

    public static void Use(CliRunner cli, string reply, Action<JsonObject>? assistant = null)
    {
        var settings = new JsonObject();
        assistant?.Invoke(settings);
        var config = new JsonObject
        {
            ["Purser"] = new JsonObject
            {
                ["Providers"] = new JsonObject
                {
                    ["canned"] = new JsonObject
                    {
                        ["Kind"] = "simulated",
                        ["Simulated"] = new JsonObject { ["Reply"] = reply, ["PriceAs"] = "openai/gpt-4o-mini" },
                    },
                },
                ["Assistant"] = settings,
            },
        };
        File.WriteAllText(Path.Combine(cli.Home, "purser.json"), config.ToJsonString());
    }

    /// <summary>Writes a file under the runner's working folder and returns its relative path.</summary>
    public static string WriteFile(CliRunner cli, string relative, string content)
    {
        string full = Path.Combine(cli.WorkingDirectory ?? cli.Home, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return relative;
    }
}
