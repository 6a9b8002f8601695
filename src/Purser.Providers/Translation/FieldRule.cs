using System.Text.Json.Nodes;

namespace Purser.Providers.Translation;

/// <summary>
/// One row of a <see cref="TranslationTable"/>: a field as the client sends it (a dotted path from the body's root,
/// <c>tools:&lt;type&gt;</c> for a tool type, a header name) and what translation does with it.
/// </summary>
/// <param name="Field">The field's name in the client's protocol.</param>
/// <param name="Action">What happens to it.</param>
/// <param name="Note">How it is mapped, or why it is dropped or refused (shown in errors and in docs/TRANSLATION.md).</param>
/// <param name="Harmless">Values that ask for nothing beyond the default (n = 1, logprobs = false): ignored whatever the action.</param>
internal sealed record FieldRule(string Field, FieldAction Action, string Note, Func<JsonNode, bool>? Harmless = null);
