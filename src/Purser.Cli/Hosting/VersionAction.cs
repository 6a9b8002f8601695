using System.CommandLine;
using System.CommandLine.Invocation;
using Spectre.Console;

namespace Purser.Cli.Hosting;

/// <summary><c>purser --version</c>: the version and the commit (<see cref="CliVersion"/>).</summary>
internal sealed class VersionAction(IAnsiConsole console) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        console.Profile.Out.Writer.WriteLine(CliVersion.Text);
        return 0;
    }
}
