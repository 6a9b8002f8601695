using System.Text;
using Purser.Chat;
using Purser.Providers.Translation;

namespace Purser.Providers.Tests.Translation;

public sealed class TranslationTablesTests
{
    [Fact]
    public void Find_EveryPairOfDifferentHttpProtocols_HasATable()
    {
        WireProtocol[] http = [WireProtocol.OpenAIChat, WireProtocol.AnthropicMessages, WireProtocol.Gemini];
        foreach (WireProtocol source in http)
        {
            foreach (WireProtocol target in http.Where(t => t != source))
            {
                TranslationTables.Find(source, target).ShouldNotBeNull($"{source} → {target}");
            }
        }
    }

    [Fact]
    public void Docs_TranslationMd_HasEveryRowOfEveryTable()
    {
        string path = FindDoc();
        string doc = File.ReadAllText(path);
        string expected = Markdown();
        if (Environment.GetEnvironmentVariable("PURSER_WRITE_DOCS") == "1")
        {
            // Regenerates the tables: PURSER_WRITE_DOCS=1 dotnet test tests/Purser.Providers.Tests --filter Docs_TranslationMd
            int start = doc.IndexOf("<!-- generated from", StringComparison.Ordinal);
            int end = doc.IndexOf("<!-- end of generated tables -->\n", StringComparison.Ordinal);
            doc = doc[..start] + expected + doc[(end + "<!-- end of generated tables -->\n".Length)..];
            File.WriteAllText(path, doc);
        }

        doc.ShouldContain(expected, customMessage: "docs/TRANSLATION.md is out of date: paste the tables from TranslationTablesTests.Markdown() (between the generated markers).");
    }

    /// <summary>The generated part of docs/TRANSLATION.md: one table per protocol pair.</summary>
    internal static string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("<!-- generated from src/Purser.Providers/Translation (TranslationTablesTests) -->\n");
        foreach (TranslationTable table in TranslationTables.All)
        {
            sb.Append($"\n### {Name(table.Source)} → {Name(table.Target)}\n\n| field | action | how / why |\n|---|---|---|\n");
            foreach (FieldRule rule in table.Rules)
            {
                sb.Append($"| `{rule.Field}` | {rule.Action.ToString().ToLowerInvariant()} | {rule.Note.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }
        }

        sb.Append("\n<!-- end of generated tables -->\n");
        return sb.ToString();
    }

    private static string Name(WireProtocol protocol) => protocol switch
    {
        WireProtocol.OpenAIChat => "OpenAI Chat Completions",
        WireProtocol.AnthropicMessages => "Anthropic Messages",
        WireProtocol.Gemini => "Gemini",
        WireProtocol.OpenAIEmbeddings => "OpenAI Embeddings",
        _ => protocol.ToString(),
    };

    private static string FindDoc()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "docs", "TRANSLATION.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/TRANSLATION.md not found above " + AppContext.BaseDirectory);
    }
}
