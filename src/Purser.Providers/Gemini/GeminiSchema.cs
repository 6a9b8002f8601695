using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Providers.Json;

namespace Purser.Providers.Gemini;

/// <summary>
/// Converts a JSON Schema (as OpenAI and Anthropic clients write it) into Gemini's <c>Schema</c>, a subset of the
/// OpenAPI 3.0 schema object. Gemini rejects fields it does not know, so only its own fields are written:
/// type (upper case), format (the few Gemini accepts), description, nullable, enum (strings), items, minItems,
/// maxItems, properties, required, minimum, maximum, anyOf and propertyOrdering.
/// <list type="bullet">
/// <item>Local <c>$ref</c>s into <c>$defs</c>/<c>definitions</c> are inlined; a recursive or external <c>$ref</c> is a 400.</item>
/// <item><c>type: [T, "null"]</c>, a null enum member and a <c>{"type":"null"}</c> branch become <c>nullable</c>.</item>
/// <item><c>oneOf</c> becomes <c>anyOf</c>; <c>allOf</c> is merged (properties and required united); <c>const</c> becomes a one-value enum.</item>
/// <item>Validation keywords Gemini cannot express are dropped: additionalProperties, patternProperties, pattern,
/// minLength/maxLength, exclusive bounds, multipleOf, uniqueItems, not/if/then/else, title, default, examples,
/// $schema, $id, strict, other formats. The model then sees a looser schema; nothing else changes.</item>
/// <item>An enum of non-strings (Gemini enums are strings) is dropped and its values are listed in the description.</item>
/// <item>Tuple schemas (an <c>items</c> array or <c>prefixItems</c>) are a 400.</item>
/// </list>
/// </summary>
internal static class GeminiSchema
{
    private const int MaxDepth = 64;

    /// <param name="schema">The JSON Schema; it is not modified.</param>
    /// <param name="path">The request field, for error messages.</param>
    /// <param name="orderProperties">Add <c>propertyOrdering</c> in declaration order (for response schemas, where Gemini would otherwise sort keys).</param>
    public static JsonObject Convert(JsonNode schema, string path, bool orderProperties)
    {
        var context = new Context(schema as JsonObject, path, orderProperties);
        return context.Convert(schema, path, 0);
    }

    private sealed class Context(JsonObject? root, string rootPath, bool orderProperties)
    {
        private readonly List<string> _refs = [];

        public JsonObject Convert(JsonNode? node, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new InvalidRequestException($"'{path}' nests deeper than {MaxDepth} levels; Gemini cannot take this schema.", rootPath);
            }

            if (node is null || node.GetValueKind() is JsonValueKind.True)
            {
                return []; // any value: Gemini has no way to say so; leave the type open
            }

            if (node is not JsonObject schema)
            {
                throw new InvalidRequestException($"'{path}' must be a JSON Schema object, not {JsonRead.Kind(node)}.", rootPath);
            }

            if (schema["$ref"] is JsonNode refNode)
            {
                return ConvertRef(schema, refNode, path, depth);
            }

            var result = new JsonObject();
            bool nullable = false;
            string? type = ReadType(schema, path, result, ref nullable);

            if (schema["description"] is JsonNode description && description.GetValueKind() == JsonValueKind.String)
            {
                result["description"] = description.GetValue<string>();
            }

            if (schema["nullable"] is JsonNode n && n.GetValueKind() == JsonValueKind.True)
            {
                nullable = true;
            }

            ReadEnum(schema, result, ref type, ref nullable);
            if (type is not null && !result.ContainsKey("anyOf"))
            {
                result["type"] = type;
            }

            if (schema["format"] is JsonNode format && format.GetValueKind() == JsonValueKind.String && IsGeminiFormat(type, format.GetValue<string>()))
            {
                result["format"] = format.GetValue<string>();
            }

            if (schema["prefixItems"] is not null || schema["items"] is JsonArray)
            {
                throw new InvalidRequestException($"'{path}' is a tuple schema (prefixItems or an items array); Gemini's schema format cannot express tuples.", rootPath);
            }

            if (schema["items"] is JsonNode items)
            {
                result["items"] = Convert(items, path + ".items", depth + 1);
                result["type"] ??= "ARRAY";
            }

            CopyInteger(schema, "minItems", result);
            CopyInteger(schema, "maxItems", result);
            CopyNumber(schema, "minimum", result);
            CopyNumber(schema, "maximum", result);

            JsonObject? properties = schema["properties"] as JsonObject;
            if (properties is not null)
            {
                var converted = new JsonObject();
                foreach (var (name, value) in properties)
                {
                    converted[name] = Convert(value, $"{path}.properties.{name}", depth + 1);
                }

                result["properties"] = converted;
                result["type"] ??= "OBJECT";
                if (orderProperties && properties.Count > 1)
                {
                    result["propertyOrdering"] = new JsonArray([.. properties.Select(p => (JsonNode)p.Key)]);
                }
            }

            if (schema["required"] is JsonArray required)
            {
                var names = new JsonArray();
                foreach (JsonNode? r in required)
                {
                    if (r?.GetValueKind() == JsonValueKind.String && (properties is null || properties.ContainsKey(r.GetValue<string>())))
                    {
                        names.Add(r.GetValue<string>());
                    }
                }

                if (names.Count > 0)
                {
                    result["required"] = names;
                }
            }

            ReadUnion(schema, "anyOf", path, depth, result, ref nullable);
            ReadUnion(schema, "oneOf", path, depth, result, ref nullable);
            if (schema["allOf"] is JsonArray allOf)
            {
                for (int i = 0; i < allOf.Count; i++)
                {
                    Merge(result, Convert(allOf[i], $"{path}.allOf[{i}]", depth + 1));
                }
            }

            if (nullable)
            {
                result["nullable"] = true;
            }

            return result;
        }

        private JsonObject ConvertRef(JsonObject schema, JsonNode refNode, string path, int depth)
        {
            string reference = refNode.GetValueKind() == JsonValueKind.String ? refNode.GetValue<string>() : "";
            if (_refs.Contains(reference))
            {
                throw new InvalidRequestException($"'{path}' refers to '{reference}' recursively; Gemini's schema format cannot express recursive schemas.", rootPath);
            }

            JsonNode target = Resolve(reference) ?? throw new InvalidRequestException(
                $"'{path}' has $ref '{reference}', which Purser cannot inline for Gemini; only local references into $defs or definitions are supported.", rootPath);
            _refs.Add(reference);
            JsonObject result = Convert(target, path, depth + 1);
            _refs.RemoveAt(_refs.Count - 1);

            // Keywords beside the $ref (usually a description) refine the referenced schema.
            var siblings = new JsonObject();
            foreach (var (name, value) in schema)
            {
                if (name != "$ref")
                {
                    siblings[name] = value?.DeepClone();
                }
            }

            if (siblings.Count > 0)
            {
                JsonObject extra = Convert(siblings, path, depth + 1);
                foreach (var (name, value) in extra.ToList())
                {
                    extra.Remove(name);
                    if (name is "description" or "nullable")
                    {
                        result[name] = value;
                    }
                    else if (!result.ContainsKey(name))
                    {
                        result[name] = value;
                    }
                }
            }

            return result;
        }

        private JsonNode? Resolve(string reference)
        {
            if (root is null || !reference.StartsWith("#/", StringComparison.Ordinal))
            {
                return null;
            }

            JsonNode? node = root;
            foreach (string raw in reference[2..].Split('/'))
            {
                string segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out JsonNode? next) ? next : null;
                if (node is null)
                {
                    return null;
                }
            }

            return node;
        }

        private string? ReadType(JsonObject schema, string path, JsonObject result, ref bool nullable)
        {
            JsonNode? typeNode = schema["type"];
            if (typeNode is null)
            {
                return null;
            }

            if (typeNode.GetValueKind() == JsonValueKind.String)
            {
                string t = typeNode.GetValue<string>();
                if (t == "null")
                {
                    nullable = true;
                    return null;
                }

                return GeminiType(t, path);
            }

            if (typeNode is JsonArray types)
            {
                var names = new List<string>();
                foreach (JsonNode? t in types)
                {
                    string name = t?.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : throw new InvalidRequestException($"'{path}.type' must hold type names.", rootPath);
                    if (name == "null")
                    {
                        nullable = true;
                    }
                    else
                    {
                        names.Add(GeminiType(name, path));
                    }
                }

                if (names.Count == 1)
                {
                    return names[0];
                }

                if (names.Count > 1)
                {
                    result["anyOf"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["type"] = n })]);
                }

                return null;
            }

            throw new InvalidRequestException($"'{path}.type' must be a string or an array of strings.", rootPath);
        }

        private string GeminiType(string jsonType, string path) => jsonType switch
        {
            "string" => "STRING",
            "number" => "NUMBER",
            "integer" => "INTEGER",
            "boolean" => "BOOLEAN",
            "array" => "ARRAY",
            "object" => "OBJECT",
            _ => throw new InvalidRequestException($"'{path}.type' has unknown type '{jsonType}'.", rootPath),
        };

        private static void ReadEnum(JsonObject schema, JsonObject result, ref string? type, ref bool nullable)
        {
            var values = new List<JsonNode?>();
            if (schema["enum"] is JsonArray enumValues)
            {
                values.AddRange(enumValues);
            }
            else if (schema.TryGetPropertyValue("const", out JsonNode? constant))
            {
                values.Add(constant);
            }
            else
            {
                return;
            }

            var strings = new JsonArray();
            bool allStrings = true;
            foreach (JsonNode? value in values)
            {
                if (JsonRead.IsNull(value))
                {
                    nullable = true;
                }
                else if (value!.GetValueKind() == JsonValueKind.String)
                {
                    strings.Add(value.GetValue<string>());
                }
                else
                {
                    allStrings = false;
                }
            }

            if (allStrings && (type is null or "STRING"))
            {
                if (strings.Count > 0)
                {
                    type = "STRING";
                    result["enum"] = strings;
                    result["format"] = "enum";
                }

                return;
            }

            // Gemini enums are strings only: keep the constraint as a hint for the model.
            string allowed = string.Join(", ", values.Where(v => !JsonRead.IsNull(v)).Select(v => v!.ToJsonString()));
            string? description = result["description"]?.GetValue<string>();
            result["description"] = string.IsNullOrEmpty(description) ? $"Allowed values: {allowed}." : $"{description} (Allowed values: {allowed}.)";
        }

        private void ReadUnion(JsonObject schema, string keyword, string path, int depth, JsonObject result, ref bool nullable)
        {
            if (schema[keyword] is not JsonArray branches)
            {
                return;
            }

            var converted = new List<JsonObject>(branches.Count);
            for (int i = 0; i < branches.Count; i++)
            {
                if (branches[i] is JsonObject b && b.Count == 1 && b["type"]?.GetValueKind() == JsonValueKind.String && b["type"]!.GetValue<string>() == "null")
                {
                    nullable = true;
                    continue;
                }

                converted.Add(Convert(branches[i], $"{path}.{keyword}[{i}]", depth + 1));
            }

            if (converted.Count == 1)
            {
                Merge(result, converted[0]);
            }
            else if (converted.Count > 1)
            {
                result["anyOf"] = new JsonArray([.. converted]);
            }
        }

        /// <summary>Adds <paramref name="from"/>'s keywords to <paramref name="into"/>: properties and required are united, the rest fill gaps.</summary>
        private static void Merge(JsonObject into, JsonObject from)
        {
            foreach (var (name, value) in from.ToList())
            {
                from.Remove(name);
                if (name == "properties" && into["properties"] is JsonObject props && value is JsonObject more)
                {
                    foreach (var (p, v) in more.ToList())
                    {
                        more.Remove(p);
                        props[p] ??= v;
                    }
                }
                else if (name == "required" && into["required"] is JsonArray req && value is JsonArray moreReq)
                {
                    foreach (JsonNode? r in moreReq.ToList())
                    {
                        moreReq.Remove(r);
                        if (!req.Any(x => x?.GetValue<string>() == r?.GetValue<string>()))
                        {
                            req.Add(r);
                        }
                    }
                }
                else if (!into.ContainsKey(name))
                {
                    into[name] = value;
                }
            }
        }

        private static bool IsGeminiFormat(string? type, string format) => type switch
        {
            "STRING" => format is "enum" or "date-time",
            "NUMBER" => format is "float" or "double",
            "INTEGER" => format is "int32" or "int64",
            _ => false,
        };

        private static void CopyInteger(JsonObject schema, string name, JsonObject result)
        {
            if (schema[name] is JsonNode value && value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue(out long l))
            {
                result[name] = l;
            }
        }

        private static void CopyNumber(JsonObject schema, string name, JsonObject result)
        {
            if (schema[name] is JsonNode value && value.GetValueKind() == JsonValueKind.Number)
            {
                result[name] = value.GetValue<double>();
            }
        }
    }
}
