using System.Text;

namespace Purser.Chat;

/// <summary>Helpers that read the text out of content parts.</summary>
internal static class ChatText
{
    /// <summary>Joins the text parts (and tool results' text) of a content list.</summary>
    public static string Join(IReadOnlyList<ContentPart> parts)
    {
        if (parts.Count == 1 && parts[0] is TextPart single)
        {
            return single.Text;
        }

        var sb = new StringBuilder();
        foreach (ContentPart part in parts)
        {
            switch (part)
            {
                case TextPart t:
                    sb.Append(t.Text);
                    break;
                case ToolResultPart r:
                    sb.Append(r.JoinedText());
                    break;
            }
        }

        return sb.ToString();
    }
}
