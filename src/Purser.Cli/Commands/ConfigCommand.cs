using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Cli.Hosting;
using Purser.Configuration;
using Purser.Gateway;
using Purser.Providers.Json;
using Purser.Routing;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary>
/// <c>purser config effective|export|import</c>: the configuration cascade (system → project → agent) — what applies
/// to a project and agent and where each value came from; the whole cascade as JSON, and back.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment) => new("config", "Show, export and import the routing configuration cascade (system → project → agent)")
    {
        Effective(console, environment),
        Export(console, environment),
        Import(console, environment),
    };

    private static Command Effective(IAnsiConsole console, CliEnvironment environment)
    {
        var project = new Option<string?>("--project", "-p") { Description = "The project (as sent in x-purser-project)" };
        var agent = new Option<string?>("--agent", "-a") { Description = "The agent (as sent in x-purser-agent)" };
        var json = GlobalOptions.Json();
        var command = new Command("effective", "Print the settings that apply to a project and agent, and where each came from") { project, agent, json };
        command.SetAction(parse =>
        {
            RoutingCascade cascade = Load(environment, parse.GetValue(GlobalOptions.Config), out _);
            EffectiveCascade effective = cascade.Resolve(Blank(parse.GetValue(project)), Blank(parse.GetValue(agent)));
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(ToJson(effective, cascade));
                return 0;
            }

            string scope = (effective.Project, effective.Agent) switch
            {
                (null, null) => "system defaults",
                (string p, null) => $"project {p}",
                (null, string a) => $"agent {a}",
                (string p, string a) => $"project {p}, agent {a}",
            };
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Effective configuration: {Markup.Escape(scope)}[/]");
            table.AddColumn("Setting").AddColumn("Value").AddColumn("From");
            foreach (string name in EffectiveCascade.Names)
            {
                string value = Value(effective, name) ?? "-";
                string source = effective.Sources.TryGetValue(name, out string? from) ? from : "not set";
                table.AddRow(name, Markup.Escape(value), Markup.Escape(source));
            }

            console.Write(table);
            console.MarkupLineInterpolated($"[grey]A call asking for model 'default' gets {effective.Model}. Imported cascade: {cascade.FilePath ?? "(no data folder)"}[/]");
            if (cascade.FileError is { } error)
            {
                console.MarkupLineInterpolated($"[red]The imported cascade is invalid and not used:[/] {error}");
            }

            return 0;
        });
        return command;
    }

    private static Command Export(IAnsiConsole console, CliEnvironment environment)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of the console" };
        var command = new Command("export", "Print the whole cascade (configuration and imported values merged) as JSON") { output };
        command.SetAction(parse =>
        {
            RoutingCascade cascade = Load(environment, parse.GetValue(GlobalOptions.Config), out _);
            string json = RoutingCascade.ToJson(cascade.Export());
            if (parse.GetValue(output) is { } file)
            {
                File.WriteAllText(Path.GetFullPath(file, environment.WorkingDirectory), json + Environment.NewLine);
                console.MarkupLineInterpolated($"Exported the cascade to {file}.");
            }
            else
            {
                console.Profile.Out.Writer.WriteLine(json);
            }

            return 0;
        });
        return command;
    }

    private static Command Import(IAnsiConsole console, CliEnvironment environment)
    {
        var file = new Argument<string>("file") { Description = "A cascade JSON document (as config export writes it), or - for standard input" };
        var merge = new Option<bool>("--merge") { Description = "Merge into the imported cascade instead of replacing it" };
        var command = new Command("import", "Store a cascade JSON document; a running gateway picks it up within a second") { file, merge };
        command.SetAction(parse =>
        {
            RoutingCascade cascade = Load(environment, parse.GetValue(GlobalOptions.Config), out PurserOptions options);
            string name = parse.GetValue(file)!;
            string json;
            try
            {
                json = name == "-" ? Console.In.ReadToEnd() : File.ReadAllText(Path.GetFullPath(name, environment.WorkingDirectory));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"Cannot read {name}: {ex.Message}");
            }

            CascadeDocument document = RoutingCascade.Parse(json, options, name == "-" ? "standard input" : Path.GetFileName(name));
            CascadeDocument stored;
            try
            {
                stored = cascade.Import(document, parse.GetValue(merge));
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ex.Message);
            }

            int projects = stored.Projects?.Count ?? 0;
            int agents = (stored.Agents?.Count ?? 0) + (stored.Projects?.Values.Sum(p => p.Agents?.Count ?? 0) ?? 0);
            console.MarkupLineInterpolated($"Imported the cascade ({(stored.System is null ? "no" : "with")} system defaults, {projects} project(s), {agents} agent entr{(agents == 1 ? "y" : "ies")}) into {cascade.FilePath}.");
            return 0;
        });
        return command;
    }

    private static RoutingCascade Load(CliEnvironment environment, string? configFile, out PurserOptions options)
    {
        var settings = new GatewayHostSettings
        {
            ConfigFile = configFile is null ? null : Path.GetFullPath(configFile, environment.WorkingDirectory),
            Environment = environment.Variables,
            ReadEnvironmentConfiguration = environment.ReadEnvironmentConfiguration,
        };
        (_, options) = GatewayHost.LoadConfiguration(settings);
        return new RoutingCascade(options, TimeProvider.System, NullLogger<RoutingCascade>.Instance);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Value(EffectiveCascade e, string name) => name switch
    {
        "model" => e.Model,
        "provider" => e.Provider,
        "promptAddition" => e.PromptAddition,
        "temperature" => e.Temperature?.ToString(CultureInfo.InvariantCulture),
        "maxTokens" => e.MaxTokens?.ToString(CultureInfo.InvariantCulture),
        "budgetShare" => e.BudgetShare.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string ToJson(EffectiveCascade effective, RoutingCascade cascade)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonWriting.Options.Encoder, Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("project", effective.Project);
            writer.WriteString("agent", effective.Agent);
            writer.WriteStartObject("settings");
            foreach (string name in EffectiveCascade.Names)
            {
                writer.WriteStartObject(name);
                writer.WritePropertyName("value");
                switch (name)
                {
                    case "temperature" when effective.Temperature is double t:
                        writer.WriteNumberValue(t);
                        break;
                    case "maxTokens" when effective.MaxTokens is int m:
                        writer.WriteNumberValue(m);
                        break;
                    case "budgetShare":
                        writer.WriteNumberValue(effective.BudgetShare);
                        break;
                    default:
                        if (Value(effective, name) is { } text && name is not ("temperature" or "maxTokens"))
                        {
                            writer.WriteStringValue(text);
                        }
                        else
                        {
                            writer.WriteNullValue();
                        }

                        break;
                }

                writer.WriteString("source", effective.Sources.TryGetValue(name, out string? source) ? source : null);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteString("cascadeFile", cascade.FilePath);
            writer.WriteString("cascadeFileError", cascade.FileError);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
