using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Purser.Cli.Hosting;
using Purser.Keys;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser keys create|list|revoke</c>: virtual keys, against the local database or a gateway (--server).</summary>
internal static class KeysCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment) =>
        new("keys", "Manage virtual keys (shown once, stored only as hashes)")
        {
            CreateCommand(console, environment),
            ListCommand(console, environment),
            RevokeCommand(console, environment),
        };

    private static Command CreateCommand(IAnsiConsole console, CliEnvironment environment)
    {
        var name = new Option<string>("--name", "-n") { Description = "A name for the key (who or what uses it)", Required = true };
        var project = new Option<string?>("--project") { Description = "Charge every call to this project (headers cannot change it)" };
        var agent = new Option<string?>("--agent") { Description = "Charge every call to this agent" };
        var user = new Option<string?>("--user") { Description = "Charge every call to this user" };
        var tags = new Option<string?>("--tags") { Description = "Tags added to every call, comma-separated" };
        var models = new Option<string?>("--models") { Description = "Models the key may call, comma-separated (provider/model, aliases, provider/*); default any" };
        var budget = new Option<string?>("--budget") { Description = "A budget for this key: 5 ($5/day), 25/monthly, 100000tok/weekly, or a plan (lite, pro, business)" };
        var rpm = new Option<long?>("--rpm") { Description = "Requests per minute the key may make (per gateway instance)" };
        var tpm = new Option<long?>("--tpm") { Description = "Tokens per minute (prompt + output; a call's worst case is counted before it is sent, corrected after)" };
        var rpd = new Option<long?>("--rpd") { Description = "Requests per day" };
        var tpd = new Option<long?>("--tpd") { Description = "Tokens per day" };
        var json = GlobalOptions.Json();
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("create", "Create a virtual key; it is printed once") { name, project, agent, user, tags, models, budget, rpm, tpm, rpd, tpd, json, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new KeyRequest
            {
                Name = parse.GetValue(name),
                Project = parse.GetValue(project),
                Agent = parse.GetValue(agent),
                User = parse.GetValue(user),
                Tags = parse.GetValue(tags) is { } t ? [t] : null,
                Models = parse.GetValue(models) is { } m ? [m] : null,
                Budget = parse.GetValue(budget),
                Rpm = parse.GetValue(rpm),
                Tpm = parse.GetValue(tpm),
                Rpd = parse.GetValue(rpd),
                Tpd = parse.GetValue(tpd),
            };
            KeyView created;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                string body = await remote.SendAsync(HttpMethod.Post, "api/keys", JsonSerializer.Serialize(request, KeyJsonContext.Default.KeyRequest), cancellationToken);
                created = JsonSerializer.Deserialize(body, KeyJsonContext.Default.KeyView) ?? throw new CliException("The gateway sent an empty answer.");
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                var (view, errors) = context.Get<KeyService>().Create(request);
                created = view ?? throw new CliException(string.Join(" ", errors), 2);
            }

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(created, KeyJsonContext.Default.KeyView));
                return 0;
            }

            console.MarkupLineInterpolated($"Created key [bold]{created.Name}[/] (id [bold]{created.Id}[/]){(created.Budget is null ? "" : $" with budget {created.Budget}")}.");
            console.MarkupLine("Copy it now: it is stored only as a hash and will not be shown again.");
            console.Profile.Out.Writer.WriteLine(created.Key);
            return 0;
        });
        return command;
    }

    private static Command ListCommand(IAnsiConsole console, CliEnvironment environment)
    {
        var json = GlobalOptions.Json();
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("list", "List virtual keys (ids and settings, never the keys)") { json, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<KeyView> keys;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                keys = await remote.GetListAsync("api/keys", KeyJsonContext.Default.ListKeyView, cancellationToken);
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                keys = context.Get<KeyService>().List();
            }

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize([.. keys], KeyJsonContext.Default.ListKeyView));
                return 0;
            }

            if (keys.Count == 0)
            {
                console.WriteLine("No virtual keys. Create one with `purser keys create --name <name>`.");
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title("[bold]Virtual keys[/]");
            table.AddColumn("Id").AddColumn("Name").AddColumn("Project").AddColumn("Agent").AddColumn("User").AddColumn("Tags").AddColumn("Models").AddColumn("Budget").AddColumn("Rate limits").AddColumn("Created (UTC)").AddColumn("Status");
            foreach (KeyView k in keys)
            {
                table.AddRow(
                    Markup.Escape(k.Id),
                    Markup.Escape(k.Name),
                    Markup.Escape(k.Project ?? "-"),
                    Markup.Escape(k.Agent ?? "-"),
                    Markup.Escape(k.User ?? "-"),
                    Markup.Escape(k.Tags.Count == 0 ? "-" : string.Join(",", k.Tags)),
                    Markup.Escape(k.Models.Count == 0 ? "any" : string.Join(",", k.Models)),
                    Markup.Escape(k.Budget ?? "-"),
                    Markup.Escape(Limits(k)),
                    k.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    k.RevokedAt is { } revoked ? $"[red]revoked {revoked.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}[/]" : "[green]active[/]");
            }

            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command RevokeCommand(IAnsiConsole console, CliEnvironment environment)
    {
        var id = new Argument<string>("id") { Description = "The key's id (from `purser keys list`)" };
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("revoke", "Revoke a virtual key: calls with it get 401 from then on") { id, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string keyId = parse.GetValue(id)!;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                await remote.SendAsync(HttpMethod.Delete, "api/keys/" + Uri.EscapeDataString(keyId), null, cancellationToken);
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                if (context.Get<KeyService>().Revoke(keyId) is null)
                {
                    throw new CliException($"There is no key with id '{keyId}'.");
                }
            }

            console.MarkupLineInterpolated($"Revoked key {keyId}.");
            return 0;
        });
        return command;
    }

    /// <summary>"60 rpm (12 left), 100000 tpm (99000 left)", or "-".</summary>
    private static string Limits(KeyView k)
    {
        var limits = new Purser.RateLimits.RateLimit { Rpm = k.Rpm, Tpm = k.Tpm, Rpd = k.Rpd, Tpd = k.Tpd };
        if (!limits.IsSet)
        {
            return "-";
        }

        var left = new List<string>(2);
        if (k.RemainingRequests is long requests)
        {
            left.Add(requests.ToString(CultureInfo.InvariantCulture) + " requests");
        }

        if (k.RemainingTokens is long tokens)
        {
            left.Add(tokens.ToString(CultureInfo.InvariantCulture) + " tokens");
        }

        return left.Count == 0 ? limits.ToString() : $"{limits} ({string.Join(", ", left)} left)";
    }
}
