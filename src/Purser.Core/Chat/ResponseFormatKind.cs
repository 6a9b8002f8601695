namespace Purser.Chat;

public enum ResponseFormatKind
{
    Text,
    JsonObject,
    JsonSchema,
}
