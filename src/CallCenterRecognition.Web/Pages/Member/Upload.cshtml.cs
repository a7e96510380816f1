using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CallCenterRecognition.Web.Pages.Member;

// What a member sees through the e-mailed link: the claim number, the stage in plain words, the checklist and an upload form; nothing else.
[AllowAnonymous]
[EnableRateLimiting(Security.MemberLinkLimit)]
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class UploadModel(
    MemberLinks.Handler links,
    AppDbContext db,
    DocumentStore store,
    UploadDocument.Handler upload,
    WorkflowEngine engine,
    Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) : PageModel
{
    public bool Gone { get; private set; }

    public string Number { get; private set; } = string.Empty;

    public string StageName { get; private set; } = string.Empty;

    public string? StageDescription { get; private set; }

    public IReadOnlyList<ChecklistItem> Checklist { get; private set; } = [];

    public string? Success { get; private set; }

    public string? Error { get; private set; }

    public long MaxBytes => store.MaxBytes;

    // What the member typed, kept when the upload is refused so they need not type it again.
    public string? Description { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, string? uploaded, CancellationToken cancellationToken)
    {
        NoIndex();
        if (!await LoadAsync(token, cancellationToken))
        {
            return Page();
        }

        if (uploaded is not null)
        {
            Success = "Thank you: your file was received.";
        }

        return Page();
    }

    // No handler parameters: binding them would read the form before the upload limit is set.
    public async Task<IActionResult> OnPostUploadAsync()
    {
        NoIndex();
        var cancellationToken = HttpContext.RequestAborted;
        var token = RouteData.Values["token"]?.ToString();
        var (resolution, link, _) = await links.ResolveAsync(token, cancellationToken);
        if (resolution != MemberLinks.Resolution.Valid)
        {
            return WantsJson ? new JsonResult(new { ok = false, message = "This link no longer works. Ask your representative for a new link." }) { StatusCode = resolution == MemberLinks.Resolution.Gone ? 410 : 404 } : await GetGoneAsync(token);
        }

        var (command, problem) = await DocumentsApi.ReadUploadAsync(HttpContext, store, cancellationToken);
        Description = command?.Description;
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return await RefuseAsync(token!, StatusCodes.Status400BadRequest, "The page has expired. Reload it and try again.", cancellationToken);
        }

        if (problem is not null)
        {
            var status = problem is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status400BadRequest;
            return await RefuseAsync(token!, status, status == StatusCodes.Status413PayloadTooLarge
                ? $"The file is larger than {UploadDocument.Size(store.MaxBytes)}. Nothing was saved."
                : "The upload could not be read. Nothing was saved.", cancellationToken);
        }

        var result = await upload.AsMemberAsync(link!, command!, cancellationToken);
        if (result.Outcome == UploadDocument.Outcome.Done)
        {
            if (WantsJson)
            {
                return new JsonResult(new { ok = true, message = $"Thank you: {result.Document!.FileName} was received." }) { StatusCode = StatusCodes.Status201Created };
            }

            return Redirect($"/member/{token}?uploaded=1");
        }

        var refused = DocumentsApi.ToResult(result, HttpContext) is IStatusCodeHttpResult { StatusCode: { } refusedCode } ? refusedCode : StatusCodes.Status400BadRequest;
        return await RefuseAsync(token!, refused, Claims.DocumentsModel.Sentence(result), cancellationToken);
    }

    private bool WantsJson => Request.Headers["X-Requested-With"] == "XMLHttpRequest";

    private async Task<IActionResult> RefuseAsync(string token, int status, string message, CancellationToken cancellationToken)
    {
        if (WantsJson)
        {
            return new JsonResult(new { ok = false, message }) { StatusCode = status };
        }

        await LoadAsync(token, cancellationToken);
        Error = message;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<IActionResult> GetGoneAsync(string? token)
    {
        await LoadAsync(token, HttpContext.RequestAborted);
        return Page();
    }

    private async Task<bool> LoadAsync(string? token, CancellationToken cancellationToken)
    {
        var (resolution, _, claim) = await links.ResolveAsync(token, cancellationToken);
        if (resolution != MemberLinks.Resolution.Valid)
        {
            Gone = true;
            Response.StatusCode = resolution == MemberLinks.Resolution.Gone ? StatusCodes.Status410Gone : StatusCodes.Status404NotFound;
            return false;
        }

        var stage = engine.Registry.Find(claim!.DefinitionId, claim.DefinitionVersion)?.StagesById.GetValueOrDefault(claim.Stage);
        Number = claim.Number;
        StageName = stage?.Name ?? claim.Stage;
        StageDescription = stage?.Description;
        Checklist = await Features.Documents.Checklist.ForClaimAsync(db, claim.Id, cancellationToken);
        return true;
    }

    // The token is in the address: keep it out of search engines, caches and referrers.
    private void NoIndex()
    {
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        Response.Headers.CacheControl = "no-store";
    }
}
