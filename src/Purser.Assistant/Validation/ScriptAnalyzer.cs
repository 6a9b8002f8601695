using System.Text.RegularExpressions;
using Purser.Guards;

namespace Purser.Assistant.Validation;

/// <summary>
/// JavaScript and TypeScript: JavaScript's syntax with <c>node --check</c> when Node.js is on the machine (TypeScript's
/// syntax is not checked: Node cannot parse it); the other checks read the code with strings and comments blanked,
/// functions and handlers found by their braces.
/// </summary>
internal static partial class ScriptAnalyzer
{
    public static void Analyze(string text, bool typeScript, ValidationOptions options, SecretScanner scanner, FileChecks checks)
    {
        string masked = SourceMask.Script(text);
        var lines = new SourceLines(text);
        if (typeScript)
        {
            checks.NotChecked(ValidationChecks.Syntax, "TypeScript's syntax needs the TypeScript compiler, which Purser does not run");
        }
        else
        {
            Syntax(text, masked, options, checks);
        }

        List<Function> functions = Functions(masked);
        List<Handler> handlers = Handlers(masked);
        Security(text, masked, lines, functions, checks);
        Documentation(masked, lines, typeScript, checks);
        if (typeScript)
        {
            Types(masked, lines, checks);
            checks.Checked(ValidationChecks.Types, "'any' and untyped parameters of exported functions");
        }
        else
        {
            checks.NotApplicable(ValidationChecks.Types, "JavaScript has no type annotations");
        }

        ErrorHandling(masked, lines, functions, handlers, checks);
        Imports(masked, lines, checks);
        CodePatterns.Secrets(text, scanner, checks);
        checks.Checked(ValidationChecks.Security);
        checks.Checked(ValidationChecks.ErrorHandling);
        checks.Checked(ValidationChecks.Imports, "imports and requires matched against the names the code uses");
        checks.Checked(ValidationChecks.Logging);
    }

    private static void Syntax(string text, string masked, ValidationOptions options, FileChecks checks)
    {
        if (!ExternalChecker.IsAvailable(options.Node))
        {
            checks.NotChecked(ValidationChecks.Syntax, $"Node.js is not installed here ({ValidationOptions.SectionName}:Node = '{options.Node}'), so the syntax was not checked");
            return;
        }

        bool module = ModuleSyntax().IsMatch(masked);
        string file = Path.Combine(Path.GetTempPath(), $"purser-check-{Guid.NewGuid():N}{(module ? ".mjs" : ".cjs")}");
        try
        {
            File.WriteAllText(file, text);
            ExternalChecker.Result? run = ExternalChecker.Run(options.Node, ["--check", file], null, options.CheckerTimeout);
            if (run is null || run.TimedOut)
            {
                checks.NotChecked(ValidationChecks.Syntax, "node did not answer in time");
                return;
            }

            if (run.ExitCode != 0)
            {
                Match location = NodeLocation().Match(run.Error);
                string message = run.Error.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("Error:", StringComparison.Ordinal)) ?? "SyntaxError";
                checks.Add(ValidationRules.ParseError, location.Success ? int.Parse(location.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null, message);
            }

            checks.Checked(ValidationChecks.Syntax, $"node --check ({(module ? "ES module" : "CommonJS")})");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Security(string text, string masked, SourceLines lines, List<Function> functions, FileChecks checks)
    {
        foreach (Match m in DynamicCode().Matches(masked))
        {
            checks.Add(ValidationRules.DynamicCode, lines.LineOf(m.Index), $"{m.Value.TrimEnd('(', ' ')} runs code from a string: parse the data instead (JSON.parse).");
        }

        bool childProcess = ChildProcess().IsMatch(text);
        foreach (Match m in ExecCall().Matches(masked))
        {
            int open = m.Index + m.Length - 1;
            int close = Braces.Close(masked, open);
            string arguments = text[open..Math.Min(text.Length, close + 1)];
            string maskedArguments = masked[open..Math.Min(masked.Length, close + 1)];
            bool built = arguments.Contains("${", StringComparison.Ordinal) || maskedArguments.Contains('+', StringComparison.Ordinal);
            if ((childProcess || m.Value.Contains('.', StringComparison.Ordinal)) && (built || m.Groups[1].Value is "exec" or "execSync") && (built || !Regex.IsMatch(maskedArguments, @"^\(\s*['""`]")))
            {
                checks.Add(ValidationRules.ShellInjection, lines.LineOf(m.Index), $"child_process {m.Groups[1].Value} with a command built from strings runs it through a shell: use execFile/spawn with an argument array.");
            }
        }

        foreach (Match m in SpawnShell().Matches(masked))
        {
            checks.Add(ValidationRules.ShellInjection, lines.LineOf(m.Index), "spawn with shell: true runs the command through a shell: pass an argument array and leave the shell out.");
        }

        // Literals by the line they start on: SQL spread over several literals of one line counts as one text.
        foreach (IGrouping<int, Match> line in TemplateOrString().Matches(text).Where(l => masked[l.Index] == text[l.Index]).GroupBy(l => lines.LineOf(l.Index)))
        {
            if (!CodePatterns.Sql().IsMatch(string.Concat(line.Select(l => l.Groups["body"].Value))))
            {
                continue;
            }

            foreach (Match literal in line)
            {
                string body = literal.Groups["body"].Value;
                bool template = literal.Value.StartsWith('`');
                bool tagged = template && literal.Index > 0 && (char.IsLetterOrDigit(text[literal.Index - 1]) || text[literal.Index - 1] is '_' or '$');
                string before = text[..literal.Index].TrimEnd();
                string after = text[(literal.Index + literal.Length)..].TrimStart();
                if ((template && !tagged && body.Contains("${", StringComparison.Ordinal)) || before.EndsWith('+') || after.StartsWith('+'))
                {
                    checks.Add(ValidationRules.SqlInjection, line.Key, "SQL built by concatenation or a template literal: pass the values as query parameters.");
                    break;
                }
            }
        }

        foreach (Match m in UnsafeDeserialize().Matches(masked))
        {
            checks.Add(ValidationRules.UnsafeDeserialization, lines.LineOf(m.Index), "node-serialize's unserialize runs functions embedded in the data: use JSON.parse.");
        }

        foreach (Match m in TlsOff().Matches(text))
        {
            if (masked[m.Index] == text[m.Index])
            {
                checks.Add(ValidationRules.TlsDisabled, lines.LineOf(m.Index), $"{m.Value} turns certificate validation off.");
            }
        }

        foreach (Match m in WeakHash().Matches(text))
        {
            int line = lines.LineOf(m.Index);
            Function? function = functions.Where(f => m.Index > f.Open && m.Index < f.Close).MaxBy(f => f.Open);
            string scope = function is null ? lines.Lines[line - 1] : text[function.Start..Math.Min(text.Length, function.Close)];
            if (CodePatterns.PasswordContext().IsMatch(scope))
            {
                checks.Add(ValidationRules.WeakPasswordHash, line, $"{m.Groups[1].Value} used around a password: use crypto.scrypt or pbkdf2 with a salt, bcrypt or argon2.");
            }
            else
            {
                checks.Add(ValidationRules.WeakHash, line, $"{m.Groups[1].Value} is broken for security: fine for checksums, never for passwords or signatures.");
            }
        }
    }

    private static void Documentation(string masked, SourceLines lines, bool typeScript, FileChecks checks)
    {
        bool esm = ModuleSyntax().IsMatch(masked);
        int items = 0;
        int documented = 0;
        IEnumerable<Match> exported = esm
            ? ExportedDeclaration().Matches(masked)
            : CommonJsDeclaration().Matches(masked);
        foreach (Match m in exported)
        {
            string name = m.Groups["name"].Success && m.Groups["name"].Value.Length > 0 ? m.Groups["name"].Value : "default";
            int line = lines.LineOf(m.Index + m.Value.Length - m.Value.TrimStart().Length);
            items++;
            if (HasJsDoc(lines, line))
            {
                documented++;
            }
            else
            {
                checks.Add(ValidationRules.ScriptDocs, line, $"The exported {(m.Value.Contains("class", StringComparison.Ordinal) ? "class" : "function")} {name} has no JSDoc comment (/** … */).");
            }

            if (typeScript && m.Value.TrimEnd().EndsWith('('))
            {
                int open = m.Index + m.Value.TrimEnd().Length - 1;
                int close = Braces.Close(masked, open);
                foreach (string parameter in Braces.SplitTopLevel(masked[(open + 1)..Math.Max(open + 1, close)], angles: true))
                {
                    string p = parameter.Trim();
                    if (p.Length > 0 && !p.StartsWith('{') && !p.StartsWith('[') && !p.Contains(':', StringComparison.Ordinal) && !p.Contains('=', StringComparison.Ordinal) && p != "this")
                    {
                        checks.Add(ValidationRules.TypeScriptUntyped, line, $"Parameter '{p.TrimStart('.')}' of the exported {name} has no type (implicitly any).");
                    }
                }
            }
        }

        checks.Ratio(ValidationChecks.Documentation, documented, items, items == 0 ? "no exported functions or classes" : $"{documented} of {items} exported functions and classes documented");
    }

    private static bool HasJsDoc(SourceLines lines, int line)
    {
        for (int i = line - 2; i >= 0; i--)
        {
            string previous = lines.Lines[i].Trim();
            if (previous.Length == 0 || previous.StartsWith('@'))
            {
                continue;
            }

            if (!previous.EndsWith("*/", StringComparison.Ordinal))
            {
                return false;
            }

            for (int j = i; j >= 0; j--)
            {
                if (lines.Lines[j].Contains("/**", StringComparison.Ordinal))
                {
                    return true;
                }

                if (lines.Lines[j].Contains("/*", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return false;
        }

        return false;
    }

    private static void Types(string masked, SourceLines lines, FileChecks checks)
    {
        foreach (Match m in AnyType().Matches(masked))
        {
            checks.Add(ValidationRules.TypeScriptAny, lines.LineOf(m.Index), "'any' turns type checking off here: use a real type or 'unknown'.");
        }
    }

    private static void ErrorHandling(string masked, SourceLines lines, List<Function> functions, List<Handler> handlers, FileChecks checks)
    {
        foreach (Handler handler in handlers)
        {
            string body = masked[(handler.Open + 1)..handler.Close];
            int line = lines.LineOf(handler.Start);
            if (body.Trim().Length == 0)
            {
                checks.Add(ValidationRules.EmptyHandler, line, "An empty catch: the error vanishes without a trace.");
                continue;
            }

            bool rethrows = Throw().IsMatch(body) || Reject().IsMatch(body);
            bool logs = LoggerCall().Matches(body).Any(m => CodePatterns.IsLoggerTarget(m.Groups[1].Value));
            bool uses = handler.Variable.Length > 0 && Regex.IsMatch(body, $@"(?<![\w$.]){Regex.Escape(handler.Variable)}(?![\w$])");
            if (!rethrows && !logs && !uses)
            {
                checks.Add(ValidationRules.SwallowedException, line, "A catch that neither rethrows, logs nor uses the error: it is swallowed.");
            }

            if (!rethrows && !logs)
            {
                checks.Add(ValidationRules.UnloggedHandler, line, "An error is handled here without being logged: use a logger (pino, winston …), not console output.");
            }

            foreach (Match print in Console().Matches(body))
            {
                checks.Add(ValidationRules.ConsoleOutput, lines.LineOf(handler.Open + 1 + print.Index), "An error reported with console output: log it through a logger instead.");
            }
        }

        foreach (Function function in functions)
        {
            string body = masked[(function.Open + 1)..function.Close];
            Function[] inner = [.. functions.Where(f => f.Open > function.Open && f.Close < function.Close)];
            bool Own(int offset) => !inner.Any(f => offset > f.Open && offset < f.Close);
            Match? io = Io().Matches(body).FirstOrDefault(m => Own(function.Open + 1 + m.Index) && !InsideTry(handlers, function.Open + 1 + m.Index, masked) && !ChainedCatch(body, m.Index));
            if (io is not null)
            {
                checks.Add(ValidationRules.UnguardedIo, lines.LineOf(function.Open + 1 + io.Index), $"{io.Value.TrimEnd('(', ' ')} can fail (I/O or network) and is not inside a try block: decide what a failure here means.");
            }

            bool canFail = TryWord().IsMatch(body) || Throw().IsMatch(body) || Io().IsMatch(body);
            if (canFail && function.Name != "main")
            {
                foreach (Match print in Console().Matches(body).Where(p => Own(function.Open + 1 + p.Index)))
                {
                    checks.Add(ValidationRules.ConsoleOutput, lines.LineOf(function.Open + 1 + print.Index), $"console output in {function.Name}, which can fail: log through a logger instead.");
                }
            }
        }
    }

    private static bool ChainedCatch(string body, int index)
    {
        int end = body.IndexOf(';', index);
        string statement = end < 0 ? body[index..] : body[index..end];
        return statement.Contains(".catch(", StringComparison.Ordinal);
    }

    private static bool InsideTry(List<Handler> handlers, int offset, string masked) =>
        handlers.Any(h => h.TryOpen >= 0 && offset > h.TryOpen && offset < Braces.Close(masked, h.TryOpen));

    private static void Imports(string masked, SourceLines lines, FileChecks checks)
    {
        var names = new List<(string Name, int Line, int Start, int End)>();
        foreach (Match m in ImportClause().Matches(masked))
        {
            string clause = m.Groups["clause"].Value;
            int line = lines.LineOf(m.Index);
            foreach (string name in ImportedNames(clause))
            {
                names.Add((name, line, m.Index, m.Index + m.Length));
            }
        }

        foreach (Match m in RequireBinding().Matches(masked))
        {
            int line = lines.LineOf(m.Index);
            IEnumerable<string> bound = m.Groups["single"].Success
                ? [m.Groups["single"].Value]
                : m.Groups["destructured"].Value.Split(',').Select(p => p.Split(':').Last().Split('=')[0].Trim()).Where(p => p.Length > 0);
            foreach (string name in bound)
            {
                names.Add((name, line, m.Index, m.Index + m.Length));
            }
        }

        foreach ((string name, int line, int start, int end) in names)
        {
            string rest = masked[..start] + masked[end..];
            if (!Regex.IsMatch(rest, $@"(?<![\w$.]){Regex.Escape(name)}(?![\w$])"))
            {
                checks.Add(ValidationRules.UnusedImport, line, $"'{name}' is imported but never used.");
            }
        }
    }

    private static IEnumerable<string> ImportedNames(string clause)
    {
        string rest = clause.Trim();
        if (rest.StartsWith("type ", StringComparison.Ordinal))
        {
            rest = rest[5..];
        }

        int brace = rest.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0)
        {
            int close = rest.IndexOf('}', brace);
            foreach (string item in rest[(brace + 1)..(close < 0 ? rest.Length : close)].Split(','))
            {
                string[] words = item.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length > 0)
                {
                    yield return words.Length >= 3 && words[^2] == "as" ? words[^1] : words[^1];
                }
            }

            rest = rest[..brace] + (close < 0 ? "" : rest[(close + 1)..]);
        }

        foreach (string part in rest.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] words = part.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            yield return words[0] == "*" && words.Length == 3 ? words[2] : words[0];
        }
    }

    private static List<Function> Functions(string masked)
    {
        var functions = new List<Function>();
        foreach (Match m in FunctionStart().Matches(masked))
        {
            string name = m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["method"].Success ? m.Groups["method"].Value : m.Groups["arrow"].Success ? m.Groups["arrow"].Value : "(anonymous)";
            if (name is "if" or "for" or "while" or "switch" or "catch" or "with" or "return" or "function")
            {
                continue;
            }

            int open = m.Index + m.Length - 1;
            functions.Add(new Function(name, m.Index, open, Braces.Close(masked, open)));
        }

        return functions;
    }

    private static List<Handler> Handlers(string masked)
    {
        var handlers = new List<Handler>();
        foreach (Match m in CatchBlock().Matches(masked))
        {
            int open = m.Index + m.Length - 1;
            int tryOpen = -1;
            int before = m.Index - 1;
            while (before >= 0 && char.IsWhiteSpace(masked[before]))
            {
                before--;
            }

            if (before >= 0 && masked[before] == '}' && Braces.Open(masked, before) is int start and >= 0)
            {
                string head = masked[..start].TrimEnd();
                if (head.EndsWith("try", StringComparison.Ordinal))
                {
                    tryOpen = start;
                }
            }

            handlers.Add(new Handler(m.Index, open, Braces.Close(masked, open), m.Groups["var"].Value, tryOpen));
        }

        foreach (Match m in PromiseCatch().Matches(masked))
        {
            int open = m.Index + m.Length - 1;
            handlers.Add(new Handler(m.Index, open, Braces.Close(masked, open), m.Groups["var"].Value, -1));
        }

        return handlers;
    }

    private sealed record Function(string Name, int Start, int Open, int Close);

    private sealed record Handler(int Start, int Open, int Close, string Variable, int TryOpen);

    [GeneratedRegex(@"(?m)^\s*(?:import\s[^;]*?\bfrom\s|import\s*['""]|export\s+(?:default|const|let|var|function|class|async|\{|\*|type|interface))", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleSyntax();

    [GeneratedRegex(@":(\d+)\s*\n", RegexOptions.CultureInvariant)]
    private static partial Regex NodeLocation();

    [GeneratedRegex(@"(?<![\w$.])eval\s*\(|\bnew\s+Function\s*\(|\bset(?:Timeout|Interval)\s*\(\s*['""`]|\bvm\.runIn(?:New|This)?Context\s*\(|\bnew\s+vm\.Script\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex DynamicCode();

    [GeneratedRegex(@"require\s*\(\s*['""](?:node:)?child_process['""]\s*\)|from\s+['""](?:node:)?child_process['""]", RegexOptions.CultureInvariant)]
    private static partial Regex ChildProcess();

    [GeneratedRegex(@"(?<![\w$])(?:[\w$]+\.)?(exec|execSync)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex ExecCall();

    [GeneratedRegex(@"\bspawn(?:Sync)?\s*\([^;]*?\bshell\s*:\s*true", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex SpawnShell();

    [GeneratedRegex(@"`(?<body>(?:\\.|[^`\\])*)`|""(?<body>(?:\\.|[^""\\\n])*)""|'(?<body>(?:\\.|[^'\\\n])*)'", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateOrString();

    [GeneratedRegex(@"(?<![\w$.])unserialize\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex UnsafeDeserialize();

    [GeneratedRegex(@"rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED['""]?\s*\]?\s*=\s*['""]?0|strictSSL\s*:\s*false", RegexOptions.CultureInvariant)]
    private static partial Regex TlsOff();

    [GeneratedRegex(@"createHash\s*\(\s*['""](md5|sha1)['""]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WeakHash();

    [GeneratedRegex(@"(?m)^[ \t]*export\s+(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\s*\*?\s*(?<name>[\w$]*)\s*(?:<[^>]*>)?\s*\(|class\s+(?<name>[\w$]*)|(?:const|let)\s+(?<name>[\w$]+)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[\w$]+\s*=>))", RegexOptions.CultureInvariant)]
    private static partial Regex ExportedDeclaration();

    [GeneratedRegex(@"(?m)^(?:async\s+)?function\s*\*?\s*(?<name>[\w$]+)\s*\(|^class\s+(?<name>[\w$]+)|^(?:module\.)?exports(?:\.(?<name>[\w$]+))?\s*=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*=>|class\b)", RegexOptions.CultureInvariant)]
    private static partial Regex CommonJsDeclaration();

    [GeneratedRegex(@":\s*any\b|\bas\s+any\b|<any>|\bany\[\]", RegexOptions.CultureInvariant)]
    private static partial Regex AnyType();

    [GeneratedRegex(@"\bcatch\s*(?:\(\s*(?<var>[\w$]*)[^)]*\))?\s*\{", RegexOptions.CultureInvariant)]
    private static partial Regex CatchBlock();

    [GeneratedRegex(@"\.catch\s*\(\s*(?:async\s*)?(?:\(\s*(?<var>[\w$]*)[^)]*\)|(?<var>[\w$]+))\s*=>\s*\{", RegexOptions.CultureInvariant)]
    private static partial Regex PromiseCatch();

    [GeneratedRegex(@"\bthrow\b", RegexOptions.CultureInvariant)]
    private static partial Regex Throw();

    [GeneratedRegex(@"\breject\s*\(|Promise\.reject\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex Reject();

    [GeneratedRegex(@"\btry\s*\{", RegexOptions.CultureInvariant)]
    private static partial Regex TryWord();

    [GeneratedRegex(@"([\w$.]*[\w$])\.(?:debug|info|warn|warning|error|fatal|trace|log|child)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex LoggerCall();

    [GeneratedRegex(@"\bconsole\.(?:log|info|warn|error|debug|trace)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex Console();

    [GeneratedRegex(@"(?<![\w$.])fetch\s*\(|\baxios(?:\.\w+)?\s*\(|\bfs\.\w+\s*\(|\bfsPromises\.\w+\s*\(|\bhttps?\.(?:get|request)\s*\(|\.query\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex Io();

    [GeneratedRegex(@"(?m)^\s*import\s+(?<clause>(?!['""])[^;]*?)\s+from\s+['""]", RegexOptions.CultureInvariant)]
    private static partial Regex ImportClause();

    [GeneratedRegex(@"\b(?:const|let|var)\s+(?:(?<single>[\w$]+)|\{(?<destructured>[^}]*)\})\s*=\s*require\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex RequireBinding();

    [GeneratedRegex(@"(?:\bfunction\s*\*?\s*(?<name>[\w$]*)\s*(?:<[^>]*>)?\s*\([^)]*\)\s*(?::[^{]+)?\{|(?<arrow>[\w$]+)\s*=\s*(?:async\s+)?(?:\([^)]*\)|[\w$]+)\s*(?::[^=]+)?=>\s*\{|(?<![\w$.])(?:async\s+)?\([^)]*\)\s*=>\s*\{|(?m:^)[ \t]*(?:(?:public|private|protected|static|async|get|set)\s+)*(?<method>[\w$]+)\s*\([^)]*\)\s*(?::\s*[^{;]+)?\{)", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionStart();
}
