using System.Text.Json.Nodes;
using Purser.Chat;

namespace Purser.Providers.Translation;

/// <summary>
/// The translation decisions for one protocol pair: for every field a client of <see cref="Source"/> may send, whether
/// a <see cref="Target"/> call maps it, drops it (naming it) or refuses it. A field no row names is refused: Purser
/// does not know what it would lose. Rows are added in order; a later row for the same field replaces the earlier one,
/// so a table starts from its source protocol's common rows and overrides what differs for its target.
/// </summary>
internal sealed class TranslationTable
{
    private readonly Dictionary<string, FieldRule> _rules = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly HashSet<string> _containers = new(StringComparer.Ordinal);
    private Func<string, string> _nameOf = static name => name;

    public TranslationTable(WireProtocol source, WireProtocol target)
    {
        Source = source;
        Target = target;
    }

    public WireProtocol Source { get; }

    public WireProtocol Target { get; }

    /// <summary>The rows, in the order they were first added.</summary>
    public IEnumerable<FieldRule> Rules => _order.Select(f => _rules[f]);

    /// <summary>Top-level objects whose members are decided one by one (<c>generationConfig.topK</c>), not as a whole.</summary>
    public IReadOnlySet<string> Containers => _containers;

    public TranslationTable Map(string field, string note, Func<JsonNode, bool>? harmless = null) => Add(new FieldRule(field, FieldAction.Map, note, harmless));

    public TranslationTable Drop(string field, string note, Func<JsonNode, bool>? harmless = null) => Add(new FieldRule(field, FieldAction.Drop, note, harmless));

    public TranslationTable Refuse(string field, string note, Func<JsonNode, bool>? harmless = null) => Add(new FieldRule(field, FieldAction.Refuse, note, harmless));

    /// <summary>Declares <paramref name="field"/> an object whose members have rows of their own.</summary>
    public TranslationTable Container(string field)
    {
        _containers.Add(field);
        return this;
    }

    public FieldRule? Find(string field) => _rules.GetValueOrDefault(field);

    /// <summary>A body member's name as the rows spell it (Gemini's JSON takes snake_case too).</summary>
    public string NameOf(string member) => _nameOf(member);

    /// <summary>Sets how body member names are spelled in the rows.</summary>
    public TranslationTable Names(Func<string, string> nameOf)
    {
        _nameOf = nameOf;
        return this;
    }

    private TranslationTable Add(FieldRule rule)
    {
        if (_rules.TryAdd(rule.Field, rule))
        {
            _order.Add(rule.Field);
        }
        else
        {
            _rules[rule.Field] = rule;
        }

        return this;
    }
}
