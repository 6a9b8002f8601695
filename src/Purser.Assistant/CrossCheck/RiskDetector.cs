using System.Text.RegularExpressions;

namespace Purser.Assistant.CrossCheck;

/// <summary>
/// Tells whether code is critical enough for a second model's review, from the code and the task text (whole words,
/// case-insensitive; docs/GENERATION.md lists the rules): payments and billing, authentication, webhooks (signature
/// checks), admin and privilege functions, database access.
/// </summary>
internal static partial class RiskDetector
{
    public const string Payments = "payments";
    public const string Authentication = "authentication";
    public const string Webhooks = "webhooks";
    public const string Admin = "admin";
    public const string Database = "database";

    private static readonly (string Id, Regex Pattern)[] Rules =
    [
        (Payments, PaymentWords()),
        (Authentication, AuthenticationWords()),
        (Webhooks, WebhookWords()),
        (Admin, AdminWords()),
        (Database, DatabaseWords()),
    ];

    /// <summary>The critical areas <paramref name="code"/> and <paramref name="task"/> touch, in a fixed order; empty when none.</summary>
    public static IReadOnlyList<CriticalRisk> Detect(string code, string? task = null)
    {
        string text = (task ?? "") + "\n" + (code ?? "");
        var risks = new List<CriticalRisk>();
        foreach ((string id, Regex pattern) in Rules)
        {
            string[] evidence = [.. pattern.Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Take(5)];
            if (evidence.Length > 0)
            {
                risks.Add(new CriticalRisk(id, evidence));
            }
        }

        return risks;
    }

    [GeneratedRegex(@"\b(payments?|billing|invoices?|charges?|refunds?|checkout|subscriptions?|stripe|paypal|braintree|adyen|square|payouts?|credit[ _]?card|card[ _]?number|PaymentIntent|amount_cents)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PaymentWords();

    [GeneratedRegex(@"\b(authenticat\w*|login|log[ _]?in|logout|sign[ _]?in|passwords?|passwd|credentials?|jwt|oauth2?|openid|bearer|session[ _]?id|bcrypt|argon2|pbkdf2|mfa|2fa|totp|api[ _]?keys?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthenticationWords();

    [GeneratedRegex(@"\b(webhooks?|signing[ _]?secret|x-hub-signature\w*|stripe-signature|hmac\w*|signature)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WebhookWords();

    [GeneratedRegex(@"\b(admins?|administrator|superuser|sudo|privileges?|roles?|permissions?|impersonat\w*|is_staff|IsInRole|Authorize)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdminWords();

    [GeneratedRegex(@"\b(SELECT\s+[\w*]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|sqlite3|psycopg2?|pymysql|sqlalchemy|SqlConnection|SqlCommand|NpgsqlConnection|DbContext|Dapper|mongoose|MongoClient|prisma|knex|sequelize|typeorm|cursor\.execute|database)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DatabaseWords();
}
