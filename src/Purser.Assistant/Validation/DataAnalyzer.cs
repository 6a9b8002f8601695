using System.Text.Json;
using System.Xml;
using Purser.Guards;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Purser.Assistant.Validation;

/// <summary>JSON (System.Text.Json), YAML (YamlDotNet) and XML (System.Xml, no DTDs): syntax and hard-coded secrets; the code checks do not apply.</summary>
internal static class DataAnalyzer
{
    public static void Analyze(string text, string language, SecretScanner scanner, FileChecks checks)
    {
        switch (language)
        {
            case "json":
                Json(text, checks);
                break;
            case "yaml":
                Yaml(text, checks);
                break;
            default:
                Xml(text, checks);
                break;
        }

        CodePatterns.Secrets(text, scanner, checks);
        checks.Checked(ValidationChecks.Security, "hard-coded secrets");
        foreach (string check in new[] { ValidationChecks.Types, ValidationChecks.Documentation, ValidationChecks.ErrorHandling, ValidationChecks.Imports, ValidationChecks.Logging })
        {
            checks.NotApplicable(check, "a data file");
        }
    }

    private static void Json(string text, FileChecks checks)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            checks.Add(ValidationRules.ParseError, ex.LineNumber is long line ? (int)line + 1 : null, "Invalid JSON: " + ex.Message.Split(" LineNumber:")[0]);
        }

        checks.Checked(ValidationChecks.Syntax, "System.Text.Json (strict: no comments or trailing commas)");
    }

    private static void Yaml(string text, FileChecks checks)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            checks.Add(ValidationRules.ParseError, (int)ex.Start.Line, "Invalid YAML: " + ex.Message);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up on some malformed input (an unclosed flow collection) this way.
            checks.Add(ValidationRules.ParseError, null, "Invalid YAML: the parser could not read the document (an unclosed bracket or quote?).");
        }

        checks.Checked(ValidationChecks.Syntax, "YamlDotNet");
    }

    private static void Xml(string text, FileChecks checks)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (XmlException ex)
        {
            // A refused DTD carries no position in the exception; the reader knows where it stopped.
            int line = ex.LineNumber > 0 ? ex.LineNumber : (reader as IXmlLineInfo)?.LineNumber ?? 0;
            int doctype = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
            if (line <= 0 && doctype >= 0)
            {
                line = new SourceLines(text).LineOf(doctype);
            }

            checks.Add(ValidationRules.ParseError, line > 0 ? line : null, "Invalid XML: " + ex.Message);
        }

        checks.Checked(ValidationChecks.Syntax, "System.Xml (DTDs refused)");
    }
}
