using System.Text.Json;
using System.Text.RegularExpressions;
using Purser.Guards;

namespace Purser.Assistant.Validation;

/// <summary>
/// Python: syntax with python3's own parser (<c>ast.parse</c>) when python3 is on the machine; the other checks read the
/// code's structure (logical lines, indentation blocks) with strings and comments blanked, so text in strings is never
/// taken for code.
/// </summary>
internal static partial class PythonAnalyzer
{
    private const string AstScript = """
        import ast, json, sys
        source = sys.stdin.buffer.read()
        try:
            ast.parse(source)
            print(json.dumps({"ok": True}))
        except SyntaxError as e:
            print(json.dumps({"ok": False, "line": e.lineno, "message": e.msg}))
        except ValueError as e:
            print(json.dumps({"ok": False, "line": None, "message": str(e)}))
        """;

    private static readonly string[] KnownModules =
    [
        "os", "sys", "json", "re", "math", "time", "datetime", "logging", "subprocess", "random", "hashlib", "pathlib", "collections",
        "itertools", "functools", "asyncio", "shutil", "tempfile", "uuid", "base64", "socket", "sqlite3", "requests", "yaml", "pickle",
        "csv", "typing", "dataclasses", "argparse", "threading", "urllib", "hmac", "secrets", "decimal", "glob", "io", "struct",
    ];

    public static void Analyze(string text, ValidationOptions options, SecretScanner scanner, FileChecks checks)
    {
        Syntax(text, options, checks);
        var source = new SourceLines(text);
        string masked = SourceMask.Python(text);
        List<Statement> statements = Statements(source, new SourceLines(masked));
        List<Block> blocks = Blocks(statements);
        Security(statements, blocks, checks);
        Definitions(statements, blocks, checks);
        Handlers(statements, blocks, checks);
        Imports(statements, masked, text, checks);
        CodePatterns.Secrets(text, scanner, checks);
        checks.Checked(ValidationChecks.Security);
        checks.Checked(ValidationChecks.Types, "type hints on public functions");
        checks.Checked(ValidationChecks.ErrorHandling);
        checks.Checked(ValidationChecks.Imports, "imports matched against the names the code uses");
        checks.Checked(ValidationChecks.Logging);
    }

    private static void Syntax(string text, ValidationOptions options, FileChecks checks)
    {
        ExternalChecker.Result? run = ExternalChecker.Run(options.Python, ["-c", AstScript], text, options.CheckerTimeout);
        if (run is null)
        {
            checks.NotChecked(ValidationChecks.Syntax, $"python3 is not installed here ({ValidationOptions.SectionName}:Python = '{options.Python}'), so the syntax was not checked");
            return;
        }

        if (run.TimedOut || run.ExitCode != 0)
        {
            checks.NotChecked(ValidationChecks.Syntax, run.TimedOut ? "python3 did not answer in time" : "python3 failed: " + run.Error.Trim());
            return;
        }

        using JsonDocument answer = JsonDocument.Parse(run.Output);
        if (!answer.RootElement.GetProperty("ok").GetBoolean())
        {
            JsonElement line = answer.RootElement.GetProperty("line");
            checks.Add(ValidationRules.ParseError, line.ValueKind == JsonValueKind.Number ? line.GetInt32() : null, "SyntaxError: " + answer.RootElement.GetProperty("message").GetString());
        }

        checks.Checked(ValidationChecks.Syntax, "python3 ast.parse");
    }

    private static void Security(List<Statement> statements, List<Block> blocks, FileChecks checks)
    {
        foreach (Statement s in statements)
        {
            if (DynamicCode().Match(s.Code) is { Success: true } dynamic)
            {
                checks.Add(ValidationRules.DynamicCode, s.Line, $"{dynamic.Groups[1].Value}() runs code from a string: parse the data instead (ast.literal_eval, json).");
            }

            if (OsShell().Match(s.Code) is { Success: true } os)
            {
                checks.Add(ValidationRules.ShellInjection, s.Line, $"os.{os.Groups[1].Value} runs a shell command line: use subprocess.run with a list of arguments.");
            }
            else if (Subprocess().IsMatch(s.Code) && ShellTrue().IsMatch(s.Code))
            {
                checks.Add(ValidationRules.ShellInjection, s.Line, "subprocess with shell=True: pass a list of arguments and leave the shell out.");
            }

            if (SqlBuilt(s.Text))
            {
                checks.Add(ValidationRules.SqlInjection, s.Line, "SQL built with an f-string, % formatting, .format() or +: pass the values as query parameters (cursor.execute(sql, params)).");
            }

            if (Deserialize().Match(s.Code) is { Success: true } load)
            {
                checks.Add(ValidationRules.UnsafeDeserialization, s.Line, $"{load.Value.TrimEnd('(')} can run code from the data it reads: use json, or a safe loader.");
            }
            else if (YamlLoad().IsMatch(s.Code) && !SafeLoader().IsMatch(s.Code))
            {
                checks.Add(ValidationRules.UnsafeDeserialization, s.Line, "yaml.load without a safe loader can build arbitrary objects: use yaml.safe_load.");
            }

            if (TlsOff().Match(s.Code) is { Success: true } tls)
            {
                checks.Add(ValidationRules.TlsDisabled, s.Line, $"{tls.Value.Trim()} turns certificate validation off.");
            }

            if (WeakHash().Match(s.Text) is { Success: true } hash)
            {
                string algorithm = hash.Groups[1].Success ? hash.Groups[1].Value : hash.Groups[2].Value;
                string scope = Enclosing(blocks, s, "def") is { } function ? function.Text(statements) : s.Text;
                if (CodePatterns.PasswordContext().IsMatch(scope))
                {
                    checks.Add(ValidationRules.WeakPasswordHash, s.Line, $"{algorithm} used around a password: use hashlib.scrypt, pbkdf2_hmac with a salt, bcrypt or argon2.");
                }
                else
                {
                    checks.Add(ValidationRules.WeakHash, s.Line, $"{algorithm} is broken for security: fine for checksums, never for passwords or signatures.");
                }
            }
        }
    }

    /// <summary>SQL text (in one literal or spread over several) built with an f-string, % formatting, .format() or +.</summary>
    private static bool SqlBuilt(string text)
    {
        Match[] literals = [.. StringLiteral().Matches(text).Cast<Match>()];
        if (!CodePatterns.Sql().IsMatch(string.Concat(literals.Select(l => l.Groups["body"].Value))))
        {
            return false;
        }

        foreach (Match literal in literals)
        {
            string body = literal.Groups["body"].Value;
            string prefix = literal.Groups["prefix"].Value;
            string after = text[(literal.Index + literal.Length)..];
            string before = text[..literal.Index];
            if ((prefix.Contains('f', StringComparison.OrdinalIgnoreCase) && body.Contains('{', StringComparison.Ordinal))
                || FormattedAfter().IsMatch(after) || before.TrimEnd().EndsWith('+'))
            {
                return true;
            }
        }

        return false;
    }

    private static void Definitions(List<Statement> statements, List<Block> blocks, FileChecks checks)
    {
        int items = 0;
        int documented = 0;
        foreach (Block block in blocks.Where(b => b.Kind is "def" or "class"))
        {
            bool nested = Enclosing(blocks, statements[block.Header], "def") is not null;
            Block? owner = Enclosing(blocks, statements[block.Header], "class");
            bool isPublic = !block.Name.StartsWith('_') && !nested && (owner is null || !owner.Name.StartsWith('_'));
            bool dunder = block.Name.StartsWith("__", StringComparison.Ordinal) && block.Name.EndsWith("__", StringComparison.Ordinal);
            Statement header = statements[block.Header];
            if (!isPublic && !dunder)
            {
                continue;
            }

            if (isPublic)
            {
                items++;
                if (HasDocstring(statements, block))
                {
                    documented++;
                }
                else
                {
                    checks.Add(ValidationRules.PythonDocs, header.Line, $"The public {(block.Kind == "def" ? "function" : "class")} {block.Name} has no docstring.");
                }
            }

            if (block.Kind == "def" && (isPublic || block.Name == "__init__") && !(owner is not null && owner.Name.StartsWith('_')) && !nested)
            {
                Annotations(header, block, owner is not null, checks);
            }
        }

        checks.Ratio(ValidationChecks.Documentation, documented, items, items == 0 ? "no public functions or classes" : $"{documented} of {items} public functions and classes documented");
    }

    private static void Annotations(Statement header, Block block, bool method, FileChecks checks)
    {
        Match def = Def().Match(header.Code);
        if (!def.Success)
        {
            return;
        }

        var missing = new List<string>();
        foreach (string raw in Braces.SplitTopLevel(def.Groups["params"].Value))
        {
            string parameter = raw.Trim();
            string name = parameter.TrimStart('*').Split(['=', ':'], 2)[0].Trim();
            if (name.Length == 0 || parameter is "*" or "/" || (method && name is "self" or "cls"))
            {
                continue;
            }

            int colon = parameter.IndexOf(':', StringComparison.Ordinal);
            int equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (colon < 0 || (equals >= 0 && equals < colon))
            {
                missing.Add(name);
            }
        }

        bool noReturn = !def.Groups["ret"].Success && block.Name != "__init__";
        if (missing.Count > 0 || noReturn)
        {
            string what = string.Join(" and ", new[]
            {
                missing.Count > 0 ? $"parameter{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}" : null,
                noReturn ? "the return value" : null,
            }.OfType<string>());
            checks.Add(ValidationRules.PythonAnnotations, header.Line, $"{block.Name}: {what} {(missing.Count + (noReturn ? 1 : 0) > 1 ? "have" : "has")} no type hint.");
        }
    }

    private static void Handlers(List<Statement> statements, List<Block> blocks, FileChecks checks)
    {
        foreach (Block handler in blocks.Where(b => b.Kind == "except"))
        {
            Statement header = statements[handler.Header];
            Match clause = Except().Match(header.Code);
            string type = clause.Groups["type"].Value.Trim();
            string variable = clause.Groups["var"].Value;
            List<Statement> body = handler.Body(statements);
            string inline = clause.Groups["inline"].Value.Trim();
            string bodyText = inline + "\n" + string.Join("\n", body.Select(b => b.Code));
            bool bare = type.Length == 0;
            if (bare)
            {
                checks.Add(ValidationRules.BareExcept, header.Line, "A bare 'except:' also catches KeyboardInterrupt and SystemExit: name the exceptions (at most 'except Exception').");
            }

            string[] lines = [.. bodyText.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
            if (lines.All(l => l is "pass" or "..." or "continue"))
            {
                checks.Add(ValidationRules.EmptyHandler, header.Line, $"An except{(bare ? "" : " " + type)} that does nothing: the error vanishes without a trace.");
                continue;
            }

            bool raises = RaiseWord().IsMatch(bodyText);
            bool logs = LoggerCall().Matches(bodyText).Any(m => CodePatterns.IsLoggerTarget(m.Groups[1].Value));
            bool uses = variable.Length > 0 && Regex.IsMatch(bodyText, $@"\b{Regex.Escape(variable)}\b");
            bool catchAll = bare || CatchAllType().IsMatch(type);
            if (catchAll && !raises && !logs && !uses)
            {
                checks.Add(ValidationRules.SwallowedException, header.Line, "A catch-all handler that neither re-raises, logs nor uses the exception: it is swallowed.");
            }

            if (!raises && !logs)
            {
                checks.Add(ValidationRules.UnloggedHandler, header.Line, "An exception is handled here without being logged: use logging (logger.exception / logger.error).");
            }

            foreach (Statement print in body.Where(b => Print().IsMatch(b.Code)))
            {
                checks.Add(ValidationRules.ConsoleOutput, print.Line, "An error reported with print(): log it through the logging module instead.");
            }

            if (Print().IsMatch(inline))
            {
                checks.Add(ValidationRules.ConsoleOutput, header.Line, "An error reported with print(): log it through the logging module instead.");
            }
        }

        foreach (Block function in blocks.Where(b => b.Kind == "def"))
        {
            List<Statement> body = function.Body(statements).Where(s => Enclosing(blocks, s, "def") == function).ToList();
            Statement? io = body.FirstOrDefault(s => Io().IsMatch(s.Code) && !InsideTry(blocks, s, statements));
            if (io is not null)
            {
                checks.Add(ValidationRules.UnguardedIo, io.Line, $"{Io().Match(io.Code).Value.TrimEnd('(')} can fail (I/O or network) and is not inside a try block: decide what a failure here means.");
            }

            bool canFail = body.Any(s => s.Code.TrimStart().StartsWith("try", StringComparison.Ordinal) || RaiseWord().IsMatch(s.Code) || Io().IsMatch(s.Code));
            if (canFail && function.Name != "main")
            {
                foreach (Statement print in body.Where(s => Print().IsMatch(s.Code)))
                {
                    checks.Add(ValidationRules.ConsoleOutput, print.Line, $"print() in {function.Name}, which can fail: log through the logging module instead.");
                }
            }
        }
    }

    private static void Imports(List<Statement> statements, string masked, string text, FileChecks checks)
    {
        var bound = new HashSet<string>(StringComparer.Ordinal);
        var imported = new List<(string Name, int Line, string Statement)>();
        var importLines = new HashSet<int>();
        foreach (Statement s in statements)
        {
            string code = s.Code.Trim();
            if (ImportStatement().Match(code) is { Success: true } import)
            {
                importLines.UnionWith(Enumerable.Range(s.Line, s.LineCount));
                foreach (string part in import.Groups[1].Value.Split(','))
                {
                    string[] words = part.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    string name = words.Length == 3 && words[1] == "as" ? words[2] : words.Length > 0 ? words[0].Split('.')[0] : "";
                    if (name.Length > 0)
                    {
                        imported.Add((name, s.Line, code));
                        bound.Add(name);
                    }
                }
            }
            else if (FromImport().Match(code) is { Success: true } from)
            {
                importLines.UnionWith(Enumerable.Range(s.Line, s.LineCount));
                string module = from.Groups[1].Value;
                string names = from.Groups[2].Value.Trim().Trim('(', ')');
                if (names.Trim() == "*")
                {
                    checks.Add(ValidationRules.WildcardImport, s.Line, $"'from {module} import *' hides where names come from: import what you use.");
                    continue;
                }

                if (module == "__future__")
                {
                    continue;
                }

                foreach (string part in names.Split(','))
                {
                    string[] words = part.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    string name = words.Length == 3 && words[1] == "as" ? words[2] : words.Length > 0 ? words[0] : "";
                    if (name.Length > 0)
                    {
                        imported.Add((name, s.Line, code));
                        bound.Add(name);
                    }
                }
            }
        }

        string[] maskedLines = masked.Split('\n');
        string used = string.Join("\n", maskedLines.Where((_, i) => !importLines.Contains(i + 1)));
        string exported = string.Join("\n", text.Split('\n').Where(l => l.Contains("__all__", StringComparison.Ordinal)));
        foreach ((string name, int line, string statement) in imported)
        {
            var word = new Regex($@"(?<![\w.]){Regex.Escape(name)}\b");
            if (!word.IsMatch(used) && !exported.Contains($"'{name}'", StringComparison.Ordinal) && !exported.Contains($"\"{name}\"", StringComparison.Ordinal))
            {
                checks.Add(ValidationRules.UnusedImport, line, $"'{name}' is imported ({statement}) but never used.");
            }
        }

        foreach (Match binding in Binding().Matches(used))
        {
            foreach (Group group in binding.Groups.Cast<Group>().Skip(1).Where(g => g.Success))
            {
                bound.Add(group.Value);
            }
        }

        foreach (Statement s in statements)
        {
            foreach (string parameter in Def().Match(s.Code) is { Success: true } def ? Braces.SplitTopLevel(def.Groups["params"].Value) : [])
            {
                bound.Add(parameter.Trim().TrimStart('*').Split(['=', ':'], 2)[0].Trim());
            }
        }

        foreach (string module in KnownModules)
        {
            if (bound.Contains(module))
            {
                continue;
            }

            Match use = new Regex($@"(?<![\w.]){module}\.\w").Match(used);
            if (use.Success)
            {
                checks.Add(ValidationRules.MissingImport, LineIn(maskedLines, importLines, use.Index, used), $"'{module}' is used but never imported: add 'import {module}'.");
            }
        }
    }

    /// <summary>The original line of an offset in the text with the import lines left out.</summary>
    private static int LineIn(string[] maskedLines, HashSet<int> importLines, int offset, string used)
    {
        int keptLine = new SourceLines(used).LineOf(offset);
        int kept = 0;
        for (int i = 0; i < maskedLines.Length; i++)
        {
            if (!importLines.Contains(i + 1) && ++kept == keptLine)
            {
                return i + 1;
            }
        }

        return keptLine;
    }

    private static bool HasDocstring(List<Statement> statements, Block block)
    {
        Statement header = statements[block.Header];
        int colon = HeaderColon(header.Code);
        string inline = colon >= 0 ? header.Text[(colon + 1)..].Trim() : "";
        string first = inline.Length > 0 ? inline : block.Body(statements).FirstOrDefault()?.Text.Trim() ?? "";
        return Docstring().IsMatch(first);
    }

    /// <summary>The colon that ends a def/class/except header (the first at bracket depth 0 after the name).</summary>
    private static int HeaderColon(string code)
    {
        int depth = 0;
        for (int i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth--;
                    break;
                case ':' when depth == 0 && !(i + 1 < code.Length && code[i + 1] == '='):
                    return i;
            }
        }

        return -1;
    }

    private static bool InsideTry(List<Block> blocks, Statement statement, List<Statement> statements) =>
        blocks.Any(b => b.Kind == "try" && b.Contains(statement) && statements[b.Header] != statement);

    private static Block? Enclosing(List<Block> blocks, Statement statement, string kind) =>
        blocks.Where(b => b.Kind == kind && b.Contains(statement) && b.HeaderLine != statement.Line).MaxBy(b => b.Indent);

    /// <summary>Logical lines: physical lines joined while brackets are open or a line ends with a backslash.</summary>
    private static List<Statement> Statements(SourceLines source, SourceLines masked)
    {
        var statements = new List<Statement>();
        int i = 0;
        while (i < masked.Count)
        {
            if (masked.Lines[i].Trim().Length == 0)
            {
                i++;
                continue;
            }

            int start = i;
            int depth = 0;
            var code = new System.Text.StringBuilder();
            var text = new System.Text.StringBuilder();
            while (i < masked.Count)
            {
                string line = masked.Lines[i];
                code.Append(line).Append('\n');
                text.Append(source.Lines[i]).Append('\n');
                foreach (char c in line)
                {
                    depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
                }

                i++;
                bool continued = line.TrimEnd().EndsWith('\\') || depth > 0 || (i < masked.Count && masked.Lines[i].Trim().Length == 0 && OpenTripleString(text.ToString()));
                if (!continued)
                {
                    break;
                }
            }

            statements.Add(new Statement(start + 1, i - start, SourceLines.Indent(masked.Lines[start]), code.ToString().TrimEnd(), text.ToString().TrimEnd()));
        }

        return statements;
    }

    private static bool OpenTripleString(string text) => (CountOf(text, "\"\"\"") % 2 == 1) || (CountOf(text, "'''") % 2 == 1);

    private static int CountOf(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Blocks opened by def, class, try and except headers: the statements indented under them.</summary>
    private static List<Block> Blocks(List<Statement> statements)
    {
        var blocks = new List<Block>();
        for (int i = 0; i < statements.Count; i++)
        {
            string code = statements[i].Code.TrimStart();
            string? kind = null;
            string name = "";
            if (Def().Match(code) is { Success: true } def)
            {
                kind = "def";
                name = def.Groups["name"].Value;
            }
            else if (ClassHeader().Match(code) is { Success: true } cls)
            {
                kind = "class";
                name = cls.Groups[1].Value;
            }
            else if (TryHeader().IsMatch(code))
            {
                kind = "try";
            }
            else if (Except().IsMatch(code))
            {
                kind = "except";
            }

            if (kind is null)
            {
                continue;
            }

            int end = i + 1;
            while (end < statements.Count && statements[end].Indent > statements[i].Indent)
            {
                end++;
            }

            blocks.Add(new Block(kind, name, i, end, statements[i].Indent, statements[i].Line, statements[end - 1].Line + statements[end - 1].LineCount - 1));
        }

        return blocks;
    }

    private sealed record Statement(int Line, int LineCount, int Indent, string Code, string Text);

    private sealed record Block(string Kind, string Name, int Header, int End, int Indent, int HeaderLine, int LastLine)
    {
        public List<Statement> Body(List<Statement> statements) => statements[(Header + 1)..End];

        public bool Contains(Statement statement) => statement.Line >= HeaderLine && statement.Line <= LastLine;

        public string Text(List<Statement> statements) => string.Join("\n", statements[Header..End].Select(s => s.Text));
    }

    [GeneratedRegex(@"^\s*(?:async\s+)?def\s+(?<name>\w+)\s*(?:\[[^\]]*\])?\s*\((?<params>[\s\S]*)\)\s*(?<ret>->[\s\S]+?)?:", RegexOptions.CultureInvariant)]
    private static partial Regex Def();

    [GeneratedRegex(@"^\s*class\s+(\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex ClassHeader();

    [GeneratedRegex(@"^\s*try\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex TryHeader();

    [GeneratedRegex(@"^\s*except\b\s*(?<type>[^:]*?)(?:\s+as\s+(?<var>\w+))?\s*:(?<inline>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Except();

    [GeneratedRegex(@"^\(?\s*(BaseException|Exception)\s*\)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CatchAllType();

    [GeneratedRegex(@"\braise\b", RegexOptions.CultureInvariant)]
    private static partial Regex RaiseWord();

    [GeneratedRegex(@"([\w.]*\w)\.(?:debug|info|warning|warn|error|exception|critical|fatal|log)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex LoggerCall();

    [GeneratedRegex(@"(?<![\w.])print\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex Print();

    [GeneratedRegex(@"(?<![\w.])(?:open|urlopen)\s*\(|\brequests\.(?:get|post|put|patch|delete|head|request)\s*\(|\bhttpx\.(?:get|post|put|patch|delete|head|request|stream)\s*\(|\burllib\.request\.\w+\s*\(|\bsocket\.\w+\s*\(|\.(?:execute|executemany|connect)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex Io();

    [GeneratedRegex(@"(?<![\w.])(eval|exec)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex DynamicCode();

    [GeneratedRegex(@"\bos\.(system|popen|popen2|popen3)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex OsShell();

    [GeneratedRegex(@"\bsubprocess\.\w+\s*\(|(?<![\w.])(?:Popen|run|call|check_output|check_call)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex Subprocess();

    [GeneratedRegex(@"\bshell\s*=\s*True\b", RegexOptions.CultureInvariant)]
    private static partial Regex ShellTrue();

    [GeneratedRegex(@"\b(?:c?[Pp]ickle\.(?:loads?|Unpickler)|marshal\.loads?|shelve\.open|jsonpickle\.decode|dill\.loads?|yaml\.unsafe_load(?:_all)?)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex Deserialize();

    [GeneratedRegex(@"\byaml\.load(?:_all)?\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex YamlLoad();

    [GeneratedRegex(@"Loader\s*=\s*(?:yaml\.)?C?SafeLoader|Loader\s*=\s*(?:yaml\.)?BaseLoader", RegexOptions.CultureInvariant)]
    private static partial Regex SafeLoader();

    [GeneratedRegex(@"\bverify\s*=\s*False\b|\bssl\._create_unverified_context\b|\bCERT_NONE\b|\bcheck_hostname\s*=\s*False\b", RegexOptions.CultureInvariant)]
    private static partial Regex TlsOff();

    [GeneratedRegex(@"\bhashlib\.(md5|sha1)\s*\(|\bhashlib\.new\s*\(\s*['""](md5|sha1)['""]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WeakHash();

    [GeneratedRegex(@"(?<prefix>\b[rRbBuUfF]{1,2})?(?<q>""""""|'''|""|')(?<body>.*?)\k<q>", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^\s*(?:%\s*[\w(\[{]|\.format\s*\(|\+)", RegexOptions.CultureInvariant)]
    private static partial Regex FormattedAfter();

    [GeneratedRegex(@"^import\s+(.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ImportStatement();

    [GeneratedRegex(@"^from\s+([\w.]+)\s+import\s+(.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex FromImport();

    [GeneratedRegex(@"^\s*(?:[rRbBuU]{0,2})(?:""""""|'''|""|')", RegexOptions.CultureInvariant)]
    private static partial Regex Docstring();

    [GeneratedRegex(@"(?m)^\s*(\w+)\s*(?::[^=\n]+)?=(?!=)|\b(?:def|class)\s+(\w+)|\bas\s+(\w+)|\bfor\s+(\w+)\s*(?:,\s*(\w+))?\s+in\b|\bglobal\s+(\w+)|\bimport\s+(\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex Binding();
}
