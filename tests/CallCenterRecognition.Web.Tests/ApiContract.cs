using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallCenterRecognition.Web.Tests;

// One /api answer as the app gave it: the route template its endpoint matched, the status and the JSON body if any.
public sealed record ApiExchange(string Method, string Route, int Status, string? ContentType, string? Body);

// Checks answers against the checked-in OpenAPI document (docs/openapi/v1.json): the status must be declared for the
// operation, and a JSON body must have the declared schema's required properties with the declared types.
public sealed partial class ApiContract(JsonObject document)
{
    public const string CheckedInPath = "docs/openapi/v1.json";

    private static readonly Lazy<ApiContract> CheckedInContract = new(() =>
        new ApiContract(JsonNode.Parse(File.ReadAllText(Path.Combine(TestDatabase.RepositoryRoot(), CheckedInPath)))!.AsObject()));

    public static ApiContract CheckedIn => CheckedInContract.Value;

    private JsonObject Schemas => document["components"]?["schemas"]?.AsObject() ?? [];

    // Null when the answer fits the contract, else what is wrong with it.
    public string? Violation(ApiExchange exchange)
    {
        var key = Normalize(exchange.Route);
        var operation = document["paths"]?.AsObject()
            .FirstOrDefault(p => string.Equals(Normalize(p.Key), key, StringComparison.OrdinalIgnoreCase)).Value?[exchange.Method.ToLowerInvariant()]?.AsObject();
        if (operation is null)
        {
            // A route the document leaves out on purpose (Identity's closed endpoints) may only say that nothing is there.
            return exchange.Status == 404 ? null : $"{exchange.Method} {exchange.Route}: answered {exchange.Status}, and the document has no such operation";
        }

        var responses = operation["responses"]?.AsObject() ?? [];
        var status = exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = responses[status] ?? responses[$"{status[0]}XX"] ?? responses["default"];
        var name = $"{exchange.Method} {exchange.Route} ({operation["operationId"]})";
        if (response is null)
        {
            return $"{name}: answered {status}, which the operation does not declare (declares {string.Join(", ", responses.Select(r => r.Key))})";
        }

        response = Resolve(response);
        var mediaType = exchange.ContentType?.Split(';')[0].Trim();
        if (string.IsNullOrEmpty(exchange.Body) || mediaType is null || !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            return null;
        }

        var declared = content[mediaType] ?? content["application/json"] ?? content["application/problem+json"];
        if (declared is null)
        {
            return $"{name}: {status} answered {mediaType}, the operation declares {string.Join(", ", content.Select(c => c.Key))}";
        }

        if (declared["schema"] is not { } schema)
        {
            return null;
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(exchange.Body);
        }
        catch (System.Text.Json.JsonException e)
        {
            return $"{name}: {status} body is not JSON: {e.Message}";
        }

        var problems = new List<string>();
        Check(schema, body, "$", problems, depth: 0);
        return problems.Count == 0 ? null : $"{name}: {status} body does not match its schema: {string.Join("; ", problems.Take(5))}";
    }

    private JsonNode Resolve(JsonNode node)
    {
        for (var i = 0; i < 20 && node is JsonObject o && o["$ref"]?.GetValue<string>() is { } reference; i++)
        {
            var parts = reference.TrimStart('#', '/').Split('/');
            JsonNode? target = document;
            foreach (var part in parts)
            {
                target = target?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            node = target ?? throw new InvalidOperationException("Unresolved reference " + reference);
        }

        return node;
    }

    private void Check(JsonNode schemaNode, JsonNode? value, string at, List<string> problems, int depth)
    {
        if (depth > 40)
        {
            return;
        }

        var schema = Resolve(schemaNode);
        if (schema is not JsonObject s)
        {
            return;
        }

        if (s["allOf"] is JsonArray all)
        {
            foreach (var part in all)
            {
                Check(part!, value, at, problems, depth + 1);
            }
        }

        foreach (var alternatives in new[] { s["oneOf"], s["anyOf"] })
        {
            if (alternatives is JsonArray options && options.Count > 0)
            {
                var fits = options.Any(option =>
                {
                    var trial = new List<string>();
                    Check(option!, value, at, trial, depth + 1);
                    return trial.Count == 0;
                });
                if (!fits)
                {
                    problems.Add($"{at} matches none of its alternatives");
                }
            }
        }

        var types = s["type"] switch
        {
            JsonArray list => list.Select(t => t!.GetValue<string>()).ToHashSet(),
            JsonValue one => [one.GetValue<string>()],
            _ => null,
        };
        var actual = TypeOf(value);
        if (types is not null && !types.Contains(actual) && !(actual == "integer" && types.Contains("number")))
        {
            problems.Add($"{at} is {actual}, declared {string.Join("|", types)}");
            return;
        }

        if (s["enum"] is JsonArray allowed && value is not null && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            problems.Add($"{at} is {value.ToJsonString()}, not one of {allowed.ToJsonString()}");
        }

        if (value is JsonObject obj)
        {
            if (s["required"] is JsonArray required)
            {
                foreach (var property in required.Select(r => r!.GetValue<string>()).Where(p => !obj.ContainsKey(p)))
                {
                    problems.Add($"{at} lacks required '{property}'");
                }
            }

            var properties = s["properties"]?.AsObject();
            foreach (var (property, propertyValue) in obj)
            {
                if (properties?[property] is { } propertySchema)
                {
                    Check(propertySchema, propertyValue, $"{at}.{property}", problems, depth + 1);
                }
                else if (s["additionalProperties"] is JsonObject additional)
                {
                    Check(additional, propertyValue, $"{at}.{property}", problems, depth + 1);
                }
            }
        }
        else if (value is JsonArray array && s["items"] is { } items)
        {
            for (var i = 0; i < Math.Min(array.Count, 50); i++)
            {
                Check(items, array[i], $"{at}[{i}]", problems, depth + 1);
            }
        }
    }

    private static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => "string",
        JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => v.ToJsonString().Contains('.', StringComparison.Ordinal) || v.ToJsonString().Contains('e', StringComparison.OrdinalIgnoreCase) ? "number" : "integer",
        _ => "unknown",
    };

    private static string Normalize(string route)
    {
        var path = Parameter().Replace(route.Split('?')[0], "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"\{\*{0,2}([^}:?=]+)(:[^}]*)?(=[^}]*)?\??\}")]
    private static partial Regex Parameter();
}
