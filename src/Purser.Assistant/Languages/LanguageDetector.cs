using System.Collections.Frozen;

namespace Purser.Assistant.Languages;

/// <summary>
/// Detects a file's language from its name (<c>Dockerfile</c>, <c>Makefile</c>), its extension (over 60 languages) or,
/// for files without a known extension, its shebang line (<c>#!/usr/bin/env python3</c>). Also maps the names people
/// use (<c>C#</c>, <c>cs</c>, <c>golang</c>) to a language.
/// </summary>
internal static class LanguageDetector
{
    private static readonly Language[] Languages =
    [
        L("csharp", "C#", LanguageKind.Code, ["c#", "cs"]),
        L("fsharp", "F#", LanguageKind.Code, ["f#", "fs"]),
        L("vbnet", "Visual Basic .NET", LanguageKind.Code, ["vb", "vb.net", "visualbasic"]),
        L("c", "C", LanguageKind.Code, []),
        L("cpp", "C++", LanguageKind.Code, ["c++", "cxx", "cplusplus"]),
        L("objective-c", "Objective-C", LanguageKind.Code, ["objc", "objectivec"]),
        L("java", "Java", LanguageKind.Code, []),
        L("kotlin", "Kotlin", LanguageKind.Code, ["kt"]),
        L("scala", "Scala", LanguageKind.Code, []),
        L("groovy", "Groovy", LanguageKind.Code, ["gradle"]),
        L("go", "Go", LanguageKind.Code, ["golang"]),
        L("rust", "Rust", LanguageKind.Code, ["rs"]),
        L("swift", "Swift", LanguageKind.Code, []),
        L("dart", "Dart", LanguageKind.Code, []),
        L("javascript", "JavaScript", LanguageKind.Code, ["js", "node", "nodejs", "jsx"]),
        L("typescript", "TypeScript", LanguageKind.Code, ["ts", "tsx"]),
        L("python", "Python", LanguageKind.Code, ["py", "python3"]),
        L("ruby", "Ruby", LanguageKind.Code, ["rb"]),
        L("php", "PHP", LanguageKind.Code, []),
        L("perl", "Perl", LanguageKind.Code, ["pl"]),
        L("lua", "Lua", LanguageKind.Code, []),
        L("r", "R", LanguageKind.Code, ["rlang"]),
        L("julia", "Julia", LanguageKind.Code, ["jl"]),
        L("haskell", "Haskell", LanguageKind.Code, ["hs"]),
        L("elixir", "Elixir", LanguageKind.Code, ["ex"]),
        L("erlang", "Erlang", LanguageKind.Code, ["erl"]),
        L("clojure", "Clojure", LanguageKind.Code, ["clj"]),
        L("ocaml", "OCaml", LanguageKind.Code, ["ml"]),
        L("elm", "Elm", LanguageKind.Code, []),
        L("zig", "Zig", LanguageKind.Code, []),
        L("nim", "Nim", LanguageKind.Code, []),
        L("crystal", "Crystal", LanguageKind.Code, ["cr"]),
        L("d", "D", LanguageKind.Code, ["dlang"]),
        L("fortran", "Fortran", LanguageKind.Code, []),
        L("cobol", "COBOL", LanguageKind.Code, []),
        L("pascal", "Pascal", LanguageKind.Code, ["delphi"]),
        L("matlab", "MATLAB", LanguageKind.Code, []),
        L("assembly", "Assembly", LanguageKind.Code, ["asm"]),
        L("solidity", "Solidity", LanguageKind.Code, ["sol"]),
        L("shell", "Shell", LanguageKind.Code, ["sh", "bash", "zsh", "ksh", "fish"]),
        L("powershell", "PowerShell", LanguageKind.Code, ["ps1", "pwsh"]),
        L("batch", "Batch", LanguageKind.Code, ["bat", "cmd"]),
        L("sql", "SQL", LanguageKind.Code, ["plsql", "tsql", "postgresql", "mysql"]),
        L("dockerfile", "Dockerfile", LanguageKind.Code, ["docker", "containerfile"]),
        L("makefile", "Makefile", LanguageKind.Code, ["make"]),
        L("cmake", "CMake", LanguageKind.Code, []),
        L("terraform", "Terraform", LanguageKind.Code, ["hcl", "tf"]),
        L("starlark", "Starlark", LanguageKind.Code, ["bazel", "bzl"]),
        L("nix", "Nix", LanguageKind.Code, []),
        L("protobuf", "Protocol Buffers", LanguageKind.Code, ["proto"]),
        L("graphql", "GraphQL", LanguageKind.Code, ["gql"]),
        L("html", "HTML", LanguageKind.Markup, ["htm", "xhtml"]),
        L("css", "CSS", LanguageKind.Markup, []),
        L("scss", "SCSS", LanguageKind.Markup, ["sass"]),
        L("less", "Less", LanguageKind.Markup, []),
        L("vue", "Vue", LanguageKind.Markup, []),
        L("svelte", "Svelte", LanguageKind.Markup, []),
        L("razor", "Razor", LanguageKind.Markup, ["cshtml"]),
        L("json", "JSON", LanguageKind.Data, ["jsonc"]),
        L("yaml", "YAML", LanguageKind.Data, ["yml"]),
        L("toml", "TOML", LanguageKind.Data, []),
        L("xml", "XML", LanguageKind.Data, ["msbuild", "csproj"]),
        L("ini", "INI", LanguageKind.Data, ["properties", "cfg"]),
        L("csv", "CSV", LanguageKind.Data, ["tsv"]),
        L("markdown", "Markdown", LanguageKind.Docs, ["md"]),
        L("restructuredtext", "reStructuredText", LanguageKind.Docs, ["rst"]),
        L("text", "Plain text", LanguageKind.Docs, ["txt", "plaintext"]),
    ];

    private static readonly FrozenDictionary<string, Language> ByName = BuildNames();

    private static readonly FrozenDictionary<string, string> Extensions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".cs"] = "csharp", [".csx"] = "csharp",
        [".fs"] = "fsharp", [".fsi"] = "fsharp", [".fsx"] = "fsharp",
        [".vb"] = "vbnet",
        [".c"] = "c", [".h"] = "c",
        [".cc"] = "cpp", [".cpp"] = "cpp", [".cxx"] = "cpp", [".c++"] = "cpp", [".hh"] = "cpp", [".hpp"] = "cpp", [".hxx"] = "cpp", [".ipp"] = "cpp", [".inl"] = "cpp",
        [".m"] = "objective-c", [".mm"] = "objective-c",
        [".java"] = "java",
        [".kt"] = "kotlin", [".kts"] = "kotlin",
        [".scala"] = "scala", [".sc"] = "scala",
        [".groovy"] = "groovy", [".gradle"] = "groovy", [".gvy"] = "groovy",
        [".go"] = "go",
        [".rs"] = "rust",
        [".swift"] = "swift",
        [".dart"] = "dart",
        [".js"] = "javascript", [".mjs"] = "javascript", [".cjs"] = "javascript", [".jsx"] = "javascript",
        [".ts"] = "typescript", [".mts"] = "typescript", [".cts"] = "typescript", [".tsx"] = "typescript",
        [".py"] = "python", [".pyw"] = "python", [".pyi"] = "python",
        [".rb"] = "ruby", [".rake"] = "ruby", [".gemspec"] = "ruby",
        [".php"] = "php", [".phtml"] = "php",
        [".pl"] = "perl", [".pm"] = "perl", [".t"] = "perl",
        [".lua"] = "lua",
        [".r"] = "r",
        [".jl"] = "julia",
        [".hs"] = "haskell", [".lhs"] = "haskell",
        [".ex"] = "elixir", [".exs"] = "elixir",
        [".erl"] = "erlang", [".hrl"] = "erlang",
        [".clj"] = "clojure", [".cljs"] = "clojure", [".cljc"] = "clojure", [".edn"] = "clojure",
        [".ml"] = "ocaml", [".mli"] = "ocaml",
        [".elm"] = "elm",
        [".zig"] = "zig",
        [".nim"] = "nim",
        [".cr"] = "crystal",
        [".d"] = "d",
        [".f"] = "fortran", [".f90"] = "fortran", [".f95"] = "fortran", [".f03"] = "fortran", [".for"] = "fortran",
        [".cob"] = "cobol", [".cbl"] = "cobol",
        [".pas"] = "pascal", [".pp"] = "pascal", [".dpr"] = "pascal",
        [".asm"] = "assembly", [".s"] = "assembly",
        [".sol"] = "solidity",
        [".sh"] = "shell", [".bash"] = "shell", [".zsh"] = "shell", [".ksh"] = "shell", [".fish"] = "shell",
        [".ps1"] = "powershell", [".psm1"] = "powershell", [".psd1"] = "powershell",
        [".bat"] = "batch", [".cmd"] = "batch",
        [".sql"] = "sql",
        [".dockerfile"] = "dockerfile",
        [".mk"] = "makefile", [".mak"] = "makefile",
        [".cmake"] = "cmake",
        [".tf"] = "terraform", [".tfvars"] = "terraform", [".hcl"] = "terraform",
        [".bzl"] = "starlark", [".star"] = "starlark",
        [".nix"] = "nix",
        [".proto"] = "protobuf",
        [".graphql"] = "graphql", [".gql"] = "graphql",
        [".html"] = "html", [".htm"] = "html", [".xhtml"] = "html",
        [".css"] = "css",
        [".scss"] = "scss", [".sass"] = "scss",
        [".less"] = "less",
        [".vue"] = "vue",
        [".svelte"] = "svelte",
        [".cshtml"] = "razor", [".razor"] = "razor",
        [".json"] = "json", [".jsonc"] = "json", [".json5"] = "json",
        [".yaml"] = "yaml", [".yml"] = "yaml",
        [".toml"] = "toml",
        [".xml"] = "xml", [".csproj"] = "xml", [".fsproj"] = "xml", [".vbproj"] = "xml", [".props"] = "xml", [".targets"] = "xml", [".slnx"] = "xml", [".xaml"] = "xml", [".svg"] = "xml", [".xsd"] = "xml",
        [".ini"] = "ini", [".cfg"] = "ini", [".conf"] = "ini", [".properties"] = "ini", [".editorconfig"] = "ini",
        [".csv"] = "csv", [".tsv"] = "csv",
        [".md"] = "markdown", [".markdown"] = "markdown", [".mdx"] = "markdown",
        [".rst"] = "restructuredtext",
        [".txt"] = "text",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> FileNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Dockerfile"] = "dockerfile", ["Containerfile"] = "dockerfile",
        ["Makefile"] = "makefile", ["GNUmakefile"] = "makefile", ["makefile"] = "makefile",
        ["CMakeLists.txt"] = "cmake",
        ["Rakefile"] = "ruby", ["Gemfile"] = "ruby", ["Guardfile"] = "ruby", ["Podfile"] = "ruby", ["Vagrantfile"] = "ruby", ["Brewfile"] = "ruby",
        ["Jenkinsfile"] = "groovy",
        ["BUILD"] = "starlark", ["BUILD.bazel"] = "starlark", ["WORKSPACE"] = "starlark", ["WORKSPACE.bazel"] = "starlark", ["MODULE.bazel"] = "starlark", ["Tiltfile"] = "starlark",
        ["Justfile"] = "makefile",
        [".bashrc"] = "shell", [".bash_profile"] = "shell", [".profile"] = "shell", [".zshrc"] = "shell", [".zprofile"] = "shell",
        ["PKGBUILD"] = "shell",
        ["go.mod"] = "go", ["go.sum"] = "text",
        ["Cargo.lock"] = "toml", ["Pipfile"] = "toml",
        [".gitignore"] = "text", [".dockerignore"] = "text", [".gitattributes"] = "text",
        ["LICENSE"] = "text", ["COPYING"] = "text", ["README"] = "text",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly (string Interpreter, string Language)[] Interpreters =
    [
        ("python", "python"), ("pypy", "python"),
        ("node", "javascript"), ("nodejs", "javascript"), ("deno", "typescript"), ("bun", "typescript"), ("ts-node", "typescript"), ("tsx", "typescript"),
        ("bash", "shell"), ("sh", "shell"), ("zsh", "shell"), ("ksh", "shell"), ("dash", "shell"), ("ash", "shell"), ("fish", "shell"),
        ("ruby", "ruby"), ("perl", "perl"), ("php", "php"), ("lua", "lua"), ("luajit", "lua"),
        ("pwsh", "powershell"), ("powershell", "powershell"),
        ("rscript", "r"), ("julia", "julia"), ("elixir", "elixir"), ("escript", "erlang"),
        ("runhaskell", "haskell"), ("runghc", "haskell"), ("swift", "swift"), ("dotnet", "csharp"), ("scala", "scala"),
        ("groovy", "groovy"), ("kotlin", "kotlin"), ("make", "makefile"),
    ];

    /// <summary>Every language Purser recognises.</summary>
    public static IReadOnlyList<Language> All => Languages;

    /// <summary>The language with this id or name (<c>csharp</c>, <c>C#</c>, <c>cs</c>, <c>golang</c>), case-insensitive; null when unknown.</summary>
    public static Language? Find(string? name) =>
        name is { Length: > 0 } && ByName.TryGetValue(name.Trim(), out Language? language) ? language : null;

    /// <summary>The language of a file from its name, extension or (when given) its first line's shebang; null when unknown.</summary>
    public static Language? Detect(string path, string? firstLine = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = Path.GetFileName(path);
        if (FileNames.TryGetValue(name, out string? byName))
        {
            return Find(byName);
        }

        if (name.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase))
        {
            return Find("dockerfile");
        }

        string extension = Path.GetExtension(name);
        if (extension.Length > 0 && Extensions.TryGetValue(extension, out string? byExtension))
        {
            return Find(byExtension);
        }

        return firstLine is not null ? FromShebang(firstLine) : null;
    }

    /// <summary>The language a shebang line names (<c>#!/usr/bin/env -S python3 -u</c> → Python); null when it is not one or names no known interpreter.</summary>
    public static Language? FromShebang(string firstLine)
    {
        if (!firstLine.StartsWith("#!", StringComparison.Ordinal))
        {
            return null;
        }

        string[] words = firstLine[2..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        int i = 0;
        if (i < words.Length && Path.GetFileName(words[i]) == "env")
        {
            i++;
            while (i < words.Length && (words[i].StartsWith('-') || words[i].Contains('=', StringComparison.Ordinal)))
            {
                i++;
            }
        }

        if (i >= words.Length)
        {
            return null;
        }

        string interpreter = Path.GetFileName(words[i]).ToLowerInvariant();
        foreach ((string prefix, string language) in Interpreters)
        {
            // python3, python3.12, perl5, ruby2.7 …: the interpreter name followed by a version.
            if (interpreter == prefix || (interpreter.StartsWith(prefix, StringComparison.Ordinal) && IsVersion(interpreter.AsSpan(prefix.Length))))
            {
                return Find(language);
            }
        }

        return null;
    }

    private static bool IsVersion(ReadOnlySpan<char> rest)
    {
        foreach (char c in rest)
        {
            if (!char.IsAsciiDigit(c) && c != '.')
            {
                return false;
            }
        }

        return rest.Length > 0;
    }

    private static Language L(string id, string name, LanguageKind kind, string[] aliases) => new(id, name, kind, aliases);

    private static FrozenDictionary<string, Language> BuildNames()
    {
        var names = new Dictionary<string, Language>(StringComparer.OrdinalIgnoreCase);
        foreach (Language language in Languages)
        {
            names[language.Id] = language;
            names.TryAdd(language.Name, language);
            foreach (string alias in language.Aliases)
            {
                names.TryAdd(alias, language);
            }
        }

        return names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
