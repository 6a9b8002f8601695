namespace Purser.Chat;

/// <summary>One piece of a message's content.</summary>
internal abstract class ContentPart
{
    private protected ContentPart()
    {
    }
}
