namespace Purser.FunctionalTests.Run;

/// <summary>
/// A coding agent as <c>purser run</c> starts it in the tests: its npm package and command in non-interactive mode, the
/// name purser run knows it by, the protocols its calls arrive in, the user's own settings (telemetry and updates off,
/// and a sign-in or provider that does not point at Purser, which purser run must override without touching them) and
/// the variables a user would have set for a headless run. <see cref="UserChoice"/> is the user's own provider or sign-in in
/// those files, which must still be there afterwards (an agent may rewrite its own settings file, e.g. to migrate it).
/// </summary>
public sealed record RunAgent(
    string Name,
    string Package,
    string Binary,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> Protocols,
    IReadOnlyDictionary<string, string> UserFiles,
    string UserChoice,
    IReadOnlyDictionary<string, string> Environment)
{
    public override string ToString() => Name;
}
