using System.Text.Encodings.Web;
using System.Text.Json;

namespace Purser.Providers.Json;

/// <summary>Writer settings for every body Purser writes: JSON APIs, so apostrophes and non-ASCII stay readable.</summary>
public static class JsonWriting
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };
}
