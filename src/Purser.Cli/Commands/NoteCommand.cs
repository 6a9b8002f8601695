using System.CommandLine;
using System.Globalization;
using Purser.Assistant.Json;
using Purser.Assistant.Notes;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser note add|list|search|status</c>: developer notes with tags and an inbox → active → done workflow.</summary>
internal static class NoteCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment) =>
        new("note", "Notes with tags and a status workflow (inbox → active → done)")
        {
            Add(console, environment),
            List(console, environment),
            Search(console, environment),
            Status(console, environment),
        };

    private static Command Add(IAnsiConsole console, CliEnvironment environment)
    {
        var text = new Argument<string>("text") { Description = "The note" };
        var tags = new Option<string?>("--tags", "-t") { Description = "Comma-separated tags, e.g. auth,bug" };
        var json = GlobalOptions.Json();
        var command = new Command("add", "Add a note (it starts in the inbox)") { text, tags, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string body = parse.GetValue(text)!.Trim();
            if (body.Length == 0)
            {
                throw new CliException("The note is empty.", 2);
            }

            string[] tagList = (parse.GetValue(tags) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            Note note = await context.Get<INoteStore>().AddAsync(body, tagList, context.Get<TimeProvider>().GetUtcNow(), cancellationToken);
            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(note));
            }
            else
            {
                console.MarkupLineInterpolated($"[green]Note #{note.Id} added[/] to the inbox{(note.Tags.Count > 0 ? " (" + string.Join(", ", note.Tags) + ")" : "")}.");
            }

            return 0;
        });
        return command;
    }

    private static Command List(IAnsiConsole console, CliEnvironment environment)
    {
        var tag = new Option<string?>("--tag") { Description = "Only notes with this tag" };
        var status = new Option<string?>("--status", "-s") { Description = "Only notes in this status: inbox, active or done" };
        status.AcceptOnlyFromAmong([.. NoteStatuses.Names]);
        var json = GlobalOptions.Json();
        var command = new Command("list", "List notes, newest first") { tag, status, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            NoteStatus? wanted = NoteStatuses.TryParse(parse.GetValue(status), out NoteStatus s) ? s : null;
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            IReadOnlyList<Note> notes = await context.Get<INoteStore>().ListAsync(parse.GetValue(tag), wanted, cancellationToken);
            Print(console, notes, parse.GetValue(json), "Notes");
            return 0;
        });
        return command;
    }

    private static Command Search(IAnsiConsole console, CliEnvironment environment)
    {
        var words = new Argument<string[]>("words") { Description = "Words that must all appear (text or tags)", Arity = ArgumentArity.OneOrMore };
        var json = GlobalOptions.Json();
        var command = new Command("search", "Find notes containing every word") { words, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            IReadOnlyList<Note> notes = await context.Get<INoteStore>().SearchAsync(parse.GetValue(words)!, cancellationToken);
            Print(console, notes, parse.GetValue(json), $"Notes matching \"{string.Join(' ', parse.GetValue(words)!)}\"");
            return 0;
        });
        return command;
    }

    private static Command Status(IAnsiConsole console, CliEnvironment environment)
    {
        var id = new Argument<long>("id") { Description = "The note's number" };
        var status = new Argument<string>("status") { Description = "inbox, active or done" };
        status.AcceptOnlyFromAmong([.. NoteStatuses.Names]);
        var command = new Command("status", "Move a note to inbox, active or done") { id, status };
        command.SetAction(async (parse, cancellationToken) =>
        {
            NoteStatuses.TryParse(parse.GetValue(status), out NoteStatus target);
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            INoteStore store = context.Get<INoteStore>();
            Note? before = await store.GetAsync(parse.GetValue(id), cancellationToken) ?? throw new CliException($"There is no note #{parse.GetValue(id)} (purser note list shows them).");
            Note note = (await store.SetStatusAsync(before.Id, target, context.Get<TimeProvider>().GetUtcNow(), cancellationToken))!;
            console.MarkupLineInterpolated($"Note #{note.Id}: {before.Status.ToName()} → [bold]{note.Status.ToName()}[/].");
            return 0;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, IReadOnlyList<Note> notes, bool json, string title)
    {
        if (json)
        {
            AssistantOutput.Json(console, AssistantJson.Serialize(notes));
            return;
        }

        if (notes.Count == 0)
        {
            console.MarkupLine("No notes found. Add one with [bold]purser note add \"text\" --tags a,b[/].");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)} ({notes.Count})[/]");
        table.AddColumn(new TableColumn("#").RightAligned()).AddColumn("Status").AddColumn("Note").AddColumn("Tags").AddColumn("Updated (UTC)");
        foreach (Note note in notes)
        {
            string status = note.Status switch { NoteStatus.Active => "[yellow]active[/]", NoteStatus.Done => "[green]done[/]", _ => "[blue]inbox[/]" };
            table.AddRow(note.Id.ToString(CultureInfo.InvariantCulture), status, Markup.Escape(note.Text), Markup.Escape(string.Join(", ", note.Tags)), note.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }
}
