namespace Purser.Chat;

/// <summary>One piece of a message's content.</summary>
public abstract class ContentPart
{
    private protected ContentPart()
    {
    }
}
