using System.CommandLine;
using System.Globalization;
using Purser.Cli.Hosting;
using Purser.Cli.Run;

namespace Purser.Cli.Commands;

/// <summary>
/// <c>purser run [options] -- &lt;agent command…&gt;</c>: a coding agent on a session budget. The agent's base URLs and key
/// point at a gateway (a running one, or one started in process), with a fresh virtual key for the session that is
/// revoked at the end; the session's summary goes to standard error.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var budget = new Option<string?>("--budget") { Description = "A hard budget for the session in dollars, e.g. 2 or 2.50" };
        var tokens = new Option<string?>("--tokens") { Description = "A token budget for the session (prompt + output tokens)" };
        var model = new Option<string?>("--model", "-m") { Description = "Map every model the agent asks for to this: cheap, smart, fast, auto or provider/model" };
        var yolo = new Option<bool>("--yolo") { Description = "Yolo mode: the fast model, and the agent acts without asking for confirmation" };
        var mcp = new Option<bool>("--mcp") { Description = "Offer Purser's MCP tools to the agent (Claude Code, Codex, OpenCode)" };
        var project = new Option<string?>("--project") { Description = "Charge the session's calls to this project" };
        var tags = new Option<string?>("--tags") { Description = "Tags for the session's calls, comma-separated" };
        var agent = new Option<string?>("--agent") { Description = "Treat the command as this agent (claude, codex, opencode, gemini, qwen, aider)" };
        var protocol = new Option<string?>("--protocol") { Description = "The API an agent Purser does not know speaks: openai, anthropic or gemini" };
        var server = new Option<string?>("--server") { Description = "Run the session on the gateway at this URL (default: one running at Purser:Run:Server, else one in process)" };
        var key = new Option<string?>("--key") { Description = "The gateway's master key for --server (default: PURSER_MASTER_KEY)" };
        var local = new Option<bool>("--local") { Description = "Start a gateway in process for the session even when one is running" };
        var json = new Option<string?>("--json") { Description = "Also write the session summary as JSON to this file" };
        var agentCommand = new Argument<string[]>("command") { Description = "The agent's command and its arguments, after --", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("run", "Run a coding agent (claude, codex, opencode, gemini, qwen, aider, …) through Purser on a session budget: purser run --budget 2 -- claude")
        {
            budget, tokens, model, yolo, mcp, project, tags, agent, protocol, server, key, local, json, agentCommand,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] words = parse.GetValue(agentCommand) ?? [];
            if (words.Length == 0 || words[0].Length == 0)
            {
                throw new CliException("purser run: give the agent's command after --, e.g. purser run --budget 2 -- claude", 2);
            }

            string? agentName = parse.GetValue(agent)?.Trim();
            if (agentName is not null && AgentProfile.Find(agentName) is null && parse.GetValue(protocol) is null)
            {
                throw new CliException($"--agent '{agentName}' is not one of {string.Join(", ", AgentProfile.Known.Select(p => p.Name))}; for another agent give --protocol.", 2);
            }

            string? mapped = parse.GetValue(model)?.Trim();
            var request = new RunRequest
            {
                Command = words,
                BudgetUsd = ParseBudget(parse.GetValue(budget)),
                BudgetTokens = ParseTokens(parse.GetValue(tokens)),
                Model = string.IsNullOrEmpty(mapped) ? parse.GetValue(yolo) ? "fast" : null : mapped,
                Yolo = parse.GetValue(yolo),
                Mcp = parse.GetValue(mcp),
                Project = parse.GetValue(project),
                Tags = parse.GetValue(tags) is { } t ? [.. t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)] : [],
                Agent = agentName,
                Protocol = ParseProtocol(parse.GetValue(protocol)),
                Server = parse.GetValue(server),
                Key = parse.GetValue(key),
                Local = parse.GetValue(local),
                JsonFile = parse.GetValue(json),
                ConfigFile = parse.GetValue(GlobalOptions.Config),
            };
            return await new SessionRunner(environment, TimeSpan.FromSeconds(1)).RunAsync(request, cancellationToken);
        });
        return command;
    }

    internal static decimal? ParseBudget(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string value = text.Trim().TrimStart('$');
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal dollars) || dollars <= 0 || dollars > 1_000_000m)
        {
            throw new CliException($"--budget '{text}' is not an amount of dollars: give a positive number such as 2 or 2.50 (at most 1,000,000).", 2);
        }

        return dollars;
    }

    internal static long? ParseTokens(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text.Trim().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count <= 0)
        {
            throw new CliException($"--tokens '{text}' is not a number of tokens: give a positive whole number such as 200000.", 2);
        }

        return count;
    }

    private static AgentProtocol? ParseProtocol(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "openai" => AgentProtocol.OpenAI,
        "anthropic" => AgentProtocol.Anthropic,
        "gemini" or "google" => AgentProtocol.Gemini,
        _ => throw new CliException($"--protocol '{text}' is not one of openai, anthropic, gemini.", 2),
    };
}
