using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Purser.Assistant.Validation;

/// <summary>The C# rules that read the syntax tree: security patterns, public signatures, XML docs, handlers and logging.</summary>
internal static class CSharpRules
{
    private static readonly HashSet<string> Deserializers = new(StringComparer.Ordinal)
    {
        "BinaryFormatter", "SoapFormatter", "NetDataContractSerializer", "LosFormatter", "ObjectStateFormatter",
    };

    private static readonly HashSet<string> WeakHashTypes = new(StringComparer.Ordinal)
    {
        "MD5", "SHA1", "MD5CryptoServiceProvider", "SHA1CryptoServiceProvider", "SHA1Managed", "HMACMD5", "HMACSHA1",
    };

    private static readonly HashSet<string> SafeSqlMethods = new(StringComparer.Ordinal)
    {
        "FromSql", "FromSqlInterpolated", "ExecuteSql", "ExecuteSqlAsync", "ExecuteSqlInterpolated", "ExecuteSqlInterpolatedAsync", "SqlQuery",
    };

    private static readonly HashSet<string> IoTypes = new(StringComparer.Ordinal) { "File", "Directory", "WebRequest" };

    private static readonly HashSet<string> IoMethods = new(StringComparer.Ordinal)
    {
        "GetAsync", "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync", "SendAsync", "GetStringAsync", "GetByteArrayAsync", "GetStreamAsync",
        "GetFromJsonAsync", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync", "DeleteFromJsonAsync",
        "ExecuteReader", "ExecuteReaderAsync", "ExecuteNonQuery", "ExecuteNonQueryAsync", "ExecuteScalar", "ExecuteScalarAsync", "OpenAsync",
        "ConnectAsync", "DownloadString", "DownloadStringTaskAsync", "UploadString",
    };

    private static readonly HashSet<string> IoCreations = new(StringComparer.Ordinal) { "FileStream", "StreamReader", "StreamWriter", "TcpClient", "SqlConnection" };

    public static void Run(CompilationUnitSyntax root, FileChecks checks)
    {
        Security(root, checks);
        PublicApi(root, checks);
        Handlers(root, checks);
    }

    private static void Security(CompilationUnitSyntax root, FileChecks checks)
    {
        foreach (SyntaxNode node in root.DescendantNodes())
        {
            switch (node)
            {
                case IdentifierNameSyntax id when Deserializers.Contains(id.Identifier.ValueText):
                    checks.Add(ValidationRules.UnsafeDeserialization, Line(node), $"{id.Identifier.ValueText} can run code from the data it reads: use System.Text.Json or a DataContract serializer with known types.");
                    break;
                case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "TypeNameHandling" }, Name.Identifier.ValueText: not "None" } member:
                    checks.Add(ValidationRules.UnsafeDeserialization, Line(node), $"TypeNameHandling.{member.Name.Identifier.ValueText} lets the JSON choose the types to create: keep TypeNameHandling.None (or a strict SerializationBinder).");
                    break;
                case IdentifierNameSyntax { Identifier.ValueText: "DangerousAcceptAnyServerCertificateValidator" }:
                    checks.Add(ValidationRules.TlsDisabled, Line(node), "DangerousAcceptAnyServerCertificateValidator turns certificate validation off.");
                    break;
                case AssignmentExpressionSyntax assignment:
                    Assignment(assignment, checks);
                    break;
                case InvocationExpressionSyntax invocation:
                    Invocation(invocation, checks);
                    break;
                case ObjectCreationExpressionSyntax creation:
                    Creation(creation, checks);
                    break;
                case InterpolatedStringExpressionSyntax interpolated when interpolated.Contents.OfType<InterpolationSyntax>().Any():
                    string literal = string.Concat(interpolated.Contents.OfType<InterpolatedStringTextSyntax>().Select(t => t.TextToken.ValueText));
                    if (CodePatterns.Sql().IsMatch(literal) && !IsSafeSqlArgument(interpolated))
                    {
                        checks.Add(ValidationRules.SqlInjection, Line(node), "SQL built by string interpolation: pass the values as query parameters.");
                    }

                    break;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) && binary.Parent is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression }:
                    List<ExpressionSyntax> parts = Flatten(binary);
                    string joined = string.Concat(parts.OfType<LiteralExpressionSyntax>().Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)).Select(l => l.Token.ValueText));
                    if (parts.Any(p => p is not LiteralExpressionSyntax) && CodePatterns.Sql().IsMatch(joined))
                    {
                        checks.Add(ValidationRules.SqlInjection, Line(node), "SQL built by string concatenation: pass the values as query parameters.");
                    }

                    break;
            }
        }
    }

    private static void Assignment(AssignmentExpressionSyntax assignment, FileChecks checks)
    {
        string target = assignment.Left switch
        {
            MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
            IdentifierNameSyntax i => i.Identifier.ValueText,
            _ => "",
        };
        if (target == "Arguments" && IsBuilt(assignment.Right))
        {
            checks.Add(ValidationRules.ShellInjection, Line(assignment), "Process arguments built from strings: use ProcessStartInfo.ArgumentList, one argument per item, and never a shell.");
        }

        if (target is "ServerCertificateCustomValidationCallback" or "ServerCertificateValidationCallback" or "RemoteCertificateValidationCallback"
            && assignment.Right is LambdaExpressionSyntax lambda && AlwaysTrue(lambda))
        {
            checks.Add(ValidationRules.TlsDisabled, Line(assignment), $"{target} accepts every certificate: remove it (or validate the certificate properly).");
        }
    }

    private static void Invocation(InvocationExpressionSyntax invocation, FileChecks checks)
    {
        (string receiver, string method) = Target(invocation.Expression);
        if (receiver == "Process" && method == "Start" && invocation.ArgumentList.Arguments.Any(a => IsBuilt(a.Expression)))
        {
            checks.Add(ValidationRules.ShellInjection, Line(invocation), "Process.Start with a command built from strings: use ProcessStartInfo.ArgumentList, one argument per item.");
        }

        if (receiver == "CSharpScript" && method is "EvaluateAsync" or "RunAsync" or "Create")
        {
            checks.Add(ValidationRules.DynamicCode, Line(invocation), $"CSharpScript.{method} runs code from a string.");
        }

        if (WeakHashTypes.Contains(receiver) && method is "Create" or "HashData" or "HashDataAsync")
        {
            WeakHash(invocation, receiver, checks);
        }

        if (method == "Format" && receiver is "string" or "String" && invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax format
            && CodePatterns.Sql().IsMatch(format.Token.ValueText))
        {
            checks.Add(ValidationRules.SqlInjection, Line(invocation), "SQL built with string.Format: pass the values as query parameters.");
        }
    }

    private static void Creation(ObjectCreationExpressionSyntax creation, FileChecks checks)
    {
        string type = creation.Type is QualifiedNameSyntax q ? q.Right.Identifier.ValueText : creation.Type.ToString();
        if (WeakHashTypes.Contains(type))
        {
            WeakHash(creation, type, checks);
        }

        if (type == "ProcessStartInfo" && creation.ArgumentList?.Arguments.Skip(1).Any(a => IsBuilt(a.Expression)) == true)
        {
            checks.Add(ValidationRules.ShellInjection, Line(creation), "ProcessStartInfo arguments built from strings: use ArgumentList, one argument per item.");
        }
    }

    private static void WeakHash(SyntaxNode node, string algorithm, FileChecks checks)
    {
        SyntaxNode scope = (SyntaxNode?)node.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? node;
        if (CodePatterns.PasswordContext().IsMatch(scope.ToString()))
        {
            checks.Add(ValidationRules.WeakPasswordHash, Line(node), $"{algorithm} used around a password: use a password hash (Rfc2898DeriveBytes.Pbkdf2 with a salt and many iterations, or bcrypt/Argon2).");
        }
        else
        {
            checks.Add(ValidationRules.WeakHash, Line(node), $"{algorithm} is broken for security: fine for checksums, never for passwords or signatures.");
        }
    }

    private static void PublicApi(CompilationUnitSyntax root, FileChecks checks)
    {
        int members = 0;
        int documented = 0;
        foreach (MemberDeclarationSyntax member in root.DescendantNodes().OfType<MemberDeclarationSyntax>())
        {
            if (member is BaseNamespaceDeclarationSyntax or GlobalStatementSyntax or EnumMemberDeclarationSyntax || !IsPublic(member))
            {
                continue;
            }

            bool exempt = member.Modifiers.Any(SyntaxKind.OverrideKeyword) || HasExplicitInterface(member)
                || (member is ConstructorDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.StaticKeyword));
            if (!exempt)
            {
                members++;
                if (HasDocs(member))
                {
                    documented++;
                }
                else
                {
                    checks.Add(ValidationRules.CSharpDocs, Line(member), $"{Describe(member)} has no XML doc comment (///).");
                }
            }

            if (!member.Modifiers.Any(SyntaxKind.OverrideKeyword))
            {
                Signature(member, checks);
            }
        }

        checks.Ratio(ValidationChecks.Documentation, documented, members, members == 0 ? "no public members" : $"{documented} of {members} public members documented");
    }

    private static void Signature(MemberDeclarationSyntax member, FileChecks checks)
    {
        var types = new List<(TypeSyntax Type, string Where)>();
        switch (member)
        {
            case MethodDeclarationSyntax m:
                types.Add((m.ReturnType, $"the return type of {m.Identifier.ValueText}"));
                types.AddRange(m.ParameterList.Parameters.Where(p => p.Type is not null && p.Identifier.ValueText != "sender").Select(p => (p.Type!, $"parameter '{p.Identifier.ValueText}' of {m.Identifier.ValueText}")));
                break;
            case ConstructorDeclarationSyntax c:
                types.AddRange(c.ParameterList.Parameters.Where(p => p.Type is not null).Select(p => (p.Type!, $"parameter '{p.Identifier.ValueText}' of the constructor")));
                break;
            case PropertyDeclarationSyntax p:
                types.Add((p.Type, $"property {p.Identifier.ValueText}"));
                break;
            case FieldDeclarationSyntax f:
                types.Add((f.Declaration.Type, $"field {string.Join(", ", f.Declaration.Variables.Select(v => v.Identifier.ValueText))}"));
                break;
            case DelegateDeclarationSyntax d:
                types.Add((d.ReturnType, $"the return type of {d.Identifier.ValueText}"));
                break;
        }

        foreach ((TypeSyntax type, string where) in types)
        {
            IEnumerable<SyntaxNode> parts = type.DescendantNodesAndSelf();
            if (parts.OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == "dynamic"))
            {
                checks.Add(ValidationRules.CSharpDynamic, Line(type), $"'dynamic' in a public signature ({where}): give it a real type.");
            }
            else if (parts.OfType<PredefinedTypeSyntax>().Any(t => t.Keyword.IsKind(SyntaxKind.ObjectKeyword)))
            {
                checks.Add(ValidationRules.CSharpObject, Line(type), $"'object' in a public signature ({where}): a specific type or a generic parameter says more.");
            }
        }
    }

    private static void Handlers(CompilationUnitSyntax root, FileChecks checks)
    {
        foreach (CatchClauseSyntax handler in root.DescendantNodes().OfType<CatchClauseSyntax>())
        {
            BlockSyntax body = handler.Block;
            bool rethrows = body.DescendantNodes().Any(n => n is ThrowStatementSyntax or ThrowExpressionSyntax);
            bool logs = body.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(IsLoggerCall);
            string? variable = handler.Declaration?.Identifier.ValueText;
            bool uses = variable is { Length: > 0 } && body.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == variable);
            string type = handler.Declaration?.Type.ToString() ?? "";
            bool catchAll = handler.Filter is null && type is "" or "Exception" or "System.Exception" or "global::System.Exception";
            if (body.Statements.Count == 0)
            {
                checks.Add(ValidationRules.EmptyHandler, Line(handler), $"An empty catch{(type.Length > 0 ? $" ({type})" : "")}: the error vanishes without a trace.");
                continue;
            }

            if (catchAll && !rethrows && !logs && !uses)
            {
                checks.Add(ValidationRules.SwallowedException, Line(handler), "A catch-all that neither rethrows, logs nor uses the exception: it is swallowed.");
            }

            if (!rethrows && !logs)
            {
                checks.Add(ValidationRules.UnloggedHandler, Line(handler), "An exception is handled here without being logged: log it through ILogger.");
            }
        }

        foreach (SyntaxNode function in root.DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax))
        {
            SyntaxNode? body = function switch
            {
                BaseMethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
                AccessorDeclarationSyntax a => (SyntaxNode?)a.Body ?? a.ExpressionBody,
                LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody,
                _ => null,
            };
            if (body is null)
            {
                continue;
            }

            SyntaxNode[] own = [.. body.DescendantNodes(n => n == body || n is not LocalFunctionStatementSyntax)];
            SyntaxNode? io = own.FirstOrDefault(n => IsIo(n) && !InsideTry(n, body));
            if (io is not null)
            {
                checks.Add(ValidationRules.UnguardedIo, Line(io), $"{Short(io)} can fail (I/O or network) and is not inside a try block: decide what a failure here means.");
            }

            bool isMain = function is MethodDeclarationSyntax { Identifier.ValueText: "Main" };
            bool canFail = own.Any(n => n is TryStatementSyntax or ThrowStatementSyntax or ThrowExpressionSyntax) || own.Any(IsIo);
            if (canFail && !isMain)
            {
                foreach (InvocationExpressionSyntax print in own.OfType<InvocationExpressionSyntax>().Where(IsConsoleOutput))
                {
                    checks.Add(ValidationRules.ConsoleOutput, Line(print), $"{Target(print.Expression).Receiver}.{Target(print.Expression).Method} in an operation that can fail: log through ILogger instead.");
                }
            }
        }

        // Console output inside a handler of a top-level program or Main is still error reporting by print.
        foreach (CatchClauseSyntax handler in root.DescendantNodes().OfType<CatchClauseSyntax>())
        {
            SyntaxNode? function = handler.Ancestors().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax);
            if (function is null or MethodDeclarationSyntax { Identifier.ValueText: "Main" })
            {
                foreach (InvocationExpressionSyntax print in handler.Block.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(IsConsoleOutput))
                {
                    checks.Add(ValidationRules.ConsoleOutput, Line(print), "An error reported with console output: log it through ILogger instead.");
                }
            }
        }
    }

    private static bool IsConsoleOutput(InvocationExpressionSyntax invocation)
    {
        string target = invocation.Expression.ToString().Replace(" ", "", StringComparison.Ordinal);
        return target is "Console.WriteLine" or "Console.Write" or "Console.Error.WriteLine" or "Console.Error.Write" or "Console.Out.WriteLine"
            or "Debug.WriteLine" or "Trace.WriteLine" or "System.Console.WriteLine";
    }

    private static bool IsLoggerCall(InvocationExpressionSyntax invocation) =>
        CodePatterns.IsLoggerTarget(invocation.Expression.ToString())
        || invocation.ArgumentList.Arguments.Any(a => a.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax && a.Expression.ToString().Contains("logger", StringComparison.OrdinalIgnoreCase));

    private static bool IsIo(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax invocation => Target(invocation.Expression) is var (receiver, method) && (IoTypes.Contains(receiver) || IoMethods.Contains(method)),
        ObjectCreationExpressionSyntax creation => IoCreations.Contains(creation.Type is QualifiedNameSyntax q ? q.Right.Identifier.ValueText : creation.Type.ToString()),
        _ => false,
    };

    private static bool InsideTry(SyntaxNode node, SyntaxNode body) =>
        node.Ancestors().TakeWhile(a => a != body).OfType<TryStatementSyntax>().Any(t => t.Block.Span.Contains(node.Span));

    private static string Short(SyntaxNode node)
    {
        if (node is InvocationExpressionSyntax invocation)
        {
            (string receiver, string method) = Target(invocation.Expression);
            return receiver.Length > 0 ? $"{receiver}.{method}" : method;
        }

        return node is ObjectCreationExpressionSyntax creation ? $"new {creation.Type}" : node.ToString();
    }

    /// <summary>The last two parts of a call target: <c>Process.Start</c> → ("Process", "Start"), <c>_http.GetAsync</c> → ("_http", "GetAsync").</summary>
    private static (string Receiver, string Method) Target(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => (member.Expression switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax inner => inner.Name.Identifier.ValueText,
            PredefinedTypeSyntax predefined => predefined.Keyword.ValueText,
            _ => member.Expression.ToString(),
        }, member.Name.Identifier.ValueText),
        IdentifierNameSyntax id => ("", id.Identifier.ValueText),
        GenericNameSyntax generic => ("", generic.Identifier.ValueText),
        _ => ("", expression.ToString()),
    };

    /// <summary>A string built at run time: interpolation with holes, or a concatenation with something other than literals.</summary>
    private static bool IsBuilt(ExpressionSyntax expression) => expression switch
    {
        InterpolatedStringExpressionSyntax interpolated => interpolated.Contents.OfType<InterpolationSyntax>().Any(),
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) => Flatten(binary).Any(p => p is not LiteralExpressionSyntax),
        InvocationExpressionSyntax invocation => Target(invocation.Expression) is ("string" or "String", "Format" or "Concat" or "Join"),
        _ => false,
    };

    private static List<ExpressionSyntax> Flatten(BinaryExpressionSyntax binary)
    {
        var parts = new List<ExpressionSyntax>();
        void Walk(ExpressionSyntax e)
        {
            if (e is BinaryExpressionSyntax b && b.IsKind(SyntaxKind.AddExpression))
            {
                Walk(b.Left);
                Walk(b.Right);
            }
            else if (e is ParenthesizedExpressionSyntax p)
            {
                Walk(p.Expression);
            }
            else
            {
                parts.Add(e);
            }
        }

        Walk(binary);
        return parts;
    }

    private static bool IsSafeSqlArgument(InterpolatedStringExpressionSyntax interpolated) =>
        interpolated.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax invocation }
        && SafeSqlMethods.Contains(Target(invocation.Expression).Method.Split('<')[0]);

    private static bool AlwaysTrue(LambdaExpressionSyntax lambda) => lambda.Body switch
    {
        LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.TrueLiteralExpression),
        BlockSyntax { Statements: [ReturnStatementSyntax { Expression: LiteralExpressionSyntax literal }] } => literal.IsKind(SyntaxKind.TrueLiteralExpression),
        _ => false,
    };

    private static bool IsPublic(MemberDeclarationSyntax member)
    {
        for (SyntaxNode? node = member; node is MemberDeclarationSyntax declaration and not BaseNamespaceDeclarationSyntax; node = node.Parent)
        {
            bool inInterface = declaration.Parent is InterfaceDeclarationSyntax;
            bool visible = declaration.Modifiers.Any(SyntaxKind.PublicKeyword)
                || (declaration.Modifiers.Any(SyntaxKind.ProtectedKeyword) && !declaration.Modifiers.Any(SyntaxKind.PrivateKeyword))
                || (inInterface && !declaration.Modifiers.Any(SyntaxKind.PrivateKeyword));
            if (!visible)
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasExplicitInterface(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => m.ExplicitInterfaceSpecifier is not null,
        BasePropertyDeclarationSyntax p => p.ExplicitInterfaceSpecifier is not null,
        _ => false,
    };

    private static bool HasDocs(MemberDeclarationSyntax member) =>
        member.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia));

    private static string Describe(MemberDeclarationSyntax member) => member switch
    {
        TypeDeclarationSyntax t => $"The public {t.Keyword.ValueText} {t.Identifier.ValueText}",
        EnumDeclarationSyntax e => $"The public enum {e.Identifier.ValueText}",
        DelegateDeclarationSyntax d => $"The public delegate {d.Identifier.ValueText}",
        MethodDeclarationSyntax m => $"The public method {m.Identifier.ValueText}",
        ConstructorDeclarationSyntax c => $"The public constructor of {c.Identifier.ValueText}",
        PropertyDeclarationSyntax p => $"The public property {p.Identifier.ValueText}",
        FieldDeclarationSyntax f => $"The public field {string.Join(", ", f.Declaration.Variables.Select(v => v.Identifier.ValueText))}",
        EventDeclarationSyntax e => $"The public event {e.Identifier.ValueText}",
        EventFieldDeclarationSyntax e => $"The public event {string.Join(", ", e.Declaration.Variables.Select(v => v.Identifier.ValueText))}",
        IndexerDeclarationSyntax => "The public indexer",
        OperatorDeclarationSyntax o => $"The public operator {o.OperatorToken.ValueText}",
        _ => "A public member",
    };

    private static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
}
