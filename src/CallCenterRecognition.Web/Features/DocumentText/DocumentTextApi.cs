using CallCenterRecognition.Evidence;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCenterRecognition.Web.Features.DocumentText;

public sealed record PageText(int Page, string Text);

public sealed record DocumentTextPages(Guid DocumentId, string Status, string? Reason, int OcrPages, IReadOnlyList<PageText> Pages);

public static class DocumentTextApi
{
    public static void AddDocumentText(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<DocumentTextOptions>(builder.Configuration.GetSection("DocumentText"));
        var ocr = builder.Configuration.GetSection("DocumentText:Ocr").Get<OcrOptions>() ?? new OcrOptions();
        services.AddSingleton(new OcrEngine(ocr));
        services.AddSingleton<TextExtractor>();
        services.AddSingleton<CategorySuggestions>();
        services.AddSingleton<DocumentReaderSignal>();
        services.AddHostedService<DocumentReaderService>();
        services.AddScoped<ReadDocumentText.Handler>();
        services.AddScoped<SearchDocuments.Handler>();
        services.AddScoped<QuoteHighlight.Handler>();
        services.AddScoped<MemberUploads>();
        services.AddHealthChecks().AddCheck<OcrHealthCheck>("ocr", tags: ["ready"]);
    }

    public static void MapDocumentTextApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", SearchAsync).RequireAuthorization(Policies.Staff).WithName("SearchDocuments")
            .Produces<SearchResults>().ProducesValidationProblem();
        var claims = app.MapGroup("/api/claims/{id:guid}").RequireAuthorization(Policies.Staff);
        claims.MapGet("/documents/{documentId:guid}/text", TextAsync).WithName("GetDocumentText").Produces<DocumentTextPages>().ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapPost("/statement/quotes", QuoteAsync).WithName("QuoteHighlight")
            .Accepts<QuoteHighlight.Command>("application/json").Produces<ClaimView>().ProducesValidationProblem()
            .Produces<ApiShapes.ClaimClosedProblem>(StatusCodes.Status409Conflict, "application/problem+json").Produces<ApiShapes.ClaimChangedProblem>(StatusCodes.Status412PreconditionFailed, "application/problem+json");
    }

    private static async Task<IResult> SearchAsync(string? q, Guid? claimId, int? limit, HttpContext http, SearchDocuments.Handler handler, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(q))
        {
            errors.Add("q", "is required: the words to find");
        }
        else if (q.Length > SearchDocuments.MaxQueryLength)
        {
            errors.Add("q", $"must be at most {SearchDocuments.MaxQueryLength} characters");
        }

        if (limit is < 1 or > SearchDocuments.MaxLimit)
        {
            errors.Add("limit", $"must be between 1 and {SearchDocuments.MaxLimit}");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await handler.HandleAsync(q!, claimId, limit ?? SearchDocuments.DefaultLimit, http.User, cancellationToken));
    }

    private static async Task<IResult> TextAsync(Guid id, Guid documentId, HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        if (await DocumentsApi.VisibleClaimAsync(id, http, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.ClaimId == id && d.DeletedAt == null, cancellationToken);
        if (document is null)
        {
            return Problems.NotFound("The document");
        }

        var pages = await db.DocumentTextPages.AsNoTracking().Where(p => p.DocumentId == documentId).OrderBy(p => p.Page).Select(p => new PageText(p.Page, p.Text)).ToListAsync(cancellationToken);
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Ok(new DocumentTextPages(documentId, document.TextStatus, document.TextReason, document.TextOcrPages, pages));
    }

    private static async Task<IResult> QuoteAsync(Guid id, HttpContext http, AppDbContext db, QuoteHighlight.Handler handler, ClaimViewBuilder views, CancellationToken cancellationToken)
    {
        if (await DocumentsApi.VisibleClaimAsync(id, http, db, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (command, problem) = await JsonBody.ReadAsync<QuoteHighlight.Command>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await ClaimsApi.StatementResultAsync(await handler.HandleAsync(id, command!, http.User, cancellationToken), http, views, cancellationToken);
    }
}

// Ready without OCR, but saying so: images and scanned pages are kept unread until it is installed.
public sealed class OcrHealthCheck(OcrEngine ocr) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await ocr.ProbeAsync().WaitAsync(cancellationToken);
        return ocr.IsAvailable ? HealthCheckResult.Healthy("OCR available") : HealthCheckResult.Degraded(ocr.UnavailableReason);
    }
}
