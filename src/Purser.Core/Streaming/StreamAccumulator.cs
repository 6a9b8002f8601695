using System.Text;
using Purser.Chat;
using Purser.Errors;
using Purser.Usage;

namespace Purser.Streaming;

/// <summary>
/// Reassembles a streamed answer from its canonical events: for the cache, for counting tokens
/// when the upstream sent no usage, and for tests. Cheap: appends text to builders only.
/// </summary>
internal sealed class StreamAccumulator
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _thinking = new();
    private readonly List<(string Id, string Name, StringBuilder Args)> _tools = [];
    private readonly List<ContentPart> _order = [];
    private string? _thinkingSignature;
    private bool _textOpen;
    private bool _thinkingOpen;

    public string Id { get; private set; } = "";

    public string Model { get; private set; } = "";

    public FinishReason? FinishReason { get; private set; }

    public string? StopSequence { get; private set; }

    /// <summary>The last usage the upstream reported; null when it reported none.</summary>
    public TokenUsage? Usage { get; private set; }

    /// <summary>The last usage's output count is a placeholder (<see cref="UsageEvent.OutputIsPlaceholder"/>).</summary>
    public bool UsageOutputIsPlaceholder { get; private set; }

    public PurserError? Error { get; private set; }

    /// <summary>Whether any content (text, thinking or a tool call) has arrived.</summary>
    public bool HasContent => _text.Length > 0 || _thinking.Length > 0 || _tools.Count > 0;

    public void Add(StreamEvent e)
    {
        switch (e)
        {
            case StreamStartEvent s:
                if (s.Id.Length > 0)
                {
                    Id = s.Id;
                }

                if (s.Model.Length > 0)
                {
                    Model = s.Model;
                }

                break;
            case TextDeltaEvent t:
                if (!_textOpen)
                {
                    _textOpen = true;
                    _order.Add(new TextPart(""));
                }

                _text.Append(t.Text);
                break;
            case ThinkingDeltaEvent th:
                if (!_thinkingOpen)
                {
                    _thinkingOpen = true;
                    _order.Add(new ThinkingPart(""));
                }

                _thinking.Append(th.Text);
                _thinkingSignature ??= th.Signature;
                break;
            case ToolCallStartEvent ts:
                while (_tools.Count <= ts.Index)
                {
                    _tools.Add(("", "", new StringBuilder()));
                }

                _tools[ts.Index] = (ts.Id, ts.Name, _tools[ts.Index].Args);
                _order.Add(new ToolCallPart(ts.Id, ts.Name, ""));
                break;
            case ToolCallDeltaEvent td:
                while (_tools.Count <= td.Index)
                {
                    _tools.Add(("", "", new StringBuilder()));
                }

                _tools[td.Index].Args.Append(td.ArgumentsDelta);
                break;
            case FinishEvent f:
                FinishReason = f.Reason;
                StopSequence = f.StopSequence ?? StopSequence;
                break;
            case UsageEvent u:
                Usage = u.Usage;
                UsageOutputIsPlaceholder = u.OutputIsPlaceholder;
                break;
            case ErrorEvent err:
                Error = err.Error;
                break;
        }
    }

    /// <summary>The visible text so far.</summary>
    public string Text => _text.ToString();

    /// <summary>The reasoning text so far.</summary>
    public string ThinkingText => _thinking.ToString();

    /// <summary>The tool calls' names and arguments so far, for local token counting.</summary>
    public IEnumerable<string> ToolCallTexts()
    {
        foreach (var (_, name, args) in _tools)
        {
            yield return name;
            yield return args.ToString();
        }
    }

    /// <summary>Builds the complete answer. Text and thinking keep their first position; tool calls follow in order.</summary>
    public ChatResponse ToResponse(TokenUsage usage)
    {
        var response = new ChatResponse
        {
            Id = Id,
            Model = Model,
            FinishReason = FinishReason ?? (_tools.Count > 0 ? Chat.FinishReason.ToolCalls : Chat.FinishReason.Stop),
            StopSequence = StopSequence,
            Usage = usage,
        };
        int toolIndex = 0;
        foreach (ContentPart part in _order)
        {
            switch (part)
            {
                case TextPart:
                    response.Content.Add(new TextPart(_text.ToString()));
                    break;
                case ThinkingPart:
                    response.Content.Add(new ThinkingPart(_thinking.ToString()) { Signature = _thinkingSignature });
                    break;
                case ToolCallPart:
                    var (id, name, args) = _tools[toolIndex++];
                    response.Content.Add(new ToolCallPart(id, name, args.ToString()));
                    break;
            }
        }

        return response;
    }
}
