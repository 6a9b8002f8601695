using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Purser.Guards;

namespace Purser.Assistant.Validation;

/// <summary>
/// C# with Roslyn: parse diagnostics; for a file that stands alone, semantic diagnostics against the .NET libraries
/// (with the SDK's implicit usings the file does not write itself), unused usings (CS8019) and missing ones; and the
/// security, types, documentation, error-handling and logging rules over the syntax tree.
/// </summary>
internal static class CSharpAnalyzer
{
    private const int MaxDiagnostics = 20;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.Parse);

    /// <param name="text">The code.</param>
    /// <param name="project">The project the file belongs to (then only parse diagnostics are possible), or null when it stands alone.</param>
    /// <param name="scanner">The secret guard's scanner.</param>
    /// <param name="checks">Where findings go.</param>
    public static void Analyze(string text, string? project, SecretScanner scanner, FileChecks checks)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(text, ParseOptions, path: "code.cs");
        var root = (CompilationUnitSyntax)tree.GetRoot();
        Syntax(tree, root, project, checks);
        CSharpRules.Run(root, checks);
        CodePatterns.Secrets(text, scanner, checks);
        checks.Checked(ValidationChecks.Security);
        checks.Checked(ValidationChecks.Types, "public signatures");
        checks.Checked(ValidationChecks.ErrorHandling);
        checks.Checked(ValidationChecks.Logging);
    }

    private static void Syntax(SyntaxTree tree, CompilationUnitSyntax root, string? project, FileChecks checks)
    {
        Diagnostic[] parse = [.. tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
        foreach (Diagnostic diagnostic in parse.Take(MaxDiagnostics))
        {
            checks.Add(ValidationRules.ParseError, LineOf(diagnostic), Describe(diagnostic));
        }

        if (parse.Length > 0)
        {
            checks.Checked(ValidationChecks.Syntax, "Roslyn parse diagnostics");
            checks.NotChecked(ValidationChecks.Imports, "the file does not parse");
            return;
        }

        if (project is not null)
        {
            checks.Checked(ValidationChecks.Syntax, $"parsed with Roslyn; semantic diagnostics need the whole project ({project}), so they were not run");
            checks.NotChecked(ValidationChecks.Imports, $"unused and missing usings need the whole project ({project})");
            return;
        }

        Semantics(tree, root, checks);
    }

    private static void Semantics(SyntaxTree tree, CompilationUnitSyntax root, FileChecks checks)
    {
        var declared = new HashSet<string>(root.Usings.Where(u => u.StaticKeyword.IsKind(SyntaxKind.None) && u.Alias is null && u.Name is not null).Select(u => u.Name!.ToString()), StringComparer.Ordinal);
        string implicitUsings = string.Concat(FrameworkReferences.ImplicitUsings.Where(n => !declared.Contains(n)).Select(n => $"global using global::{n};\n"));
        SyntaxTree usings = CSharpSyntaxTree.ParseText(implicitUsings, ParseOptions, path: "implicit-usings.cs");
        bool program = root.Members.OfType<GlobalStatementSyntax>().Any();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "validated",
            [tree, usings],
            FrameworkReferences.All,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        Diagnostic[] all = [.. compilation.GetDiagnostics().Where(d => d.Location.SourceTree == tree)];

        // A using of a namespace outside the .NET libraries (a package, another project): semantic errors would be noise.
        string[] foreign = [.. all
            .Where(d => d.Id is "CS0246" or "CS0234" && d.Severity == DiagnosticSeverity.Error)
            .Select(d => root.FindNode(d.Location.SourceSpan).FirstAncestorOrSelf<UsingDirectiveSyntax>())
            .OfType<UsingDirectiveSyntax>()
            .Select(u => u.Name?.ToString() ?? "?")
            .Distinct(StringComparer.Ordinal)];
        if (foreign.Length > 0)
        {
            checks.Checked(ValidationChecks.Syntax, $"parsed with Roslyn; semantic diagnostics skipped: the file uses namespaces outside the .NET libraries ({string.Join(", ", foreign)})");
            checks.NotChecked(ValidationChecks.Imports, $"usings cannot be resolved without the packages of {string.Join(", ", foreign)}");
            return;
        }

        int reported = 0;
        foreach (Diagnostic diagnostic in all.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            if (MissingUsing(root, diagnostic) is { } missing)
            {
                checks.Add(ValidationRules.MissingImport, LineOf(diagnostic), missing);
            }

            if (reported++ < MaxDiagnostics)
            {
                checks.Add(ValidationRules.CompileError, LineOf(diagnostic), Describe(diagnostic));
            }
        }

        foreach (Diagnostic diagnostic in all.Where(d => d.Id == "CS8019"))
        {
            string directive = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<UsingDirectiveSyntax>()?.ToString().Trim() ?? "a using directive";
            checks.Add(ValidationRules.UnusedImport, LineOf(diagnostic), $"'{directive}' is not needed: nothing in the file uses it.");
        }

        checks.Checked(ValidationChecks.Syntax, "Roslyn parse and semantic diagnostics against the .NET libraries");
        checks.Checked(ValidationChecks.Imports, "the compiler's unused-using analysis");
    }

    /// <summary>For "type or name not found", the .NET namespace that has it, as a message; null otherwise.</summary>
    private static string? MissingUsing(CompilationUnitSyntax root, Diagnostic diagnostic)
    {
        if (diagnostic.Id is not ("CS0246" or "CS0103"))
        {
            return null;
        }

        SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        string? name = node switch
        {
            GenericNameSyntax generic => generic.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            _ => node.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().FirstOrDefault()?.Identifier.ValueText,
        };
        if (name is null || FrameworkReferences.NamespaceOf(name) is not { } ns)
        {
            return null;
        }

        return $"'{name}' is in the .NET namespace {ns}, which the file does not import: add 'using {ns};'.";
    }

    private static int LineOf(Diagnostic diagnostic) => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;

    private static string Describe(Diagnostic diagnostic) =>
        $"{diagnostic.GetMessage(CultureInfo.InvariantCulture)} ({diagnostic.Id})";
}
