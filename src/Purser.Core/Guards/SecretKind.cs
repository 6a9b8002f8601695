namespace Purser.Guards;

/// <summary>
/// The kinds of secret the <see cref="SecretScanner"/> recognises. Each kind has a stable snake_case id
/// (<see cref="SecretKinds.ToId"/>) used in configuration, placeholders, headers and the ledger.
/// </summary>
internal enum SecretKind
{
    /// <summary><c>openai_api_key</c>: OpenAI keys (<c>sk-proj-</c>, <c>sk-svcacct-</c>, <c>sk-admin-</c>, legacy <c>sk-</c>) and OpenAI-style <c>sk-</c> keys of compatible providers.</summary>
    OpenAIApiKey,

    /// <summary><c>anthropic_api_key</c>: <c>sk-ant-api03-</c>, <c>sk-ant-admin01-</c>, <c>sk-ant-oat01-</c>.</summary>
    AnthropicApiKey,

    /// <summary><c>google_api_key</c>: <c>AIza</c> API keys, <c>GOCSPX-</c> OAuth client secrets, <c>ya29.</c> access tokens.</summary>
    GoogleApiKey,

    /// <summary><c>xai_api_key</c>: <c>xai-</c> keys.</summary>
    XaiApiKey,

    /// <summary><c>aws_access_key_id</c>: <c>AKIA</c>/<c>ASIA</c>/<c>ABIA</c>/<c>ACCA</c> + 16.</summary>
    AwsAccessKeyId,

    /// <summary><c>aws_secret_access_key</c>: a 40-character secret next to an AWS secret-key name or an access key id.</summary>
    AwsSecretAccessKey,

    /// <summary><c>azure_key</c>: storage <c>AccountKey=</c>, Service Bus / Event Hubs <c>SharedAccessKey=</c>, SAS <c>sig=</c>.</summary>
    AzureKey,

    /// <summary><c>github_token</c>: <c>ghp_</c>, <c>gho_</c>, <c>ghu_</c>, <c>ghs_</c>, <c>ghr_</c>, <c>github_pat_</c>.</summary>
    GitHubToken,

    /// <summary><c>gitlab_token</c>: <c>glpat-</c> and the other GitLab token prefixes.</summary>
    GitLabToken,

    /// <summary><c>slack_token</c>: <c>xox[abposr]-</c>, <c>xapp-</c> tokens and incoming-webhook URLs.</summary>
    SlackToken,

    /// <summary><c>stripe_key</c>: secret and restricted keys, live and test (<c>sk_live_</c>, <c>rk_live_</c>, <c>sk_test_</c>, <c>rk_test_</c>), webhook secrets (<c>whsec_</c>).</summary>
    StripeKey,

    /// <summary><c>private_key</c>: a PEM / OpenSSH / PGP private key block.</summary>
    PrivateKey,

    /// <summary><c>jwt</c>: a signed JSON Web Token whose header decodes to JSON with <c>"alg"</c>.</summary>
    Jwt,

    /// <summary><c>password_assignment</c>: a value assigned to a password-like name (<c>password: ...</c>, <c>DB_PASSWORD=...</c>).</summary>
    PasswordAssignment,

    /// <summary><c>secret_assignment</c>: a value assigned to a secret-like name (<c>API_KEY=...</c>, <c>"client_secret": "..."</c>), or a Bearer / Basic credential.</summary>
    SecretAssignment,

    /// <summary><c>connection_string</c>: the password of a URL (<c>postgres://user:pass@host</c>) or of an ADO.NET/ODBC connection string.</summary>
    ConnectionString,

    /// <summary><c>high_entropy</c>: a long random-looking token that no other detector claimed.</summary>
    HighEntropy,
}
