using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

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

    public const int MaxFilesPerPost = 5;

    public const string MrcName = "the Member Resource Center";

    public const string MrcPhone = "866.471.SEIU (7348)";

    public const string MrcPhoneLink = "tel:+18664717348";

    public string Token { get; private set; } = string.Empty;

    // The claim's representative, or null when none is assigned yet (the page then names the MRC).
    public Contact? Representative { get; private set; }

    public IReadOnlyList<string> Failures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string token, string? uploaded, CancellationToken cancellationToken)
    {
        NoIndex();
        if (!await LoadAsync(token, cancellationToken))
        {
            return Page();
        }

        if (uploaded is not null)
        {
            var count = int.TryParse(uploaded, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, MaxFilesPerPost) : 1;
            Success = count == 1 ? "Thank you: your file was received." : $"Thank you: your {count} files were received.";
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

        var (commands, problem) = await DocumentsApi.ReadUploadsAsync(HttpContext, store, MaxFilesPerPost, cancellationToken);
        Description = commands?[0].Description;
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return await RefuseAsync(token!, StatusCodes.Status400BadRequest, "The page has expired. Reload it and try again.", cancellationToken);
        }

        if (problem is not null)
        {
            var status = problem is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status400BadRequest;
            return await RefuseAsync(token!, status, status == StatusCodes.Status413PayloadTooLarge
                ? $"The files are larger than {UploadDocument.Size(store.MaxBytes)} each, or there are more than {MaxFilesPerPost}. Nothing was saved."
                : $"The upload could not be read (send at most {MaxFilesPerPost} files at once). Nothing was saved.", cancellationToken);
        }

        var received = new List<string>();
        var failures = new List<string>();
        var refused = StatusCodes.Status400BadRequest;
        foreach (var command in commands!)
        {
            var result = await upload.AsMemberAsync(link!, command, cancellationToken);
            if (result.Outcome == UploadDocument.Outcome.Done)
            {
                received.Add(result.Document!.FileName);
                continue;
            }

            refused = DocumentsApi.ToResult(result, HttpContext) is IStatusCodeHttpResult { StatusCode: { } refusedCode } ? refusedCode : StatusCodes.Status400BadRequest;
            var sentence = Claims.DocumentsModel.Sentence(result);
            failures.Add(commands.Count == 1 || string.IsNullOrEmpty(command.FileName)
                ? sentence
                : $"{command.FileName} was not saved: {sentence.Replace(" Nothing was saved.", string.Empty, StringComparison.Ordinal)}");
        }

        if (failures.Count == 0)
        {
            if (WantsJson)
            {
                return new JsonResult(new { ok = true, message = Received(received) }) { StatusCode = StatusCodes.Status201Created };
            }

            return Redirect($"/member/{token}?uploaded={received.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (received.Count == 0)
        {
            return await RefuseAsync(token!, refused, string.Join(" ", failures), cancellationToken);
        }

        if (WantsJson)
        {
            return new JsonResult(new { ok = false, message = Received(received) + " " + string.Join(" ", failures) }) { StatusCode = refused };
        }

        await LoadAsync(token, cancellationToken);
        Success = Received(received);
        Failures = failures;
        return Page();
    }

    private static string Received(IReadOnlyList<string> names) =>
        names.Count == 1 ? $"Thank you: {names[0]} was received." : $"Thank you: {string.Join(", ", names)} were received.";

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
        Token = token!;
        Number = claim.Number;
        Representative = claim.AssignedRepresentativeId is null
            ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == claim.AssignedRepresentativeId)
                .Select(u => new Contact(u.DisplayName, u.Email, u.PhoneNumber)).FirstOrDefaultAsync(cancellationToken);
        StageName = stage?.Name ?? claim.Stage;
        StageDescription = stage?.Description;
        Checklist = await Features.Documents.Checklist.ForClaimAsync(db, claim.Id, cancellationToken);
        return true;
    }

    public sealed record Contact(string Name, string? Email, string? Phone)
    {
        // Digits and a leading plus only, so a typed "(916) 555-0100 x12" still dials.
        public string? PhoneLink
        {
            get
            {
                var dial = new string([.. (Phone ?? string.Empty).TakeWhile(c => c is not ('x' or 'X' or ',' or ';')).Where(c => char.IsAsciiDigit(c) || c == '+')]);
                return dial.Any(char.IsAsciiDigit) ? "tel:" + dial : null;
            }
        }
    }

    // The token is in the address: keep it out of search engines, caches and referrers.
    private void NoIndex()
    {
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        Response.Headers.CacheControl = "no-store";
    }
}
