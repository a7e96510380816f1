using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CallCenterRecognition.Web.Pages.Claims;

// The claim page's document forms post here: a script asks for JSON (and shows progress), a plain form post gets a page back.
[Authorize(Policy = PagePolicies.Staff)]
[EnableRateLimiting(Security.UploadLimit)]
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class DocumentsModel(
    DocumentStore store,
    UploadDocument.Handler upload,
    DeleteDocument.Handler delete,
    DescribeDocument.Handler describe,
    Features.DocumentText.QuoteHighlight.Handler quote,
    MemberLinks.Handler links,
    ListDocuments.Handler list,
    Data.AppDbContext db,
    Features.Packets.PacketBuildSignal signal,
    TimeProvider time,
    Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) : PageModel
{
    public Guid ClaimId { get; private set; }

    public string Title { get; private set; } = "Documents";

    public string? Error { get; private set; }

    public string? Success { get; private set; }

    public string? LinkUrl { get; private set; }

    public IActionResult OnGet(Guid id) => Redirect($"/claims/{id}#documents");

    // No handler parameters: binding them would read the form before the upload limit is set.
    public async Task<IActionResult> OnPostUploadAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (!Guid.TryParse(RouteData.Values["id"]?.ToString(), out var id))
        {
            return NotFound();
        }

        ClaimId = id;
        Title = "Upload";
        if (await DocumentsApi.VisibleClaimAsync(id, HttpContext, db, cancellationToken) is IStatusCodeHttpResult { StatusCode: { } refusal })
        {
            return refusal == StatusCodes.Status404NotFound ? NotFound() : Refuse(StatusCodes.Status403Forbidden, "You may see only claims assigned to you.");
        }

        // The antiforgery token is checked after the body is read within the upload limit, not by the filter that would read it unbounded.
        var (command, problem) = await DocumentsApi.ReadUploadAsync(HttpContext, store, cancellationToken);
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The form has expired. Reload the claim page and try again.");
        }

        if (problem is not null)
        {
            var status = problem is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status400BadRequest;
            return Refuse(status, status switch
            {
                StatusCodes.Status413PayloadTooLarge => $"The file is larger than the limit of {UploadDocument.Size(store.MaxBytes)}. Nothing was saved.",
                StatusCodes.Status415UnsupportedMediaType => "The upload was not sent as a form with a file. Nothing was saved.",
                _ => "The upload could not be read. Nothing was saved.",
            });
        }

        var result = await upload.AsStaffAsync(id, command!, User, cancellationToken);
        switch (result.Outcome)
        {
            case UploadDocument.Outcome.Done:
                if (WantsJson)
                {
                    return new JsonResult(new { ok = true, message = $"Uploaded {result.Document!.FileName}.", document = result.Document, documents = await list.HandleAsync(id, cancellationToken) })
                    {
                        StatusCode = StatusCodes.Status201Created,
                    };
                }

                return Redirect($"/claims/{id}#documents");
            case UploadDocument.Outcome.ClaimNotFound:
                return NotFound();
            case UploadDocument.Outcome.NoAccess:
                return Refuse(StatusCodes.Status403Forbidden, result.Reason!);
            default:
                var status = DocumentsApi.ToResult(result, HttpContext) is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status400BadRequest;
                return Refuse(status, Sentence(result));
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid documentId, CancellationToken cancellationToken)
    {
        ClaimId = id;
        Title = "Delete a document";
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The form has expired. Reload the claim page and try again.");
        }

        var (outcome, reason) = await delete.HandleAsync(id, documentId, User, cancellationToken);
        return outcome switch
        {
            DeleteDocument.Outcome.Done => Redirect($"/claims/{id}#documents"),
            DeleteDocument.Outcome.NoAccess => Refuse(StatusCodes.Status403Forbidden, reason!),
            DeleteDocument.Outcome.Filed => Refuse(StatusCodes.Status409Conflict, $"The document cannot be deleted: {reason}."),
            _ => Refuse(StatusCodes.Status404NotFound, reason!),
        };
    }

    // Set when a description was refused: the form comes back with what was typed and the message beside it.
    public DescribeForm? Describe { get; private set; }

    public sealed record DescribeForm(Guid DocumentId, string FileName, string? Value, string Error);

    public async Task<IActionResult> OnPostDescribeAsync(Guid id, Guid documentId, string? description, CancellationToken cancellationToken)
    {
        ClaimId = id;
        Title = "Describe a document";
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The form has expired. Reload the claim page and try again.");
        }

        var result = await describe.HandleAsync(id, documentId, description, User, cancellationToken);
        switch (result.Outcome)
        {
            case DescribeDocument.Outcome.Done or DescribeDocument.Outcome.Unchanged:
                return Redirect($"/claims/{id}#documents");
            case DescribeDocument.Outcome.NoAccess:
                return Refuse(StatusCodes.Status403Forbidden, result.Reason!);
            case DescribeDocument.Outcome.Filed:
                return Refuse(StatusCodes.Status409Conflict, $"The description cannot be changed: {result.Reason}. Nothing was saved.");
            case DescribeDocument.Outcome.Invalid:
                var messages = result.Errors!.ToDictionary().GetValueOrDefault(DocumentDescription.Field) ?? [];
                Describe = new DescribeForm(documentId, result.Document!.FileName, description, $"The description {string.Join(", ", messages)}.");
                return Refuse(StatusCodes.Status400BadRequest, "The description was not saved; see the message beside it.");
            default:
                return Refuse(StatusCodes.Status404NotFound, result.Reason!);
        }
    }

    // Confirms the category as it stands, or changes it; either settles it and teaches the suggester.
    public async Task<IActionResult> OnPostCategoryAsync(Guid id, Guid documentId, string? category, CancellationToken cancellationToken)
    {
        ClaimId = id;
        Title = "Document category";
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The form has expired. Reload the claim page and try again.");
        }

        var result = await describe.HandleAsync(id, documentId, new DescribeDocument.Change(false, null, category ?? string.Empty), User, cancellationToken);
        return result.Outcome switch
        {
            DescribeDocument.Outcome.Done or DescribeDocument.Outcome.Unchanged => Redirect($"/claims/{id}#document-{documentId}"),
            DescribeDocument.Outcome.NoAccess => Refuse(StatusCodes.Status403Forbidden, result.Reason!),
            DescribeDocument.Outcome.Filed => Refuse(StatusCodes.Status409Conflict, $"The category cannot be changed: {result.Reason}. Nothing was saved."),
            DescribeDocument.Outcome.Invalid => Refuse(StatusCodes.Status400BadRequest, "Choose one of the listed categories. Nothing was saved."),
            _ => Refuse(StatusCodes.Status404NotFound, result.Reason!),
        };
    }

    // Adds a highlight to the end of the statement of facts, quoted and cited.
    public async Task<IActionResult> OnPostQuoteAsync(Guid id, Guid documentId, int highlight, int version, CancellationToken cancellationToken)
    {
        ClaimId = id;
        Title = "Quote in the statement";
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The form has expired. Reload the claim page and try again.");
        }

        var result = await quote.HandleAsync(id, new Features.DocumentText.QuoteHighlight.Command(documentId, highlight, version), User, cancellationToken);
        return result.Outcome switch
        {
            Features.Claims.EditStatement.Outcome.Done or Features.Claims.EditStatement.Outcome.Unchanged => Redirect($"/claims/{id}#statement"),
            Features.Claims.EditStatement.Outcome.Forbidden => Refuse(StatusCodes.Status403Forbidden, result.Reason!),
            Features.Claims.EditStatement.Outcome.Locked => Refuse(StatusCodes.Status409Conflict, $"The quote was not added: {result.Reason}."),
            Features.Claims.EditStatement.Outcome.Stale => Refuse(StatusCodes.Status409Conflict, "Someone changed the claim since you opened it. Reload the claim page and add the quote again; nothing was saved."),
            Features.Claims.EditStatement.Outcome.ClaimNotFound => NotFound(),
            _ => Refuse(StatusCodes.Status400BadRequest, "The quote was not added: " + string.Join("; ", result.Errors!.ToDictionary().SelectMany(e => e.Value.Select(m => $"{e.Key} {m}"))) + "."),
        };
    }

    public async Task<IActionResult> OnPostLinkAsync(Guid id, long? grievantId, CancellationToken cancellationToken)
    {
        ClaimId = id;
        Title = "Member upload link";
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The form has expired. Reload the claim page and try again.");
        }

        var (outcome, link, reason) = await links.CreateAsync(id, User, cancellationToken, grievantId);
        switch (outcome)
        {
            case MemberLinks.Outcome.Done:
                Response.Headers.CacheControl = "no-store";
                LinkUrl = link!.Url;
                Success = "The link was e-mailed to the member. It is shown here once, in case you need to read it to them.";
                return Page();
            case MemberLinks.Outcome.ClaimNotFound:
                return NotFound();
            case MemberLinks.Outcome.NoAccess:
                return Refuse(StatusCodes.Status403Forbidden, reason!);
            default:
                return Refuse(StatusCodes.Status409Conflict, reason!);
        }
    }

    public async Task<IActionResult> OnPostPacketAsync(Guid id, CancellationToken cancellationToken)
    {
        ClaimId = id;
        Title = "Grievance packet";
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The form has expired. Reload the claim page and try again.");
        }

        var claim = await db.Claims.FindAsync([id], cancellationToken);
        if (claim is null)
        {
            return NotFound();
        }

        if (!User.CanSee(claim))
        {
            return Refuse(StatusCodes.Status403Forbidden, "You may see only claims assigned to you.");
        }

        var build = await Features.Packets.PacketsApi.StartBuildAsync(db, signal, time, id, User.Id(), cancellationToken);
        if (WantsJson)
        {
            return new JsonResult(new { ok = true, build }) { StatusCode = StatusCodes.Status202Accepted };
        }

        Success = "The packet is being built. It takes a moment; then download it here.";
        LinkUrl = null;
        DownloadUrl = build.StatusUrl + "/content";
        return Page();
    }

    public string? DownloadUrl { get; private set; }

    public async Task<IActionResult> OnPostRevokeLinkAsync(Guid id, CancellationToken cancellationToken)
    {
        ClaimId = id;
        Title = "Member upload link";
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The form has expired. Reload the claim page and try again.");
        }

        var (outcome, _, reason) = await links.RevokeAsync(id, User, cancellationToken);
        return outcome switch
        {
            MemberLinks.Outcome.Done => Redirect($"/claims/{id}#member-link"),
            MemberLinks.Outcome.ClaimNotFound => NotFound(),
            _ => Refuse(StatusCodes.Status403Forbidden, reason!),
        };
    }

    private bool WantsJson => Request.Headers["X-Requested-With"] == "XMLHttpRequest";

    private IActionResult Refuse(int status, string message)
    {
        if (WantsJson)
        {
            return new JsonResult(new { ok = false, message }) { StatusCode = status };
        }

        Error = message;
        Response.StatusCode = status;
        return Page();
    }

    internal static string Sentence(UploadDocument.Result result)
    {
        var detail = result.Errors is { } errors
            ? string.Join(" ", errors.ToDictionary().Select(e => $"The {e.Key switch { "file" => "file", DocumentDescription.Field => "description", _ => "category" }} {string.Join(", ", e.Value)}."))
            : result.Reason + ".";
        return detail + " Nothing was saved.";
    }
}
