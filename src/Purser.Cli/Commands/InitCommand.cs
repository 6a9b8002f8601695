using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Cli.Hosting;
using Purser.Configuration;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary>
/// <c>purser init</c>: the first run. Finds provider keys in the environment and in <c>./.env</c>, asks for a daily hard
/// budget (default $5), makes a master key (printed once) and writes <c>&lt;PURSER_HOME&gt;/purser.json</c>.
/// Keys are written as <c>env:VAR</c> references, never as values.
/// </summary>
internal static class InitCommand
{
    public const decimal DefaultDailyBudget = 5m;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var yes = new Option<bool>("--yes", "-y") { Description = "Ask nothing: take every default (a $5 daily hard budget)" };
        var budget = new Option<decimal?>("--budget") { Description = "The daily hard budget in USD (default 5; 0 for none)" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing purser.json (a new master key is made)" };
        var command = new Command("init", "Set Purser up: detect provider keys, set a daily budget, make a master key, write purser.json") { yes, budget, force };
        command.SetAction(parse =>
        {
            string home = PurserOptionsLoader.DefaultHome(environment.Variables);
            string file = Path.Combine(home, "purser.json");
            if (File.Exists(file) && !parse.GetValue(force))
            {
                throw new CliException($"{file} already exists. Check it with: purser doctor. To start over (a new master key): purser init --force.");
            }

            List<DetectedProvider> found = Detect(environment);
            console.MarkupLine("[bold]Purser first run[/]");
            if (found.Count == 0)
            {
                console.MarkupLine("  No provider keys found in the environment or ./.env. The built-in [green]simulated[/] provider works without one.");
                console.MarkupLineInterpolated($"  [grey]Set one of {string.Join(", ", WellKnownProvider.All.Select(p => p.PrimaryVariable))} and run purser init --force to add it.[/]");
            }

            foreach (DetectedProvider provider in found)
            {
                console.MarkupLineInterpolated($"  found [green]{provider.Known.Name}[/] ({provider.Variable} in {provider.Source})");
            }

            decimal daily = parse.GetValue(budget) ?? (parse.GetValue(yes) ? DefaultDailyBudget : AskBudget(console, environment));
            if (daily < 0)
            {
                throw new CliException("--budget must be 0 (no budget) or more.", 2);
            }

            string masterKey = NewMasterKey();
            Directory.CreateDirectory(home);
            WriteConfiguration(file, Document(found, daily, masterKey));

            console.MarkupLineInterpolated($"Wrote [bold]{file}[/]");
            console.MarkupLine(daily > 0
                ? $"  daily hard budget: [bold]${daily.ToString("0.##", CultureInfo.InvariantCulture)}[/] (calls that would go over it are refused)"
                : "  no budget (purser budget set global 5 adds one)");
            console.MarkupLine("  master key (shown once, keep it; it protects the admin API and makes virtual keys):");
            console.Profile.Out.Writer.WriteLine("    " + masterKey);
            if (found.Any(p => p.Source == DotEnvFile.FileName))
            {
                console.MarkupLine("  [yellow]Keys found only in ./.env are read from the .env of the folder purser runs in: run purser from this folder, or export them.[/]");
            }

            console.MarkupLine("Next:");
            console.MarkupLine("  purser doctor            check the configuration, database, providers, clock and port");
            console.MarkupLine("  purser providers test    one minimal call per provider, with latency and cost");
            console.MarkupLine("  purser serve             the gateway on http://127.0.0.1:4000 (OPENAI_BASE_URL=http://127.0.0.1:4000/v1)");
            return 0;
        });
        return command;
    }

    /// <summary>The well-known providers whose key (or host) is set, in the environment or in ./.env.</summary>
    internal static List<DetectedProvider> Detect(CliEnvironment environment)
    {
        var found = new List<DetectedProvider>();
        foreach (WellKnownProvider known in WellKnownProvider.All)
        {
            foreach (string variable in known.KeyVariables)
            {
                if (environment.SourceOf(variable) is { } source)
                {
                    found.Add(new DetectedProvider(known, variable, source, environment.Variables(variable)!));
                    break;
                }
            }
        }

        return found;
    }

    private static decimal AskBudget(IAnsiConsole console, CliEnvironment environment)
    {
        TextReader input = environment.Input();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            console.Markup($"Daily hard budget in USD [[{DefaultDailyBudget.ToString(CultureInfo.InvariantCulture)}]]: ");
            string? line = input.ReadLine();
            console.WriteLine();
            if (line is null || line.Trim().Length == 0)
            {
                return DefaultDailyBudget;
            }

            if (decimal.TryParse(line.Trim().TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value) && value >= 0)
            {
                return value;
            }

            console.MarkupLineInterpolated($"[red]'{line.Trim()}' is not an amount in USD (e.g. 5 or 12.50; 0 for none).[/]");
        }

        throw new CliException("No valid budget given; nothing was written. Run purser init --budget <usd> or purser init --yes.", 2);
    }

    internal static string NewMasterKey() =>
        "pk-master-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonObject Document(List<DetectedProvider> found, decimal daily, string masterKey)
    {
        var providers = new JsonObject();
        foreach (DetectedProvider provider in found)
        {
            var entry = new JsonObject { ["Kind"] = provider.Known.Kind };
            if (provider.Known.Name == "ollama")
            {
                entry["BaseUrl"] = ProviderEnvironment.OllamaBaseUrl(provider.Value);
            }
            else
            {
                entry["BaseUrl"] = provider.Known.DefaultBaseUrl;
                entry["ApiKey"] = "env:" + provider.Variable;
            }

            providers[provider.Known.Name] = entry;
        }

        var purser = new JsonObject
        {
            ["Providers"] = providers,
            ["Auth"] = new JsonObject { ["MasterKey"] = masterKey, ["RequireKeys"] = false },
        };
        if (daily > 0)
        {
            purser["Budgets"] = new JsonObject
            {
                ["Items"] = new JsonObject
                {
                    ["daily"] = new JsonObject { ["Scope"] = "global", ["Window"] = "daily", ["Unit"] = "usd", ["Limit"] = daily, ["Mode"] = "hard" },
                },
            };
        }

        return new JsonObject { ["Purser"] = purser };
    }

    /// <summary>Writes the file readable by its owner only (it holds the master key).</summary>
    private static void WriteConfiguration(string file, JsonObject document)
    {
        string temporary = file + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(document.ToJsonString(Indented));
                writer.Write('\n');
            }

            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write {file}: {ex.Message}");
        }
    }

    internal sealed record DetectedProvider(WellKnownProvider Known, string Variable, string Source, string Value);
}
