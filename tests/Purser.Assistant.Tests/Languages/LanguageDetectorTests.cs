using Purser.Assistant.Languages;

namespace Purser.Assistant.Tests.Languages;

public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("Program.cs", "csharp")]
    [InlineData("a.fs", "fsharp")]
    [InlineData("main.c", "c")]
    [InlineData("x.hpp", "cpp")]
    [InlineData("A.java", "java")]
    [InlineData("b.kt", "kotlin")]
    [InlineData("c.scala", "scala")]
    [InlineData("build.gradle", "groovy")]
    [InlineData("main.go", "go")]
    [InlineData("lib.rs", "rust")]
    [InlineData("v.swift", "swift")]
    [InlineData("w.dart", "dart")]
    [InlineData("index.mjs", "javascript")]
    [InlineData("App.tsx", "typescript")]
    [InlineData("app.py", "python")]
    [InlineData("x.rb", "ruby")]
    [InlineData("index.php", "php")]
    [InlineData("s.pl", "perl")]
    [InlineData("init.lua", "lua")]
    [InlineData("model.R", "r")]
    [InlineData("m.jl", "julia")]
    [InlineData("Main.hs", "haskell")]
    [InlineData("a.ex", "elixir")]
    [InlineData("a.erl", "erlang")]
    [InlineData("core.clj", "clojure")]
    [InlineData("a.ml", "ocaml")]
    [InlineData("a.zig", "zig")]
    [InlineData("run.sh", "shell")]
    [InlineData("x.ps1", "powershell")]
    [InlineData("x.bat", "batch")]
    [InlineData("schema.sql", "sql")]
    [InlineData("main.tf", "terraform")]
    [InlineData("a.proto", "protobuf")]
    [InlineData("index.html", "html")]
    [InlineData("site.scss", "scss")]
    [InlineData("App.vue", "vue")]
    [InlineData("Page.razor", "razor")]
    [InlineData("data.json", "json")]
    [InlineData("ci.yml", "yaml")]
    [InlineData("Cargo.toml", "toml")]
    [InlineData("README.md", "markdown")]
    [InlineData("Dockerfile", "dockerfile")]
    [InlineData("Dockerfile.prod", "dockerfile")]
    [InlineData("Makefile", "makefile")]
    [InlineData("CMakeLists.txt", "cmake")]
    [InlineData("Gemfile", "ruby")]
    [InlineData("Jenkinsfile", "groovy")]
    [InlineData("BUILD.bazel", "starlark")]
    [InlineData("src/deep/.zshrc", "shell")]
    public void Detect_ByExtensionOrFileName(string path, string expected)
    {
        LanguageDetector.Detect(path)!.Id.ShouldBe(expected);
    }

    [Theory]
    [InlineData("#!/usr/bin/env python3", "python")]
    [InlineData("#!/usr/bin/python3.12", "python")]
    [InlineData("#!/bin/bash", "shell")]
    [InlineData("#!/usr/bin/env -S node --no-warnings", "javascript")]
    [InlineData("#!/usr/bin/env ruby", "ruby")]
    [InlineData("#!/usr/bin/env pwsh", "powershell")]
    [InlineData("#! /usr/bin/perl -w", "perl")]
    [InlineData("#!/usr/bin/env deno run", "typescript")]
    public void Detect_ExtensionlessScript_ByShebang(string firstLine, string expected)
    {
        LanguageDetector.Detect("bin/tool", firstLine)!.Id.ShouldBe(expected);
    }

    [Theory]
    [InlineData("bin/tool", "not a shebang")]
    [InlineData("bin/tool", "#!/usr/bin/env unknowninterp")]
    [InlineData("file.unknownext", null)]
    public void Detect_Unknown_IsNull(string path, string? firstLine)
    {
        LanguageDetector.Detect(path, firstLine).ShouldBeNull();
    }

    [Fact]
    public void All_HasOverThirtyProgrammingLanguages()
    {
        LanguageDetector.All.Count(l => l.Kind == LanguageKind.Code).ShouldBeGreaterThan(30);
    }

    [Theory]
    [InlineData("C#", "csharp")]
    [InlineData("cs", "csharp")]
    [InlineData("golang", "go")]
    [InlineData("TypeScript", "typescript")]
    [InlineData("c++", "cpp")]
    public void Find_CommonNames(string name, string expected)
    {
        LanguageDetector.Find(name)!.Id.ShouldBe(expected);
    }
}
