using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Purser.Assistant.Templates;

/// <summary>
/// A task in normalised form: its parameters taken out and named by role (<c>Xero</c> in "Create a Xero API client" is
/// <c>{service}</c>), the remaining words lower-cased, stop words dropped, simple plurals folded. Two tasks match when
/// their word sets are similar (<see cref="Similarity"/>, Jaccard: shared words over all words).
/// </summary>
internal sealed partial class TaskPattern
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "for", "to", "with", "and", "or", "of", "in", "on", "at", "by", "from", "that", "which", "this", "these",
        "it", "its", "is", "are", "be", "as", "into", "using", "use", "please", "me", "my", "our", "we", "i", "you", "your", "some",
        "new", "simple", "basic",
    };

    /// <summary>Capitalised words that are vocabulary, not names: never parameters.</summary>
    private static readonly HashSet<string> CommonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "api", "apis", "rest", "restful", "http", "https", "json", "xml", "yaml", "csv", "sql", "nosql", "graphql", "grpc", "url", "uri", "id",
        "create", "write", "build", "make", "generate", "add", "implement", "design", "develop", "set", "setup", "get", "fetch", "read",
        "python", "javascript", "typescript", "node", "nodejs", "c#", "csharp", "dotnet", ".net", "java", "go", "golang", "rust", "ruby",
        "php", "kotlin", "swift", "react", "vue", "angular", "django", "flask", "fastapi", "express", "asp.net", "core", "linq", "ef",
        "client", "server", "service", "sdk", "library", "module", "class", "function", "method", "script", "cli", "app", "application",
        "crud", "auth", "oauth", "oauth2", "jwt", "webhook", "webhooks", "cache", "queue", "database", "db", "orm", "unit", "test", "tests",
        "a", "an", "the", "for", "with", "i", "it", "in", "on", "of", "to", "and", "or", "postgresql", "postgres", "mysql", "sqlite",
        "mongodb", "redis", "docker", "kubernetes", "aws", "azure", "gcp", "linux", "windows", "macos", "ui", "ux", "html", "css",
    };

    private static readonly HashSet<string> ServiceNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "api", "client", "sdk", "service", "integration", "webhook", "webhooks", "bot", "connector", "wrapper", "app", "server", "provider", "account", "oauth",
    };

    private static readonly HashSet<string> EntityNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "entity", "entities", "model", "models", "table", "tables", "resource", "resources", "record", "records", "object", "objects",
        "type", "types", "schema", "dto", "dtos", "repository", "controller", "endpoint", "endpoints", "crud",
    };

    private TaskPattern(string task, IReadOnlyList<TemplateParameter> parameters, IReadOnlyList<string> words)
    {
        Task = task;
        Parameters = parameters;
        Words = words;
    }

    /// <summary>The task as given.</summary>
    public string Task { get; }

    /// <summary>The parameters found, in the order they appear.</summary>
    public IReadOnlyList<TemplateParameter> Parameters { get; }

    /// <summary>The normalised words, parameters as <c>{role}</c>, sorted and distinct.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The normalised task: the words joined by spaces.</summary>
    public string Text => string.Join(' ', Words);

    public static TaskPattern Parse(string task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var parameters = new List<TemplateParameter>();
        var words = new List<string>();
        var roles = new Dictionary<string, int>(StringComparer.Ordinal);
        string text = task.Trim();

        // URLs and quoted names first: they are parameters as a whole.
        text = UrlOrQuoted().Replace(text, m =>
        {
            bool url = m.Value.Contains("://", StringComparison.Ordinal);
            string value = url ? m.Value.TrimEnd('.', ',', ')') : m.Value.Trim('"', '\'', '`');
            string role = Role(url ? "Url" : "Name", roles);
            parameters.Add(new TemplateParameter(role, value));
            return " {" + role.ToLowerInvariant() + "} ";
        });

        string[] tokens = [.. Token().Matches(text).Select(m => m.Value)];
        for (int i = 0; i < tokens.Length; i++)
        {
            string token = tokens[i];
            if (token.StartsWith('{'))
            {
                words.Add(token);
                continue;
            }

            if (IsName(token, i))
            {
                // Adjacent names form one value ("Google Drive").
                int end = i;
                while (end + 1 < tokens.Length && IsName(tokens[end + 1], end + 1))
                {
                    end++;
                }

                string value = string.Join(' ', tokens[i..(end + 1)]);
                string next = end + 1 < tokens.Length ? tokens[end + 1] : "";
                string previous = i > 0 ? tokens[i - 1] : "";
                string role = ServiceNouns.Contains(next) ? "Service"
                    : EntityNouns.Contains(next) || (previous.Equals("for", StringComparison.OrdinalIgnoreCase) && parameters.Any(p => p.Name.StartsWith("Service", StringComparison.Ordinal))) ? "Entity"
                    : parameters.Count == 0 ? "Service"
                    : "Name";
                role = Role(role, roles);
                parameters.Add(new TemplateParameter(role, value));
                words.Add("{" + role.ToLowerInvariant() + "}");
                i = end;
                continue;
            }

            string word = Normalise(token);
            if (word.Length > 0 && !StopWords.Contains(word))
            {
                words.Add(word);
            }
        }

        return new TaskPattern(task.Trim(), parameters, [.. words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    /// <summary>A stored pattern: the task, its parameters and its normalised words (space-separated).</summary>
    public static TaskPattern FromWords(string task, IReadOnlyList<TemplateParameter> parameters, string words) =>
        new(task, parameters, [.. words.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>Jaccard similarity of two tasks' word sets, 0 to 1.</summary>
    public double Similarity(TaskPattern other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Words.Count == 0 && other.Words.Count == 0)
        {
            return 1;
        }

        int shared = Words.Intersect(other.Words, StringComparer.Ordinal).Count();
        int all = Words.Union(other.Words, StringComparer.Ordinal).Count();
        return Math.Round((double)shared / all, 4);
    }

    /// <summary>
    /// The pattern signature: operation, language, normalised stack and normalised task words, as a SHA-256 (hex). Two
    /// generations with the same signature are the same template (the better one is kept).
    /// </summary>
    public static string Signature(string operation, string language, string stack, TaskPattern task)
    {
        ArgumentNullException.ThrowIfNull(task);
        string key = string.Join('\n', operation, language, stack, task.Text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>A stack written any way ("FastAPI, httpx", ["httpx","fastapi"]) in one form: lower case, distinct, sorted, comma-joined.</summary>
    public static string NormaliseStack(IEnumerable<string>? stack) =>
        string.Join(',', (stack ?? []).SelectMany(s => s.Split([',', ';', '+'], StringSplitOptions.RemoveEmptyEntries))
            .Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static bool IsName(string token, int index) =>
        token.Length > 2
        && !CommonWords.Contains(token)
        && !(token.Length <= 4 && token.All(c => char.IsUpper(c) || char.IsDigit(c))) // acronyms (ISO, UTC, S3) are vocabulary
        && ((char.IsUpper(token[0]) && (index > 0 || token.Skip(1).Any(char.IsUpper))) || (token.Skip(1).Any(char.IsUpper) && token.Any(char.IsLower)))
        && token.All(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_');

    private static string Role(string role, Dictionary<string, int> roles)
    {
        int n = roles.TryGetValue(role, out int count) ? count + 1 : 1;
        roles[role] = n;
        return n == 1 ? role : role + n.ToString(CultureInfo.InvariantCulture);
    }

    private static string Normalise(string token)
    {
        string word = token.ToLowerInvariant().Trim('.', '-', '_');
        if (word.Length > 3 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        return word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;
    }

    [GeneratedRegex(@"https?://[^\s""'`]+|""[^""]{2,60}""|`[^`]{2,60}`", RegexOptions.CultureInvariant)]
    private static partial Regex UrlOrQuoted();

    [GeneratedRegex(@"\{[a-z0-9]+\}|[\p{L}\p{N}][\p{L}\p{N}#+._-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
