using System.Collections.Frozen;

namespace Purser.Assistant.Validation;

/// <summary>Every rule of the validator (docs/GENERATION.md lists them; SARIF output describes them).</summary>
internal static class ValidationRules
{
    public static readonly ValidationRule ParseError = R("SYN001", ValidationChecks.Syntax, "error", "parse-error",
        "The code does not parse: Roslyn for C#, System.Text.Json, YamlDotNet and System.Xml for data files, python3's ast module for Python, node --check for JavaScript.");

    public static readonly ValidationRule CompileError = R("SYN002", ValidationChecks.Syntax, "error", "compile-error",
        "C# that parses but does not compile against the .NET libraries (semantic diagnostics; only for a file that stands alone and uses only .NET namespaces).");

    public static readonly ValidationRule DynamicCode = R("SEC001", ValidationChecks.Security, "error", "dynamic-code",
        "Code run from a string: eval/exec, new Function, setTimeout with a string, vm.runIn*Context, C# scripting APIs.");

    public static readonly ValidationRule ShellInjection = R("SEC002", ValidationChecks.Security, "error", "shell-command-from-strings",
        "A shell command built from strings: Process.Start or ProcessStartInfo arguments built by concatenation or interpolation, os.system, os.popen, subprocess with shell=True, child_process.exec/execSync with a built string, spawn with shell: true.");

    public static readonly ValidationRule SqlInjection = R("SEC003", ValidationChecks.Security, "error", "sql-from-strings",
        "SQL built by concatenation, interpolation or formatting instead of query parameters.");

    public static readonly ValidationRule UnsafeDeserialization = R("SEC004", ValidationChecks.Security, "error", "unsafe-deserialization",
        "Deserialisation that can run code: BinaryFormatter, SoapFormatter, NetDataContractSerializer, LosFormatter, ObjectStateFormatter, Json.NET TypeNameHandling other than None, pickle/marshal/shelve, yaml.load without a safe loader, node-serialize.");

    public static readonly ValidationRule HardCodedSecret = R("SEC005", ValidationChecks.Security, "error", "hard-coded-secret",
        "A credential in the code (the secret guard's scanner: provider and cloud keys, VCS tokens, private keys, JWTs, passwords and secrets in assignments, connection strings, high-entropy strings). The value is never shown.");

    public static readonly ValidationRule TlsDisabled = R("SEC006", ValidationChecks.Security, "error", "tls-validation-disabled",
        "Certificate validation turned off: a ServerCertificateCustomValidationCallback that returns true, DangerousAcceptAnyServerCertificateValidator, verify=False, ssl CERT_NONE or _create_unverified_context, rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0.");

    public static readonly ValidationRule WeakPasswordHash = R("SEC007", ValidationChecks.Security, "error", "weak-password-hash",
        "MD5 or SHA-1 used where the code handles a password: use a password hash (PBKDF2, bcrypt, scrypt, Argon2).");

    public static readonly ValidationRule WeakHash = R("SEC008", ValidationChecks.Security, "note", "weak-hash",
        "MD5 or SHA-1: acceptable for checksums, never for passwords or signatures.");

    public static readonly ValidationRule PythonAnnotations = R("TYP001", ValidationChecks.Types, "warning", "missing-type-hints",
        "A public Python function whose parameters (other than self/cls) or return value have no type hints.");

    public static readonly ValidationRule TypeScriptAny = R("TYP002", ValidationChecks.Types, "warning", "typescript-any",
        "TypeScript 'any' (': any', 'as any', '<any>', 'any[]').");

    public static readonly ValidationRule CSharpDynamic = R("TYP003", ValidationChecks.Types, "warning", "dynamic-in-public-api",
        "'dynamic' in a public signature (parameter, return, property or field type).");

    public static readonly ValidationRule CSharpObject = R("TYP004", ValidationChecks.Types, "note", "object-in-public-api",
        "'object' in a public signature (overrides and event-handler 'sender' parameters excepted).");

    public static readonly ValidationRule TypeScriptUntyped = R("TYP005", ValidationChecks.Types, "warning", "untyped-exported-parameter",
        "A parameter of an exported TypeScript function without a type annotation (implicitly any).");

    public static readonly ValidationRule CSharpDocs = R("DOC001", ValidationChecks.Documentation, "warning", "missing-xml-doc",
        "A public C# type or member (of a public type) without an XML doc comment (/// or <inheritdoc/>); overrides and explicit interface implementations excepted.");

    public static readonly ValidationRule PythonDocs = R("DOC002", ValidationChecks.Documentation, "warning", "missing-docstring",
        "A public Python class or function (name not starting with '_'; not nested in a function) without a docstring.");

    public static readonly ValidationRule ScriptDocs = R("DOC003", ValidationChecks.Documentation, "warning", "missing-jsdoc",
        "An exported JavaScript/TypeScript function, class or function-valued constant without a /** JSDoc */ comment (top-level functions of a CommonJS module count as exported).");

    public static readonly ValidationRule EmptyHandler = R("ERR001", ValidationChecks.ErrorHandling, "warning", "empty-handler",
        "An empty catch/except block (or one that only passes or continues): the error vanishes.");

    public static readonly ValidationRule BareExcept = R("ERR002", ValidationChecks.ErrorHandling, "warning", "bare-except",
        "Python 'except:' with no exception type (also catches KeyboardInterrupt and SystemExit).");

    public static readonly ValidationRule SwallowedException = R("ERR003", ValidationChecks.ErrorHandling, "warning", "swallowed-exception",
        "A handler that catches everything (catch, catch (Exception), except Exception, a JavaScript catch) and neither rethrows, logs nor uses the error.");

    public static readonly ValidationRule UnguardedIo = R("ERR004", ValidationChecks.ErrorHandling, "note", "unhandled-io",
        "A file, network or database call outside any try block in a function (one note per function): decide what a failure there means.");

    public static readonly ValidationRule UnusedImport = R("IMP001", ValidationChecks.Imports, "warning", "unused-import",
        "An import or using directive nothing uses (C#: the compiler's CS8019; Python and JavaScript: the name never appears in the code).");

    public static readonly ValidationRule WildcardImport = R("IMP002", ValidationChecks.Imports, "warning", "wildcard-import",
        "Python 'from module import *'.");

    public static readonly ValidationRule MissingImport = R("IMP003", ValidationChecks.Imports, "error", "missing-import",
        "A name used without its import: a C# type of a .NET namespace the file does not import, a well-known Python module used but never imported.");

    public static readonly ValidationRule ConsoleOutput = R("LOG001", ValidationChecks.Logging, "warning", "print-instead-of-logger",
        "print / console.* / Console.Write* / Debug.WriteLine in a function that can fail (it handles or throws errors, or does I/O): log through a logger.");

    public static readonly ValidationRule UnloggedHandler = R("LOG002", ValidationChecks.Logging, "warning", "unlogged-error",
        "An error handled (caught and not rethrown) without a logger call.");

    public static IReadOnlyList<ValidationRule> All { get; } =
    [
        ParseError, CompileError,
        DynamicCode, ShellInjection, SqlInjection, UnsafeDeserialization, HardCodedSecret, TlsDisabled, WeakPasswordHash, WeakHash,
        PythonAnnotations, TypeScriptAny, CSharpDynamic, CSharpObject, TypeScriptUntyped,
        CSharpDocs, PythonDocs, ScriptDocs,
        EmptyHandler, BareExcept, SwallowedException, UnguardedIo,
        UnusedImport, WildcardImport, MissingImport,
        ConsoleOutput, UnloggedHandler,
    ];

    private static readonly FrozenDictionary<string, ValidationRule> ById = All.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>The rule with this id; null for ids of other sources (the cross-model review's findings).</summary>
    public static ValidationRule? Find(string id) => ById.GetValueOrDefault(id);

    private static ValidationRule R(string id, string check, string severity, string name, string description) => new(id, check, severity, name, description);
}
