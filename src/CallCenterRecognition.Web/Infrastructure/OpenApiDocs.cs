using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CallCenterRecognition.Web.Infrastructure;

// The API description (OpenAPI 3.1 at /openapi/v1.json) and its reader (Scalar at /scalar), both for signed-in staff.
// Operation ids come from each endpoint's WithName; the access matrix supplies who may call what; the transformers add what
// every operation can answer (401, 403, 404 on an id, 400 on input, 413/415 on a body) so no endpoint forgets one.
public static class OpenApiDocs
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";
    public const string BearerScheme = "bearer";
    public const string CookieScheme = "cookie";
    public const string CookieName = "ccr.auth";

    private const string Problem = "application/problem+json";

    // Endpoints mapped by the framework (Identity's API) have no name of their own.
    private static readonly Dictionary<string, string> FrameworkOperationIds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POST /api/auth/login"] = "Login",
        ["POST /api/auth/refresh"] = "RefreshToken",
        ["POST /api/auth/manage/2fa"] = "ManageTwoFactor",
        ["GET /api/auth/manage/info"] = "GetAccountInfo",
        ["POST /api/auth/manage/info"] = "UpdateAccountInfo",
    };

    private static readonly (string Prefix, string Tag, string Description)[] Tags =
    [
        ("/api/auth", "Account", "Sign in for a bearer token or cookie, refresh it, and manage one's own account."),
        ("/api/claims/{id}/grievants", "Grievants", "Members of the unit who join a group claim."),
        ("/api/claims/{id}/documents", "Documents", "Evidence uploaded to a claim, its checklist, its text, suggested categories and highlights."),
        ("/api/claims/{id}/statement/quotes", "Documents", string.Empty),
        ("/api/search", "Documents", string.Empty),
        ("/api/claims/{id}/member-link", "Member links", "E-mailed upload links for grievants."),
        ("/api/claims/{id}/packet", "Packets", "The grievance packet: PDF, ZIP with originals, background builds."),
        ("/api/claims/{id}/access-log", "Access log", "Who opened a claim or downloaded its files."),
        ("/api/claims/{id}/reminders", "Reminders", "Deadline reminders."),
        ("/api/member", "Member", "The member's own view through an upload link; the token in the path is the credential."),
        ("/api/claims", "Claims", "Open, list, read and correct claims; fire workflow actions; read the journal."),
        ("/api/intake", "Claims", string.Empty),
        ("/api/units", "Units", "Work units, their recognition status and claims."),
        ("/api/departments", "Departments", "State departments with codes and aliases."),
        ("/api/workflows", "Workflows", "Workflow definitions, versions, publishing and migrations."),
        ("/api/representatives", "Representatives", "Representatives and their caseloads."),
        ("/api/calendar", "Calendar", "State holidays used for business-day deadlines."),
        ("/api/admin/users", "Users", "Staff accounts (administrators)."),
        ("/api/reminders", "Reminders", string.Empty),
        ("/api/dashboard", "Dashboard", "Statewide figures for the CCWG."),
        ("/api/me", "Me", "Own notifications and calendar feed."),
    ];

    public static void AddApiDocs(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // The closed Identity endpoints answer 404 before routing (AppSetup): describing them would advertise what is not there.
            options.ShouldInclude = description => description.RelativePath is { } path
                && path.StartsWith("api/", StringComparison.OrdinalIgnoreCase)
                && !(path.StartsWith("api/auth/", StringComparison.OrdinalIgnoreCase) && AccessMatrix.ClosedIdentityEndpoints.Any(closed => path.EndsWith(closed, StringComparison.OrdinalIgnoreCase)));
            // Nested types (OpenClaim.Command, GetUnit.View) are named with their feature, so a generated client reads OpenClaimCommand, not Command2.
            options.CreateSchemaReferenceId = info =>
            {
                // An anonymous answer stays inline rather than becoming "AnonymousTypeOfstringAndint…".
                if (info.Type.Name.Contains("AnonymousType", StringComparison.Ordinal))
                {
                    return null;
                }

                var id = OpenApiOptions.CreateDefaultSchemaReferenceId(info);
                return id is not null && info.Type.DeclaringType is { } outer && outer != typeof(ApiShapes) && !info.Type.IsGenericType ? outer.Name + id : id;
            };
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<EnableRateLimitingAttribute>().Any())
                {
                    operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    operation.Extensions["x-rate-limited"] = new JsonNodeExtension(JsonValue.Create(true));
                }

                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, context, _) =>
            {
                var antiforgeryHeader = context.ApplicationServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName ?? "RequestVerificationToken";
                Describe(document, antiforgeryHeader);
                return Task.CompletedTask;
            });
        });
    }

    public static void MapApiDocs(this WebApplication app)
    {
        // Staff only: the description names every route and field; a client generator fetches it with a bearer token.
        app.MapOpenApi(DocumentPath).RequireAuthorization(Policies.Staff);
        // Scalar ships its script inside the package and serves it under /scalar; no CDN, no web fonts, no telemetry, no agent.
        // The page's one inline script carries a per-request nonce, which UseSecurityHeaders adds to this response's CSP only.
        app.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("Call Center Recognition API")
                .AddDocument(DocumentName, "Call Center Recognition API", DocumentPath)
                .AddPreferredSecuritySchemes(CookieScheme, BearerScheme)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .WithNonce())
            .RequireAuthorization(Policies.Staff);
    }

    internal static void Describe(OpenApiDocument document, string antiforgeryHeader)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Call Center Recognition API",
            Version = DocumentName,
            Description =
                "Claims for call-center recognition under Article 21.4: intake, referral, evidence, the grievance packet and its outcome. " +
                "Errors are RFC 9457 problem+json; a 400 carries `errors` by field. Reads of one claim return an ETag; send it as If-Match " +
                "(or `expectedVersion`) on a change to get 412 instead of overwriting someone else's edit. " +
                "Sign in with POST /api/auth/login for a bearer token (or `?useCookies=true` for the cookie). " +
                $"A write signed in by the cookie must also send the page's antiforgery token in the `{antiforgeryHeader}` header; a bearer token never needs it.",
        };

        // The bargaining unit is read from a string or a number (JsonElement); described as the string a client sends, so a
        // generated client gets a string rather than an empty "JsonElement" object it could not fill.
        foreach (var name in new[] { "OpenClaimCommand", "CorrectClaimCommand" })
        {
            if (document.Components?.Schemas is { } schemas && schemas.TryGetValue(name, out var found) && found is OpenApiSchema { Properties: { } properties } && properties.ContainsKey("bargainingUnit"))
            {
                properties["bargainingUnit"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String | JsonSchemaType.Null,
                    Description = "The bargaining unit, e.g. \"4\" (a JSON number is accepted too).",
                };
            }
        }

        // Relative to wherever the document is served, so the checked-in copy (docs/openapi/v1.json) is the same on every host.
        document.Servers = [new OpenApiServer { Url = "/" }];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The accessToken from POST /api/auth/login; POST /api/auth/refresh exchanges the refreshToken (once) for a new pair.",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = CookieName,
            Description = $"The sign-in cookie of the web pages (or POST /api/auth/login?useCookies=true). Every POST, PUT, PATCH and DELETE signed in by it must also send the antiforgery token in the `{antiforgeryHeader}` header, or it is refused with 400.",
        };
        EnsureProblemSchemas(document);

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var (_, tag, description) in Tags.Where(t => t.Description.Length > 0))
        {
            document.Tags.Add(new OpenApiTag { Name = tag, Description = description });
        }

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var key = $"{method.Method} {path}";
                var rule = RuleFor(method.Method, path);
                if (string.IsNullOrEmpty(operation.OperationId))
                {
                    operation.OperationId = FrameworkOperationIds.GetValueOrDefault(key) ?? DerivedId(method.Method, path);
                }

                if (Tags.FirstOrDefault(t => path.StartsWith(t.Prefix, StringComparison.OrdinalIgnoreCase)) is { Tag: not null } match)
                {
                    operation.Tags = new HashSet<OpenApiTagReference> { new(match.Tag, document) };
                }

                if (rule is not null)
                {
                    operation.Summary ??= Sentence(rule.Purpose);
                    operation.Description = $"Who may call it: {WhoText(rule.Allowed)}." + (rule.CookieNeedsAntiforgery ? $" Signed in by the cookie, send the `{antiforgeryHeader}` header too." : string.Empty);
                }

                var open = rule is null || rule.Allowed.HasFlag(Who.Anonymous) || rule.Allowed.HasFlag(Who.MemberLink) || rule.Allowed == Who.Nobody;
                operation.Responses ??= new OpenApiResponses();
                if (open)
                {
                    // The member endpoints and the calendar feed carry their credential in the URL; sign-in has none yet.
                    operation.Security = [];
                }
                else
                {
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] },
                    ];
                    AddProblem(document, operation, "401", "Not signed in, or the token has expired.");
                    AddProblem(document, operation, "403", "Signed in, but this role (or, for a claim, this representative) may not do this.");
                }

                var write = method != HttpMethod.Get && method != HttpMethod.Head;
                if (path.Contains('{', StringComparison.Ordinal))
                {
                    AddProblem(document, operation, "404", path.StartsWith("/api/member", StringComparison.Ordinal) ? "The link is not valid." : "Nothing with this id (or the caller may not know it exists).");
                }

                if (write || (operation.Parameters?.Any(p => p.In == ParameterLocation.Query) ?? false))
                {
                    AddValidationProblem(document, operation, !open && write ? $"A field is missing or invalid (`errors` names each), or a cookie write lacks the `{antiforgeryHeader}` header." : "A field is missing or invalid; `errors` names each.");
                }

                if (operation.RequestBody?.Content?.ContainsKey("application/json") == true)
                {
                    AddProblem(document, operation, "413", "The JSON body is larger than the limit.");
                    AddProblem(document, operation, "415", "The body is not application/json.");
                }

                if (operation.Extensions?.ContainsKey("x-rate-limited") == true)
                {
                    AddProblem(document, operation, "429", "Too many requests; Retry-After says when to try again.");
                }

                // Identity's own endpoints refuse a wrong password or a spent refresh token with 401 although they need no sign-in.
                if (operation.OperationId is "Login")
                {
                    AddProblem(document, operation, "401", "Wrong e-mail or password, or a locked or deactivated account (all answered alike).");
                }
                else if (operation.OperationId is "RefreshToken")
                {
                    AddProblem(document, operation, "401", "The refresh token is unknown, expired or already exchanged (which ends the sessions issued from it).");
                }
            }
        }

        // The framework names a tag after each endpoint's class before the operations are re-tagged by feature; a tag no
        // operation carries any more would be an empty heading in a reader or a generated client.
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(document.Tags.Where(t => t.Name is not null && used.Contains(t.Name)));
        ApiExamples.Add(document);
    }

    private static void EnsureProblemSchemas(OpenApiDocument document)
    {
        document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var schemas = document.Components.Schemas;
        if (!schemas.ContainsKey("ProblemDetails"))
        {
            schemas["ProblemDetails"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                    ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                },
            };
        }

        if (!schemas.ContainsKey("HttpValidationProblemDetails"))
        {
            schemas["HttpValidationProblemDetails"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AllOf = [new OpenApiSchemaReference("ProblemDetails", document)],
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } } },
                },
            };
        }
    }

    private static void AddProblem(OpenApiDocument document, OpenApiOperation operation, string status, string description) =>
        Add(operation, status, description, new OpenApiSchemaReference("ProblemDetails", document));

    private static void AddValidationProblem(OpenApiDocument document, OpenApiOperation operation, string description) =>
        Add(operation, "400", description, new OpenApiSchemaReference("HttpValidationProblemDetails", document));

    private static void Add(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
    {
        if (operation.Responses!.TryGetValue(status, out var existing))
        {
            // A status the endpoint declared keeps its schema; the framework's bare reason phrase gives way to what it means here.
            if (existing is OpenApiResponse declared && (string.IsNullOrEmpty(declared.Description) || declared.Description is "Bad Request" or "Unauthorized" or "Forbidden" or "Not Found" or "Payload Too Large" or "Unsupported Media Type"))
            {
                declared.Description = description;
            }

            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [Problem] = new() { Schema = schema } },
        };
    }

    // The matrix writes routes as mapped ("/api/claims/{id:guid}", "/api/claims/"); the document drops constraints and the trailing slash.
    internal static string Normalize(string route)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(route.Split('?')[0], @"\{([^}:?]+)(:[^}]*)?\??\}", "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private static AccessRule? RuleFor(string method, string path) =>
        AccessMatrix.Rules.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(Normalize(r.Route), Normalize(path), StringComparison.OrdinalIgnoreCase));

    private static string DerivedId(string method, string path) =>
        string.Concat(new[] { method[..1].ToUpperInvariant() + method[1..].ToLowerInvariant() }
            .Concat(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(segment => segment.Trim('{', '}')).Select(segment => string.Concat(segment.Split('-', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..])))));

    private static string Sentence(string purpose) => purpose.Length == 0 ? purpose : char.ToUpperInvariant(purpose[0]) + purpose[1..];

    private static string WhoText(Who who)
    {
        if (who == Who.Nobody)
        {
            return "anyone holding a feed token (no sign-in)";
        }

        var names = new List<string>();
        void AddIf(Who flag, string name)
        {
            if (who.HasFlag(flag))
            {
                names.Add(name);
            }
        }

        if (who.HasFlag(Who.Anonymous))
        {
            return "anyone";
        }

        AddIf(Who.MemberLink, "the holder of a member upload link");
        AddIf(Who.Mrc, "MRC staff");
        if (who.HasFlag(Who.Representative))
        {
            names.Add("representatives");
        }
        else
        {
            AddIf(Who.RepresentativeOwn, "the claim's representative");
        }

        AddIf(Who.Ccwg, "CCWG");
        AddIf(Who.Admin, "administrators");
        return string.Join(", ", names);
    }
}
