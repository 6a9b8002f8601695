using Purser.Providers.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Configuration;
using Purser.Routing;

namespace Purser.Gateway.Endpoints;

/// <summary>GET /v1/models: every model a configured provider lists, as provider/model, plus the aliases (built-in and the user's).</summary>
internal static class ModelsEndpoint
{
    public static async Task HandleAsync(HttpContext http, PurserOptions options, ModelResolver resolver, TimeProvider time)
    {
        long created = time.GetUtcNow().ToUnixTimeSeconds();
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var (name, provider) in options.Providers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (string model in provider.Models)
            {
                WriteModel(writer, name + "/" + model, name, created, "model", null);
            }
        }

        foreach (var (alias, target) in resolver.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            bool auto = resolver.IsAuto(alias);
            WriteModel(writer, alias, "purser", created, auto ? "auto" : "alias", auto ? null : target.Targets);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter writer, string id, string ownedBy, long created, string kind, List<string>? targets)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", created);
        writer.WriteString("owned_by", ownedBy);
        // Anthropic's /v1/models fields, so both SDKs can list models.
        writer.WriteString("type", "model");
        writer.WriteString("display_name", id);
        writer.WriteString("purser_kind", kind);
        if (targets is not null)
        {
            writer.WriteStartArray("purser_targets");
            foreach (string target in targets)
            {
                writer.WriteStringValue(target);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
