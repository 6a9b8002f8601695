using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Purser.Assistant.Json;
using Purser.Assistant.Templates;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser templates list|show|similar|edit|delete|export|import</c>: the learned templates of code generation.</summary>
internal static class TemplatesCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment) =>
        new("templates", "Learned templates of code generation: list, show, find similar, edit, delete, export, import")
        {
            List(console, environment),
            Show(console, environment),
            Similar(console, environment),
            Edit(console, environment),
            Delete(console, environment),
            Export(console, environment),
            Import(console, environment),
        };

    private static Command List(IAnsiConsole console, CliEnvironment environment)
    {
        var json = GlobalOptions.Json();
        var command = new Command("list", "Every template: task, language, stack, score, uses and dollars saved") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            IReadOnlyList<LearnedTemplate> templates = await context.Get<TemplateCatalog>().ListAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(templates));
                return 0;
            }

            if (templates.Count == 0)
            {
                console.MarkupLine("No templates yet: a generation that validates with a score of 90 or more is learned (purser generate).");
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("Id").RightAligned()).AddColumn("Task").AddColumn("Language").AddColumn("Stack")
                .AddColumn("Parameters").AddColumn(new TableColumn("Score").RightAligned()).AddColumn(new TableColumn("Uses").RightAligned()).AddColumn(new TableColumn("Saved").RightAligned());
            foreach (LearnedTemplate t in templates)
            {
                table.AddRow(
                    I(t.Id),
                    Markup.Escape(t.Task),
                    Markup.Escape(t.Language.Length == 0 ? "-" : t.Language),
                    Markup.Escape(t.Stack.Length == 0 ? "-" : t.Stack),
                    Markup.Escape(Parameters(t.Parameters)),
                    AssistantOutput.Score(t.Score),
                    I(t.Uses),
                    Markup.Escape(CostFormatter.Format(t.SavedUsd)));
            }

            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Show(IAnsiConsole console, CliEnvironment environment)
    {
        var id = new Argument<long>("id") { Description = "The template's id" };
        var json = GlobalOptions.Json();
        var command = new Command("show", "One template: its pattern, parameters, code with placeholders, and earlier versions") { id, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            TemplateDetails details = await context.Get<TemplateCatalog>().ShowAsync(parse.GetValue(id), cancellationToken) ?? throw NotFound(parse.GetValue(id));
            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(details));
                return 0;
            }

            LearnedTemplate t = details.Template;
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("[grey]Task[/]", Markup.Escape(t.Task));
            grid.AddRow("[grey]Pattern[/]", Markup.Escape($"{t.Operation} · {(t.Language.Length == 0 ? "any language" : t.Language)} · {(t.Stack.Length == 0 ? "no stack" : t.Stack)} · {t.Pattern}"));
            grid.AddRow("[grey]Parameters[/]", Markup.Escape(Parameters(t.Parameters)));
            grid.AddRow("[grey]Score[/]", AssistantOutput.Score(t.Score));
            grid.AddRow("[grey]Source[/]", Markup.Escape($"{t.SourceModel ?? "unknown"}, cost {(t.SourceCostUsd is decimal c ? CostFormatter.Format(c) : "unknown")}"));
            grid.AddRow("[grey]Version[/]", Markup.Escape($"{t.Version} (created {t.CreatedAt:yyyy-MM-dd HH:mm}, updated {t.UpdatedAt:yyyy-MM-dd HH:mm} UTC)"));
            grid.AddRow("[grey]Used[/]", Markup.Escape($"{t.Uses} time(s), saved {CostFormatter.Format(t.SavedUsd)}"));
            console.Write(new Panel(grid).Header($"Template {t.Id}"));
            AssistantOutput.Text(console, t.Code);
            foreach (TemplateVersion v in details.History)
            {
                console.MarkupLineInterpolated($"[grey]version {v.Version}: score {v.Score}, replaced {v.ReplacedAt:yyyy-MM-dd HH:mm} UTC ({v.Reason})[/]");
            }

            return 0;
        });
        return command;
    }

    private static Command Similar(IAnsiConsole console, CliEnvironment environment)
    {
        var task = new Argument<string>("task") { Description = "A task, as you would give it to purser generate" };
        var stack = new Option<string?>("--stack", "-s") { Description = "The stack, comma-separated" };
        var language = new Option<string?>("--language", "-l") { Description = "The language" };
        var limit = new Option<int>("--limit", "-n") { Description = "How many candidates", DefaultValueFactory = _ => 10 };
        var json = GlobalOptions.Json();
        var command = new Command("similar", "Templates most similar to a task, with their similarity and whether they would answer it") { task, stack, language, limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            string[] stackList = (parse.GetValue(stack) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            IReadOnlyList<TemplateCandidate> candidates = await context.Get<TemplateCatalog>().SimilarAsync(parse.GetValue(task)!, parse.GetValue(language), stackList, Math.Max(1, parse.GetValue(limit)), cancellationToken);
            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(candidates));
                return 0;
            }

            TemplateOptions options = context.Get<TemplateOptions>();
            TaskPattern pattern = TaskPattern.Parse(parse.GetValue(task)!);
            console.MarkupLineInterpolated($"[grey]Task pattern:[/] {pattern.Text} [grey]({Parameters(pattern.Parameters)}; a template answers at similarity ≥ {options.Similarity.ToString("0.00", CultureInfo.InvariantCulture)} with the same language and stack)[/]");
            if (candidates.Count == 0)
            {
                console.MarkupLine("No templates yet.");
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("Id").RightAligned()).AddColumn("Task").AddColumn(new TableColumn("Similarity").RightAligned())
                .AddColumn("Language").AddColumn("Stack").AddColumn("Would answer");
            foreach (TemplateCandidate c in candidates)
            {
                table.AddRow(
                    I(c.Template.Id),
                    Markup.Escape(c.Template.Task),
                    c.Similarity.ToString("0.00", CultureInfo.InvariantCulture),
                    (c.SameLanguage ? "" : "[yellow]") + Markup.Escape(c.Template.Language.Length == 0 ? "-" : c.Template.Language) + (c.SameLanguage ? "" : "[/]"),
                    (c.SameStack ? "" : "[yellow]") + Markup.Escape(c.Template.Stack.Length == 0 ? "-" : c.Template.Stack) + (c.SameStack ? "" : "[/]"),
                    c.WouldMatch ? "[green]yes[/]" : "no");
            }

            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Edit(IAnsiConsole console, CliEnvironment environment)
    {
        var id = new Argument<long>("id") { Description = "The template's id" };
        var file = new Option<string?>("--file", "-f") { Description = "The new code (with {{purser:Name:form}} placeholders), from a file or - for standard input; default: open it in $EDITOR" };
        var command = new Command("edit", "Replace a template's code (the old version is kept in its history)") { id, file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            TemplateCatalog catalog = context.Get<TemplateCatalog>();
            long templateId = parse.GetValue(id);
            TemplateDetails details = await catalog.ShowAsync(templateId, cancellationToken) ?? throw NotFound(templateId);
            string code = parse.GetValue(file) is { } source ? CliPaths.ReadText(environment, source, "template") : InEditor(environment, details.Template.Code);
            if (code == details.Template.Code)
            {
                console.MarkupLine("Nothing changed.");
                return 0;
            }

            (LearnedTemplate? edited, string? error) = await catalog.EditAsync(templateId, code, cancellationToken);
            if (error is not null)
            {
                throw new CliException(error);
            }

            console.MarkupLineInterpolated($"[green]Template {templateId} is now version {edited!.Version}[/] (version {edited.Version - 1} kept in its history).");
            return 0;
        });
        return command;
    }

    private static Command Delete(IAnsiConsole console, CliEnvironment environment)
    {
        var id = new Argument<long>("id") { Description = "The template's id" };
        var command = new Command("delete", "Delete a template and its history") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            if (!await context.Get<TemplateCatalog>().DeleteAsync(parse.GetValue(id), cancellationToken))
            {
                throw NotFound(parse.GetValue(id));
            }

            console.MarkupLineInterpolated($"Template {parse.GetValue(id)} deleted.");
            return 0;
        });
        return command;
    }

    private static Command Export(IAnsiConsole console, CliEnvironment environment)
    {
        var output = new Option<string?>("--out", "-o") { Description = "The file to write (default: standard output)" };
        var command = new Command("export", "Write every template (with its history) as JSON") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            TemplateExport export = await context.Get<TemplateCatalog>().ExportAsync(cancellationToken);
            string json = AssistantJson.Serialize(export);
            if (!CliPaths.WriteReport(console, environment, parse.GetValue(output), json))
            {
                console.MarkupLineInterpolated($"Exported {export.Templates.Count} template(s) to {parse.GetValue(output)}.");
            }

            return 0;
        });
        return command;
    }

    private static Command Import(IAnsiConsole console, CliEnvironment environment)
    {
        var file = new Argument<string>("file") { Description = "A file written by purser templates export, or - for standard input" };
        var command = new Command("import", "Add templates from an export (a template whose pattern exists replaces it only when it scores higher)") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string text = CliPaths.ReadText(environment, parse.GetValue(file)!, "template");
            TemplateExport export;
            try
            {
                export = JsonSerializer.Deserialize(text, AssistantJsonContext.Default.TemplateExport) ?? throw new JsonException("empty");
            }
            catch (JsonException ex)
            {
                throw new CliException($"{parse.GetValue(file)} is not a template export: {ex.Message}");
            }

            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            try
            {
                (int added, int upgraded, int kept) = await context.Get<TemplateCatalog>().ImportAsync(export, cancellationToken);
                console.MarkupLineInterpolated($"Imported: {added} added, {upgraded} upgraded, {kept} kept (the existing one scores as well or better).");
            }
            catch (FormatException ex)
            {
                throw new CliException(ex.Message);
            }

            return 0;
        });
        return command;
    }

    private static string InEditor(CliEnvironment environment, string code)
    {
        string? editor = environment.Variables("VISUAL") ?? environment.Variables("EDITOR");
        if (string.IsNullOrWhiteSpace(editor))
        {
            throw new CliException("Give the new code with --file <path|-> (or set EDITOR to edit it in place).", 2);
        }

        string temp = Path.Combine(Path.GetTempPath(), $"purser-template-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(temp, code);
            var start = new System.Diagnostics.ProcessStartInfo(editor) { UseShellExecute = false };
            start.ArgumentList.Add(temp);
            using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start) ?? throw new CliException($"Could not start the editor '{editor}'.");
            process.WaitForExit();
            return process.ExitCode == 0 ? File.ReadAllText(temp) : throw new CliException($"The editor exited with code {process.ExitCode}; the template was not changed.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CliException($"Could not start the editor '{editor}': {ex.Message}");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static CliException NotFound(long id) => new($"No template {id} (purser templates list shows them).");

    private static string Parameters(IReadOnlyList<TemplateParameter> parameters) =>
        parameters.Count == 0 ? "no parameters" : string.Join(", ", parameters.Select(p => $"{p.Name}={p.Value}"));

    private static string I(long n) => n.ToString(CultureInfo.InvariantCulture);
}
