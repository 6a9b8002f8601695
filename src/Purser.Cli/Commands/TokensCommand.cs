using System.CommandLine;
using System.Text.Json.Nodes;
using Purser.Cli.Hosting;
using Purser.Tokens;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser tokens &lt;file|-&gt; [--model]</c>: exact BPE counts for OpenAI models, labelled estimates for others.</summary>
internal static class TokensCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment, TextReader? stdin = null)
    {
        var input = new Argument<string>("file") { Description = "A file, or - for standard input" };
        var model = new Option<string>("--model", "-m") { Description = "Model whose tokenizer to use", DefaultValueFactory = _ => "gpt-4o" };
        var json = GlobalOptions.Json();
        var command = new Command("tokens", "Count the tokens of a file or of standard input") { input, model, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string source = parse.GetValue(input)!;
            string text;
            if (source == "-")
            {
                text = await (stdin ?? Console.In).ReadToEndAsync(cancellationToken);
            }
            else
            {
                string path = Path.Combine(environment.WorkingDirectory, source);
                if (!File.Exists(path))
                {
                    throw new CliException($"No such file: {source}", 2);
                }

                text = await File.ReadAllTextAsync(path, cancellationToken);
            }

            string modelName = parse.GetValue(model)!;
            TokenCount count = Tokenizers.ForModel(modelName).Count(text);
            int lines = text.Length == 0 ? 0 : text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(new JsonObject
                {
                    ["tokens"] = count.Tokens,
                    ["exact"] = count.IsExact,
                    ["method"] = count.Method,
                    ["model"] = modelName,
                    ["characters"] = text.Length,
                    ["lines"] = lines,
                }.ToJsonString());
            }
            else
            {
                console.MarkupLineInterpolated($"[bold]{count.Tokens:N0}[/] tokens ({(count.IsExact ? "exact" : "estimated")}, {count.Method}) for {modelName}; {text.Length:N0} characters, {lines:N0} lines");
            }

            return 0;
        });
        return command;
    }
}
