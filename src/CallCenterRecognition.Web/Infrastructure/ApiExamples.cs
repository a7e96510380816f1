using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace CallCenterRecognition.Web.Infrastructure;

// Examples for the operations a client writes first (opening a claim, firing an action) and bodies the handlers read by hand.
internal static class ApiExamples
{
    private const string ClaimId = "0b9d7c1e-4a52-4c36-9f0e-2f6c1d8a7b31";

    private static JsonNode Claim(string stage, string stageName, int version, JsonArray permitted) => new JsonObject
    {
        ["id"] = ClaimId,
        ["number"] = "CCR-2026-0042",
        ["stage"] = stage,
        ["stageName"] = stageName,
        ["status"] = "open",
        ["version"] = version,
        ["member"] = new JsonObject { ["name"] = "Dana Rivera", ["email"] = "dana.rivera@example.org", ["phone"] = "916-555-0142" },
        ["department"] = "EDD",
        ["workUnit"] = "UI Call Center — Sacramento",
        ["bargainingUnit"] = "4",
        ["classification"] = "Employment Program Representative",
        ["phoneSystems"] = new JsonArray("ACD", "CTI"),
        ["description"] = "Answers unemployment insurance calls all day from an ACD queue.",
        ["assignedRepresentative"] = null,
        ["openedAt"] = "2026-03-02T17:04:11+00:00",
        ["stageEnteredAt"] = "2026-03-02T17:04:11+00:00",
        ["dueAt"] = "2026-03-09T17:04:11+00:00",
        ["overdue"] = false,
        ["definitionId"] = "article-21-4-recognition",
        ["definitionVersion"] = 2,
        ["permittedActions"] = permitted,
        ["relatedClaims"] = new JsonArray(),
        ["statement"] = new JsonObject { ["facts"] = string.Empty, ["occurredOn"] = null, ["differentialFrom"] = null, ["usesDescription"] = true },
        ["unitId"] = 17,
        ["grievants"] = new JsonArray(),
    };

    private static JsonObject Action(string id, string name, params JsonObject[] inputs) =>
        new() { ["id"] = id, ["name"] = name, ["inputs"] = new JsonArray([.. inputs]) };

    private static JsonObject Input(string name, string label, string type, bool required) =>
        new() { ["name"] = name, ["label"] = label, ["type"] = type, ["required"] = required, ["maxLength"] = 2000, ["values"] = null };

    public static void Add(OpenApiDocument document)
    {
        var operations = document.Paths.SelectMany(p => (p.Value.Operations ?? []).Select(o => o.Value)).Where(o => o.OperationId is not null).ToDictionary(o => o.OperationId!, StringComparer.Ordinal);
        var refer = Action("refer", "Refer to a representative", Input("representativeId", "Representative", "representative", true));
        var withdraw = Action("withdraw", "Withdraw", Input("reason", "Reason", "text", true));
        var note = Action("add-note", "Add a note", Input("text", "Note", "text", true));

        if (operations.TryGetValue("OpenClaim", out var open))
        {
            Example(open.RequestBody, "application/json", new JsonObject
            {
                ["member"] = new JsonObject { ["name"] = "Dana Rivera", ["email"] = "dana.rivera@example.org", ["phone"] = "916-555-0142" },
                ["department"] = "EDD",
                ["workUnit"] = "UI Call Center — Sacramento",
                ["bargainingUnit"] = "4",
                ["classification"] = "Employment Program Representative",
                ["phoneSystems"] = new JsonArray("ACD", "CTI"),
                ["description"] = "Answers unemployment insurance calls all day from an ACD queue.",
            });
            Example(Response(open, "201"), "application/json", Claim("intake", "Intake", 1, new JsonArray(refer.DeepClone(), withdraw.DeepClone(), note.DeepClone())));
        }

        if (operations.TryGetValue("GetClaim", out var get))
        {
            Example(Response(get, "200"), "application/json", Claim("intake", "Intake", 1, new JsonArray(refer.DeepClone(), withdraw.DeepClone(), note.DeepClone())));
        }

        if (operations.TryGetValue("FireAction", out var fire))
        {
            fire.RequestBody = new OpenApiRequestBody
            {
                Required = false,
                Description = "The action's inputs by name (see permittedActions[].inputs on the claim), and optionally expectedVersion (or send If-Match). An action without inputs may send no body.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema> { ["expectedVersion"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The claim's version (its ETag) this change is based on." } },
                            AdditionalProperties = new OpenApiSchema { Description = "An input of the action: text, a date (yyyy-MM-dd), a choice, a representative id or a boolean confirmation." },
                        },
                        Example = new JsonObject { ["representativeId"] = "3f1c2a9e-5b7d-4e21-8c44-0d7a9e6b1f20", ["expectedVersion"] = 1 },
                    },
                },
            };
            fire.Parameters ??= [];
            fire.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = false,
                Description = "The claim's ETag, e.g. \"3\"; 412 if the claim has changed since.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            Example(Response(fire, "200"), "application/json", Claim("referral", "Referral", 2, new JsonArray(Action("accept", "Accept"), Action("reassign", "Reassign", Input("representativeId", "Representative", "representative", true)), withdraw.DeepClone(), note.DeepClone())));
            Example(Response(fire, "409"), "application/problem+json", new JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
                ["title"] = "Action not allowed now",
                ["status"] = 409,
                ["detail"] = "The action accept is not allowed in stage intake. Allowed now: refer, withdraw, add-note.",
                ["stage"] = "intake",
                ["permittedActions"] = new JsonArray(refer.DeepClone(), withdraw.DeepClone(), note.DeepClone()),
            });
            Example(Response(fire, "412"), "application/problem+json", new JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.13",
                ["title"] = "The claim has changed",
                ["status"] = 412,
                ["detail"] = "The claim is at version 3, not 2. Reload the claim (now version 3) and try again.",
                ["currentVersion"] = 3,
                ["stage"] = "referral",
            });
            Example(Response(fire, "422"), "application/problem+json", new JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc4918#section-11.2",
                ["title"] = "Essential evidence is missing",
                ["status"] = 422,
                ["detail"] = "Not done yet: the claim has no duty statement or org chart. Send confirmMissingEvidence: true to go ahead anyway.",
                ["missingCategories"] = new JsonArray("duty-statements", "org-charts"),
                ["confirmWith"] = "confirmMissingEvidence",
            });
        }

        foreach (var id in new[] { "UploadDocument", "MemberUploadDocument" })
        {
            if (operations.TryGetValue(id, out var upload))
            {
                upload.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { "file", "category" },
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "PDF, image or office document, up to the configured size." },
                                    ["category"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A checklist category id, e.g. duty-statements, org-charts, phone-codes, other." },
                                    ["description"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "One line saying what the file shows." },
                                },
                            },
                        },
                    },
                };
            }
        }
    }

    private static IOpenApiResponse? Response(OpenApiOperation operation, string status) =>
        operation.Responses is { } responses && responses.TryGetValue(status, out var response) ? response : null;

    private static void Example(IOpenApiRequestBody? body, string contentType, JsonNode example)
    {
        if (body?.Content is { } content && content.TryGetValue(contentType, out var media))
        {
            media.Example = example;
        }
    }

    private static void Example(IOpenApiResponse? response, string contentType, JsonNode example)
    {
        if (response?.Content is { } content && content.TryGetValue(contentType, out var media))
        {
            media.Example = example;
        }
    }
}
