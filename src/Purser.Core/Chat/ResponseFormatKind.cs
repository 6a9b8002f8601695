namespace Purser.Chat;

internal enum ResponseFormatKind
{
    Text,
    JsonObject,
    JsonSchema,
}
