using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.AccessLog;
using CallCenterRecognition.Web.Infrastructure;
using static CallCenterRecognition.Web.Infrastructure.ApiShapes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Documents;

public static class DocumentsApi
{
    // Room for the multipart boundaries, headers and the category field around the file itself.
    public const long MultipartOverhead = 64 * 1024;

    public static void AddDocuments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<DocumentOptions>(builder.Configuration.GetSection("Documents"));
        services.Configure<MemberLinkOptions>(builder.Configuration.GetSection("MemberLinks"));
        // A wrong Documents:Store stops the app at start, not at the first upload.
        _ = ContentStores.Kind(builder.Configuration);
        services.AddSingleton<IContentStore>(_ => ContentStores.Create(builder.Configuration));
        services.AddSingleton<DocumentStore>();
        services.Configure<SweepOptions>(builder.Configuration.GetSection("Documents:Sweep"));
        services.AddSingleton<StoreSweeper>();
        services.AddHostedService<StoreSweepService>();
        services.AddScoped<UploadDocument.Handler>();
        services.AddScoped<ListDocuments.Handler>();
        services.AddScoped<DeleteDocument.Handler>();
        services.AddScoped<DescribeDocument.Handler>();
        services.AddScoped<MemberLinks.Handler>();
        services.AddScoped<DocumentsPanel.Handler>();
    }

    public static void MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/claims/{id:guid}").RequireAuthorization(Policies.Staff);
        claims.MapPost("/documents", UploadAsync).RequireRateLimiting(Security.UploadLimit).DisableAntiforgery().WithName("UploadDocument")
            .Produces<DocumentView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .Produces<UploadRefusedProblem>(StatusCodes.Status413PayloadTooLarge, "application/problem+json").Produces<UploadRefusedProblem>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json");
        claims.MapGet("/documents", ListAsync).WithName("ListDocuments").Produces<DocumentList>();
        claims.MapGet("/documents/{documentId:guid}", DocumentAsync).WithName("GetDocument").Produces<DocumentView>();
        claims.MapGet("/documents/{documentId:guid}/content", ContentAsync).WithName("DownloadDocument").Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream");
        claims.MapDelete("/documents/{documentId:guid}", DeleteAsync).WithName("DeleteDocument").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapPatch("/documents/{documentId:guid}", DescribeAsync).WithName("DescribeDocument")
            .Accepts<DescribeDocumentBody>("application/json").Produces<DocumentView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapPost("/member-link", CreateLinkAsync).RequireRateLimiting(Security.MemberLinkLimit).WithName("SendMemberLink")
            .Produces<MemberLinkCreated>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapGet("/member-links", ListLinksAsync).WithName("ListMemberLinks").Produces<GrievantLinks>();
        claims.MapDelete("/member-link", RevokeLinkAsync).RequireRateLimiting(Security.MemberLinkLimit).WithName("RevokeMemberLink").Produces(StatusCodes.Status204NoContent);

        var member = app.MapGroup("/api/member/{token}").AllowAnonymous().RequireRateLimiting(Security.MemberLinkLimit);
        member.MapGet("/", MemberStatusAsync).WithName("GetMemberStatus").Produces<MemberStatus>().ProducesProblem(StatusCodes.Status410Gone);
        member.MapPost("/documents", MemberUploadAsync).DisableAntiforgery().WithName("MemberUploadDocument")
            .Produces<MemberUploadReceipt>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone)
            .Produces<UploadRefusedProblem>(StatusCodes.Status413PayloadTooLarge, "application/problem+json").Produces<UploadRefusedProblem>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json");
    }

    // Reads the multipart body within the size limit; the file part is left buffered by ASP.NET Core and read once by the store.
    public static async Task<(UploadDocument.Command? Command, IResult? Problem)> ReadUploadAsync(HttpContext http, DocumentStore store, CancellationToken cancellationToken)
    {
        var (commands, problem) = await ReadUploadsAsync(http, store, 1, cancellationToken);
        return (commands?[0], problem);
    }

    // Several "file" parts share the category and description; with none, one command without a file, which the handler refuses.
    public static async Task<(IReadOnlyList<UploadDocument.Command>? Commands, IResult? Problem)> ReadUploadsAsync(HttpContext http, DocumentStore store, int maxFiles, CancellationToken cancellationToken)
    {
        var limit = (store.MaxBytes * maxFiles) + MultipartOverhead;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength > limit)
        {
            return (null, TooLarge(store));
        }

        if (!http.Request.HasFormContentType || http.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            const string detail = "Send the document as multipart/form-data with a 'file' part and a 'category' field.";
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail, new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = [detail] } }));
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = 20 }, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(store));
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TooLarge(store));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, Problems.Invalid("file", "the multipart body could not be read"));
        }

        var files = form.Files.GetFiles("file");
        if (files.Count > maxFiles)
        {
            return (null, Problems.Invalid("file", maxFiles == 1 ? "send one file per request" : $"send at most {maxFiles} files at once"));
        }

        var category = form["category"].ToString();
        var description = form[DocumentDescription.Field].ToString();
        if (files.Count == 0)
        {
            return ([new UploadDocument.Command(category, null, null, null, description)], null);
        }

        return ([.. files.Select(file => new UploadDocument.Command(category, file.FileName, file.Length, file.OpenReadStream, description))], null);
    }

    public static IResult ToResult(UploadDocument.Result result, HttpContext http) => result.Outcome switch
    {
        UploadDocument.Outcome.Done => TypedResults.Created(result.Document!.ContentUrl[..result.Document.ContentUrl.LastIndexOf("/content", StringComparison.Ordinal)], result.Document),
        UploadDocument.Outcome.ClaimNotFound => Problems.NotFound("The claim"),
        UploadDocument.Outcome.NoAccess => Problems.Forbidden(result.Reason!),
        UploadDocument.Outcome.Closed => Problems.Status(StatusCodes.Status409Conflict, "Claim closed", result.Reason!),
        UploadDocument.Outcome.TooLarge => Problems.Status(StatusCodes.Status413PayloadTooLarge, "File too large", result.Reason!, new Dictionary<string, object?> { ["errors"] = result.Errors!.ToDictionary() }),
        UploadDocument.Outcome.UnsupportedType => Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported file type", result.Reason! + ".", new Dictionary<string, object?> { ["errors"] = result.Errors!.ToDictionary() }),
        _ => result.Errors!.ToProblem(),
    };

    private static IResult TooLarge(DocumentStore store) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "File too large", $"file is larger than the limit of {UploadDocument.Size(store.MaxBytes)}.", new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { ["file"] = [$"is larger than the limit of {UploadDocument.Size(store.MaxBytes)}"] },
        });

    private static async Task<IResult> UploadAsync(Guid id, HttpContext http, AppDbContext db, DocumentStore store, UploadDocument.Handler handler, CancellationToken cancellationToken)
    {
        // Who may upload is settled before the body is read, so a caller without access learns nothing from how the body is judged.
        if (await VisibleClaimAsync(id, http, db, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (command, problem) = await ReadUploadAsync(http, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return ToResult(await handler.AsStaffAsync(id, command!, http.User, cancellationToken), http);
    }

    private static async Task<IResult> ListAsync(Guid id, HttpContext http, AppDbContext db, ListDocuments.Handler handler, CancellationToken cancellationToken)
    {
        if (await VisibleClaimAsync(id, http, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await handler.HandleAsync(id, cancellationToken));
    }

    private static async Task<IResult> DocumentAsync(Guid id, Guid documentId, HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        if (await VisibleClaimAsync(id, http, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.ClaimId == id && d.DeletedAt == null, cancellationToken);
        return document is null ? Problems.NotFound("The document") : TypedResults.Ok(DocumentView.From(document));
    }

    private static async Task<IResult> ContentAsync(Guid id, Guid documentId, HttpContext http, AppDbContext db, DocumentStore store, RecordAccess.Recorder accessLog, CancellationToken cancellationToken)
    {
        if (await VisibleClaimAsync(id, http, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.ClaimId == id && d.DeletedAt == null, cancellationToken);
        if (document is null || !await store.ExistsAsync(document.Sha256, cancellationToken))
        {
            return Problems.NotFound("The document");
        }

        await accessLog.RecordAsync(http.User, new(id, RecordAccess.Actions.DocumentDownloaded, DocumentId: document.Id, FileName: document.FileName));
        return Attachment(http, store.Open(document.Sha256), document.ContentType, document.FileName);
    }

    public static IResult Attachment(HttpContext http, Stream content, string contentType, string fileName)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(content, contentType, fileName);
    }

    private static async Task<IResult> DeleteAsync(Guid id, Guid documentId, HttpContext http, DeleteDocument.Handler handler, CancellationToken cancellationToken)
    {
        var (outcome, reason) = await handler.HandleAsync(id, documentId, http.User, cancellationToken);
        return outcome switch
        {
            DeleteDocument.Outcome.Done => TypedResults.NoContent(),
            DeleteDocument.Outcome.NoAccess => Problems.Forbidden(reason!),
            DeleteDocument.Outcome.Filed => Problems.Status(StatusCodes.Status409Conflict, "Document is filed", $"The document cannot be deleted: {reason}."),
            _ => Problems.Status(StatusCodes.Status404NotFound, "Not found", reason!),
        };
    }

    // Each field that is sent is changed: "description" (null or "" clears it) and "category" (the same category confirms it). A body
    // with neither is more likely a mistake than a wish to change nothing.
    private static async Task<IResult> DescribeAsync(Guid id, Guid documentId, HttpContext http, AppDbContext db, DescribeDocument.Handler handler, CancellationToken cancellationToken)
    {
        if (await VisibleClaimAsync(id, http, db, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        string? description = null;
        string? category = null;
        var errors = new FieldErrors();
        foreach (var property in body!.Value.EnumerateObject())
        {
            if (property.NameEquals(DocumentDescription.Field))
            {
                if (property.Value.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    description = property.Value.GetString();
                }
                else if (property.Value.ValueKind != System.Text.Json.JsonValueKind.Null)
                {
                    errors.Add(DocumentDescription.Field, "must be a string (empty or null clears it)");
                }
            }
            else if (property.NameEquals(DescribeDocument.CategoryField))
            {
                if (property.Value.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    category = property.Value.GetString();
                }
                else
                {
                    errors.Add(DescribeDocument.CategoryField, "must be a category id string");
                }
            }
            else
            {
                errors.Add(property.Name, "is not a field of a document; send 'description', 'category' or both");
            }
        }

        var setsDescription = body.Value.TryGetProperty(DocumentDescription.Field, out _);
        if (!setsDescription && !body.Value.TryGetProperty(DescribeDocument.CategoryField, out _))
        {
            errors.Add(DocumentDescription.Field, "or 'category' is required (send \"\" or null to clear the description)");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await handler.HandleAsync(id, documentId, new DescribeDocument.Change(setsDescription, description, category), http.User, cancellationToken);
        return result.Outcome switch
        {
            DescribeDocument.Outcome.Done or DescribeDocument.Outcome.Unchanged => TypedResults.Ok(result.Document),
            DescribeDocument.Outcome.NoAccess => Problems.Forbidden(result.Reason!),
            DescribeDocument.Outcome.Invalid => result.Errors!.ToProblem(),
            DescribeDocument.Outcome.Filed => Problems.Status(StatusCodes.Status409Conflict, "Document is filed", $"The description cannot be changed: {result.Reason}."),
            _ => Problems.Status(StatusCodes.Status404NotFound, "Not found", result.Reason!),
        };
    }

    // Every grievant of the claim and their working upload link, if any (never the link itself: only its dates).
    private static async Task<IResult> ListLinksAsync(Guid id, HttpContext http, AppDbContext db, MemberLinks.Handler handler, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return Problems.NotFound("The claim");
        }

        if (!MemberLinks.MaySend(http.User, claim))
        {
            return Problems.Forbidden("Only the assigned representative, the MRC or an administrator may see the members' links.");
        }

        var rows = await handler.ActiveByGrievantAsync(id, cancellationToken);
        return TypedResults.Ok(new
        {
            items = rows.Select(r => new
            {
                grievantId = r.Grievant.Id,
                name = r.Grievant.Name,
                email = r.Grievant.Email,
                link = r.Link is { } link ? new { id = link.Id, createdAt = link.CreatedAt, expiresAt = link.ExpiresAt } : null,
            }),
        });
    }

    private static async Task<IResult> CreateLinkAsync(Guid id, long? grievantId, HttpContext http, MemberLinks.Handler handler, CancellationToken cancellationToken)
    {
        var (outcome, link, reason) = await handler.CreateAsync(id, http.User, cancellationToken, grievantId);
        http.Response.Headers.CacheControl = "no-store";
        return outcome switch
        {
            MemberLinks.Outcome.Done => TypedResults.Created($"/api/claims/{id}/member-link", new { id = link!.Id, url = link.Url, expiresAt = link.ExpiresAt }),
            MemberLinks.Outcome.ClaimNotFound => Problems.NotFound("The claim"),
            MemberLinks.Outcome.NoAccess => Problems.Forbidden(reason!),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Claim closed", reason!),
        };
    }

    private static async Task<IResult> RevokeLinkAsync(Guid id, HttpContext http, MemberLinks.Handler handler, CancellationToken cancellationToken)
    {
        var (outcome, _, reason) = await handler.RevokeAsync(id, http.User, cancellationToken);
        return outcome switch
        {
            MemberLinks.Outcome.Done => TypedResults.NoContent(),
            MemberLinks.Outcome.ClaimNotFound => Problems.NotFound("The claim"),
            _ => Problems.Forbidden(reason!),
        };
    }

    private static async Task<IResult> MemberStatusAsync(string token, HttpContext http, MemberLinks.Handler links, AppDbContext db, CallCenterRecognition.Workflows.WorkflowEngine engine, DocumentText.MemberUploads uploads, CancellationToken cancellationToken)
    {
        var (resolution, link, claim) = await links.ResolveAsync(token, cancellationToken);
        if (resolution != MemberLinks.Resolution.Valid)
        {
            return LinkProblem(resolution);
        }

        var stage = engine.Registry.Find(claim!.DefinitionId, claim.DefinitionVersion)?.StagesById.GetValueOrDefault(claim.Stage);
        return TypedResults.Ok(new
        {
            number = claim.Number,
            stage = stage?.NameIn(Language.MemberCulture.Language(http)) ?? claim.Stage,
            stageDescription = stage?.DescriptionIn(Language.MemberCulture.Language(http)),
            checklist = await Checklist.ForClaimAsync(db, claim.Id, cancellationToken),
            sent = await uploads.ListAsync(link!, cancellationToken),
        });
    }

    private static async Task<IResult> MemberUploadAsync(string token, HttpContext http, MemberLinks.Handler links, DocumentStore store, UploadDocument.Handler handler, CancellationToken cancellationToken)
    {
        var (resolution, link, _) = await links.ResolveAsync(token, cancellationToken);
        if (resolution != MemberLinks.Resolution.Valid)
        {
            return LinkProblem(resolution);
        }

        var (command, problem) = await ReadUploadAsync(http, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await handler.AsMemberAsync(link!, command!, cancellationToken);
        if (result.Outcome != UploadDocument.Outcome.Done)
        {
            return ToResult(result, http);
        }

        // The member gets back what they sent, not a link into the staff API.
        var d = result.Document!;
        return TypedResults.Json(new MemberUploadReceipt(d.Id, d.Category, d.CategoryTitle, d.FileName, d.Description, d.ContentType, d.Size, d.UploadedAt), statusCode: StatusCodes.Status201Created);
    }

    public static IResult LinkProblem(MemberLinks.Resolution resolution) => resolution == MemberLinks.Resolution.Gone
        ? Problems.Status(StatusCodes.Status410Gone, "Link no longer works", "This upload link has expired or was replaced. Ask your representative for a new link.")
        : Problems.Status(StatusCodes.Status404NotFound, "Not found", "This upload link is not valid. Ask your representative for a new link.");

    internal static async Task<IResult?> VisibleClaimAsync(Guid id, HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return Problems.NotFound("The claim");
        }

        return http.User.CanSee(claim) ? null : Problems.Forbidden("You may see only claims assigned to you.");
    }
}
