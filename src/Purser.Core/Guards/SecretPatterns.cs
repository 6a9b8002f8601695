using System.Text.RegularExpressions;

namespace Purser.Guards;

/// <summary>
/// The source-generated regular expressions behind the typed detectors. Each starts with a literal
/// (or a short set of literals), so the generated code finds candidates with a vectorised search and
/// ordinary text costs one fast pass per detector.
/// </summary>
internal static partial class SecretPatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // sk-proj-/sk-svcacct-/sk-admin-/sk-None- project and service keys; legacy sk- + 48 and OpenAI-style sk- keys of compatible providers.
    [GeneratedRegex(@"(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{32,}|[A-Za-z0-9]{32,}(?![A-Za-z0-9_-]))", Options)]
    internal static partial Regex OpenAI();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat|sid)[0-9]{2}-[A-Za-z0-9_-]{32,}", Options)]
    internal static partial Regex Anthropic();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])(?:AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])|GOCSPX-[A-Za-z0-9_-]{28,}|ya29\.[0-9A-Za-z_-]{30,})", Options)]
    internal static partial Regex Google();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])xai-[A-Za-z0-9]{48,}(?![A-Za-z0-9_-])", Options)]
    internal static partial Regex Xai();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])", Options)]
    internal static partial Regex AwsAccessKeyId();

    // The value of aws_secret_access_key / AWS_SECRET_ACCESS_KEY / "SecretAccessKey" / aws_secret_key, anchored where a
    // name was found by a vectorised search (see SecretScanner.AwsSecretNames).
    [GeneratedRegex(@"\G(?:aws_?)?(?:secret_?access_?key|secret(?:_?key)?)[""'`]?\s*(?::=|=>|=|:)\s*[""'`]?(?<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", Options | RegexOptions.IgnoreCase)]
    internal static partial Regex AwsSecretNamed();

    // A bare 40-character secret (CSV exports, credentials files): checked only near an access key id.
    [GeneratedRegex(@"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])", Options)]
    internal static partial Regex AwsSecretBare();

    [GeneratedRegex(@"(?:(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)\s*=\s*(?<v>[A-Za-z0-9+/]{30,}={0,2})|[?&]sig=(?<v>[A-Za-z0-9%+/]{30,}(?:%3D|=){0,2}))", Options | RegexOptions.IgnoreCase)]
    internal static partial Regex Azure();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})(?![A-Za-z0-9_])", Options)]
    internal static partial Regex GitHub();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])(?:glpat|gldt|glrt|glptt|glsoat|glcbt|gloas)-[A-Za-z0-9_-]{20,}", Options)]
    internal static partial Regex GitLab();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])(?:xox[abposr]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,})|(?<=hooks\.slack\.com/(?:services|workflows)/)[A-Za-z0-9/_-]{20,}", Options)]
    internal static partial Regex Slack();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{24,})(?![A-Za-z0-9_])", Options)]
    internal static partial Regex Stripe();

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", Options)]
    internal static partial Regex PrivateKeyBegin();

    [GeneratedRegex(@"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", Options)]
    internal static partial Regex PrivateKeyEnd();

    // Any PEM block (certificates, public keys, CSRs): its base64 body is public data.
    [GeneratedRegex(@"-----BEGIN (?<label>[A-Z0-9]+(?: [A-Z0-9]+)*)-----", Options)]
    internal static partial Regex PemBegin();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_.-])", Options)]
    internal static partial Regex Jwt();

    // scheme://user:password@host: the password group is the secret.
    [GeneratedRegex(@"(?<=[A-Za-z0-9])://(?<user>[^\s:/?#@'""`<>\[\]\\]{0,128}):(?<v>[^\s@/?#'""`<>\\]{1,256})@(?<host>[A-Za-z0-9\[][A-Za-z0-9.\-_:\[\]%]*)", Options)]
    internal static partial Regex UrlCredentials();

    // Password=...; / Pwd=...; inside an ADO.NET / ODBC / JDBC-properties connection string.
    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:password|pwd)\s*=\s*(?<v>[^;'""`\r\n]{1,256}?)\s*(?=;|$|['""`])", Options | RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    internal static partial Regex KeyValuePassword();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:server|data source|host|hostname|address|addr|network address|endpoint|uid|user id|username)\s*=", Options | RegexOptions.IgnoreCase)]
    internal static partial Regex ConnectionStringServerKey();

    // name = value / name: value / "name": "value" where the name ends with a password- or secret-like word; anchored
    // at a keyword found by a vectorised search (see SecretScanner.AssignmentKeywords). An unquoted value ends
    // before an escape sequence (\n, \", \u...) so text that is itself JSON-escaped — tool-call arguments, a pasted
    // JSON string — yields the value alone instead of a run over the next lines that a later finding would cut short.
    [GeneratedRegex(@"\G(?<kw>passwd|password|passphrase|pwd|pass|secret[_-]?key|secret|token|api[_-]?key|access[_-]?key|account[_-]?key|storage[_-]?key|subscription[_-]?key|auth[_-]?key|private[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|credentials?)(?![A-Za-z0-9_-])[""'`]?\]?\s*(?::=|=>|=(?![=~>])|:(?![:=/\\]))[ \t]*(?:""(?<q>[^""\r\n]{0,2048})""|'(?<q>[^'\r\n]{0,2048})'|`(?<q>[^`\r\n]{0,2048})`|(?<u>(?:(?!\\[nrtu""'\\/])[^\s""'`,;)\]}]){1,2048}))", Options | RegexOptions.IgnoreCase)]
    internal static partial Regex Assignment();

    // <db.password>value</db.password>, <ApiKey>value</ApiKey>: anchored at the keyword that ends the element name.
    [GeneratedRegex(@"\G(?<kw>passwd|password|secret|token|api[_-]?key|access[_-]?key)>(?<q>[^<\r\n]{1,256})</", Options | RegexOptions.IgnoreCase)]
    internal static partial Regex XmlElementAssignment();

    [GeneratedRegex(@"\G(?<![A-Za-z0-9_])(?<scheme>bearer|basic)[ \t]+(?<v>[A-Za-z0-9._~+/-]{16,}={0,2})(?![A-Za-z0-9._~+/=-])", Options | RegexOptions.IgnoreCase)]
    internal static partial Regex AuthorizationCredential();
}
