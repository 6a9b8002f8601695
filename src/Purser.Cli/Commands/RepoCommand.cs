using System.CommandLine;
using System.Globalization;
using Purser.Assistant.Json;
using Purser.Assistant.Languages;
using Purser.Assistant.Repositories;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser repo add|list|analyze|tree|files|remove</c>: repositories known to Purser (no model calls).</summary>
internal static class RepoCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment) =>
        new("repo", "Register repositories and look at their files: languages, line counts, tree (no model calls)")
        {
            Add(console, environment),
            List(console, environment),
            Analyze(console, environment),
            Tree(console, environment),
            Files(console, environment),
            Remove(console, environment),
        };

    private static Command Add(IAnsiConsole console, CliEnvironment environment)
    {
        var path = new Argument<string>("path") { Description = "The repository's root folder", DefaultValueFactory = _ => "." };
        var name = new Option<string?>("--name", "-n") { Description = "The name to refer to it by (default: the folder name)" };
        var command = new Command("add", "Register a repository by its folder") { path, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string root = environment.FullPath(parse.GetValue(path)!).TrimEnd(Path.DirectorySeparatorChar);
            if (!Directory.Exists(root))
            {
                throw new CliException($"No such folder: {parse.GetValue(path)}");
            }

            string repoName = (parse.GetValue(name) ?? Path.GetFileName(root)).Trim();
            if (repoName.Length == 0 || repoName.Contains('/', StringComparison.Ordinal) || repoName.Contains('\\', StringComparison.Ordinal))
            {
                throw new CliException("--name must be non-empty and must not contain '/' or '\\'.", 2);
            }

            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            IRepositoryStore store = context.Get<IRepositoryStore>();
            RepositoryRecord? added = await store.AddAsync(repoName, root, context.Get<TimeProvider>().GetUtcNow(), cancellationToken);
            if (added is null)
            {
                RepositoryRecord? byName = await store.FindAsync(repoName, cancellationToken);
                RepositoryRecord? byRoot = await store.FindAsync(root, cancellationToken);
                throw new CliException(byName is not null
                    ? $"A repository named '{byName.Name}' is already registered ({byName.Root}); choose another --name."
                    : $"{root} is already registered as '{byRoot?.Name}'.");
            }

            console.MarkupLineInterpolated($"[green]Registered {added.Name}[/] at {added.Root}. Next: purser repo analyze {added.Name}");
            return 0;
        });
        return command;
    }

    private static Command List(IAnsiConsole console, CliEnvironment environment)
    {
        var json = GlobalOptions.Json();
        var command = new Command("list", "The registered repositories") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            IReadOnlyList<RepositoryRecord> repos = await context.Get<IRepositoryStore>().ListAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(repos));
                return 0;
            }

            if (repos.Count == 0)
            {
                console.MarkupLine("No repositories registered yet. Add one with [bold]purser repo add <path> --name <name>[/].");
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title("[bold]Repositories[/]");
            table.AddColumn("Name").AddColumn("Root").AddColumn(new TableColumn("Files").RightAligned()).AddColumn(new TableColumn("Lines").RightAligned()).AddColumn("Scanned (UTC)");
            foreach (RepositoryRecord repo in repos)
            {
                table.AddRow(
                    $"[bold]{Markup.Escape(repo.Name)}[/]",
                    Markup.Escape(repo.Root) + (Directory.Exists(repo.Root) ? "" : " [red](missing)[/]"),
                    repo.ScannedAt is null ? "-" : AssistantOutput.N(repo.Files),
                    repo.ScannedAt is null ? "-" : AssistantOutput.N(repo.Lines),
                    repo.ScannedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "[grey]never (purser repo analyze)[/]");
            }

            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Analyze(IAnsiConsole console, CliEnvironment environment)
    {
        var name = new Argument<string>("name") { Description = "A registered repository" };
        var json = GlobalOptions.Json();
        var command = new Command("analyze", "Scan a repository: files (honouring .gitignore), languages, line counts, sizes") { name, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            IRepositoryStore store = context.Get<IRepositoryStore>();
            RepositoryRecord repo = await FindAsync(store, environment, parse.GetValue(name)!, cancellationToken);
            IReadOnlyList<RepositoryFile> files = RepositoryScanner.Scan(repo.Root, cancellationToken);
            await store.SaveScanAsync(repo.Id, files, context.Get<TimeProvider>().GetUtcNow(), cancellationToken);
            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(files));
                return 0;
            }

            long lines = files.Sum(f => f.Lines);
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(repo.Name)}: {files.Count:N0} files, {lines:N0} lines[/]");
            table.AddColumn("Language").AddColumn(new TableColumn("Files").RightAligned()).AddColumn(new TableColumn("Lines").RightAligned()).AddColumn(new TableColumn("Share of lines").RightAligned()).AddColumn(new TableColumn("Size").RightAligned());
            foreach (var group in files.GroupBy(f => f.IsBinary ? "(binary)" : f.Language ?? "(other)").OrderByDescending(g => g.Sum(f => f.Lines)).ThenByDescending(g => g.Count()))
            {
                long groupLines = group.Sum(f => f.Lines);
                table.AddRow(
                    Markup.Escape(LanguageDetector.Find(group.Key)?.Name ?? group.Key),
                    AssistantOutput.N(group.Count()),
                    AssistantOutput.N(groupLines),
                    lines > 0 ? ((double)groupLines / lines).ToString("P1", CultureInfo.InvariantCulture) : "-",
                    Size(group.Sum(f => f.Bytes)));
            }

            console.Write(table);
            var largest = files.Where(f => !f.IsBinary).OrderByDescending(f => f.Lines).Take(5).ToList();
            if (largest.Count > 0)
            {
                console.MarkupLine("[bold]Largest files[/]");
                foreach (RepositoryFile file in largest)
                {
                    console.MarkupLineInterpolated($"  {file.Path} [grey]({file.Lines:N0} lines, {LanguageDetector.Find(file.Language)?.Name ?? "other"})[/]");
                }
            }

            console.MarkupLineInterpolated($"[grey]Score the code with: purser analyze repo {repo.Name}[/]");
            return 0;
        });
        return command;
    }

    private static Command Tree(IAnsiConsole console, CliEnvironment environment)
    {
        var name = new Argument<string>("name") { Description = "A registered repository" };
        var depth = new Option<int>("--depth", "-d") { Description = "Folder levels to show", DefaultValueFactory = _ => 2 };
        var command = new Command("tree", "The repository's folders with file and line counts (from its last scan)") { name, depth };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int levels = parse.GetValue(depth);
            if (levels is < 1 or > 32)
            {
                throw new CliException("--depth must be between 1 and 32.", 2);
            }

            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            (RepositoryRecord repo, IReadOnlyList<RepositoryFile> files) = await ScannedFilesAsync(context, environment, parse.GetValue(name)!, null, cancellationToken);
            var root = new Folder("");
            foreach (RepositoryFile file in files)
            {
                string[] parts = file.Path.Split('/');
                Folder folder = root;
                root.Add(file);
                for (int i = 0; i < parts.Length - 1; i++)
                {
                    folder = folder.Child(parts[i]);
                    folder.Add(file);
                }

                folder.Files.Add(file);
            }

            var tree = new Spectre.Console.Tree($"[bold]{Markup.Escape(repo.Name)}[/] [grey]{root.Count:N0} files, {root.Lines:N0} lines[/]");
            AddChildren(tree, root, levels, 1);
            console.Write(tree);
            return 0;
        });
        return command;
    }

    private static Command Files(IAnsiConsole console, CliEnvironment environment)
    {
        var name = new Argument<string>("name") { Description = "A registered repository" };
        var language = new Option<string?>("--language", "-l") { Description = "Only files of this language (python, csharp, C#, ts …)" };
        var json = GlobalOptions.Json();
        var command = new Command("files", "The repository's files with language, lines and size (from its last scan)") { name, language, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? languageId = null;
            if (parse.GetValue(language) is { } wanted)
            {
                languageId = LanguageDetector.Find(wanted)?.Id ?? throw new CliException($"--language '{wanted}' is not a language Purser recognises ({string.Join(", ", LanguageDetector.All.Select(l => l.Id))}).", 2);
            }

            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            (RepositoryRecord repo, IReadOnlyList<RepositoryFile> files) = await ScannedFilesAsync(context, environment, parse.GetValue(name)!, languageId, cancellationToken);
            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(files));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(repo.Name)}: {files.Count:N0} file(s){(languageId is null ? "" : " in " + Markup.Escape(LanguageDetector.Find(languageId)!.Name))}[/]");
            table.AddColumn("Path").AddColumn("Language").AddColumn(new TableColumn("Lines").RightAligned()).AddColumn(new TableColumn("Size").RightAligned());
            foreach (RepositoryFile file in files)
            {
                table.AddRow(Markup.Escape(file.Path), file.IsBinary ? "[grey]binary[/]" : Markup.Escape(LanguageDetector.Find(file.Language)?.Name ?? "-"), file.IsBinary ? "-" : AssistantOutput.N(file.Lines), Size(file.Bytes));
            }

            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Remove(IAnsiConsole console, CliEnvironment environment)
    {
        var name = new Argument<string>("name") { Description = "A registered repository" };
        var command = new Command("remove", "Forget a registered repository (its files stay where they are)") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            IRepositoryStore store = context.Get<IRepositoryStore>();
            RepositoryRecord repo = await FindAsync(store, environment, parse.GetValue(name)!, cancellationToken);
            await store.RemoveAsync(repo.Id, cancellationToken);
            console.MarkupLineInterpolated($"Removed {repo.Name}.");
            return 0;
        });
        return command;
    }

    private static async Task<RepositoryRecord> FindAsync(IRepositoryStore store, CliEnvironment environment, string nameOrPath, CancellationToken cancellationToken) =>
        await store.FindAsync(nameOrPath, cancellationToken)
        ?? await store.FindAsync(environment.FullPath(nameOrPath).TrimEnd(Path.DirectorySeparatorChar), cancellationToken)
        ?? throw new CliException($"No registered repository '{nameOrPath}'. Register it with: purser repo add <path> --name {nameOrPath}");

    /// <summary>The files of the last scan; scans now when the repository was never scanned.</summary>
    private static async Task<(RepositoryRecord Repo, IReadOnlyList<RepositoryFile> Files)> ScannedFilesAsync(CliContext context, CliEnvironment environment, string name, string? language, CancellationToken cancellationToken)
    {
        IRepositoryStore store = context.Get<IRepositoryStore>();
        RepositoryRecord repo = await FindAsync(store, environment, name, cancellationToken);
        if (repo.ScannedAt is null)
        {
            await store.SaveScanAsync(repo.Id, RepositoryScanner.Scan(repo.Root, cancellationToken), context.Get<TimeProvider>().GetUtcNow(), cancellationToken);
        }

        return (repo, await store.FilesAsync(repo.Id, language, cancellationToken));
    }

    private static void AddChildren(IHasTreeNodes parent, Folder folder, int maxDepth, int depth)
    {
        foreach (Folder child in folder.Children.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            TreeNode node = parent.AddNode($"[blue]{Markup.Escape(child.Name)}/[/] [grey]{child.Count:N0} files, {child.Lines:N0} lines[/]");
            if (depth < maxDepth)
            {
                AddChildren(node, child, maxDepth, depth + 1);
            }
        }

        if (depth <= maxDepth)
        {
            foreach (RepositoryFile file in folder.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                string label = file.IsBinary ? "binary" : $"{file.Lines:N0} lines";
                parent.AddNode($"{Markup.Escape(file.Path[(file.Path.LastIndexOf('/') + 1)..])} [grey]{label}[/]");
            }
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };

    private sealed class Folder(string name)
    {
        public string Name { get; } = name;

        public Dictionary<string, Folder> Children { get; } = new(StringComparer.Ordinal);

        public List<RepositoryFile> Files { get; } = [];

        public int Count { get; private set; }

        public long Lines { get; private set; }

        public Folder Child(string childName)
        {
            if (!Children.TryGetValue(childName, out Folder? child))
            {
                Children[childName] = child = new Folder(childName);
            }

            return child;
        }

        public void Add(RepositoryFile file)
        {
            Count++;
            Lines += file.Lines;
        }
    }
}
