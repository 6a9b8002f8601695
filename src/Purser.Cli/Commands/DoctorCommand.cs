using System.CommandLine;
using Purser.Cli.Diagnostics;
using Purser.Cli.Hosting;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser doctor</c>: checks the set-up and prints what is wrong and how to fix it (exit code 1 when something is).</summary>
internal static class DoctorCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var port = new Option<int>("--port", "-p") { Description = "The port purser serve will use", DefaultValueFactory = _ => 4000 };
        var noCalls = new Option<bool>("--no-calls") { Description = "Do not call the providers (each call costs a few tokens)" };
        var command = new Command("doctor", "Check the configuration, database, providers (one minimal call each), clock and port, and say how to fix what is wrong") { port, noCalls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var doctor = new Doctor(environment, TimeProvider.System)
            {
                ConfigFile = parse.GetValue(GlobalOptions.Config) is { } file ? environment.FullPath(file) : null,
                Port = parse.GetValue(port),
                Calls = !parse.GetValue(noCalls),
            };
            List<DoctorCheck> checks = await doctor.RunAsync(cancellationToken);
            foreach (DoctorCheck check in checks)
            {
                string mark = check.Status switch
                {
                    DoctorStatus.Ok => "[green]ok  [/]",
                    DoctorStatus.Warning => "[yellow]warn[/]",
                    DoctorStatus.Failed => "[red]FAIL[/]",
                    _ => "[grey]skip[/]",
                };
                console.MarkupLine($"{mark}  [bold]{Markup.Escape(check.Area)}[/]  {Markup.Escape(check.Detail)}");
                if (check.Fix is { } fix)
                {
                    console.MarkupLineInterpolated($"      [grey]fix:[/] {fix}");
                }
            }

            int failed = checks.Count(c => c.Status == DoctorStatus.Failed);
            int warnings = checks.Count(c => c.Status == DoctorStatus.Warning);
            console.MarkupLine(failed > 0
                ? $"[red]{failed} problem(s)[/], {warnings} warning(s)."
                : warnings > 0 ? $"No problems, {warnings} warning(s)." : "[green]Everything looks right.[/]");
            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}
