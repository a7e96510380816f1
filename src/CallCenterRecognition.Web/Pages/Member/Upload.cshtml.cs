using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Language;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

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
    Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery,
    IStringLocalizer<MemberText> text,
    DocumentCategoryText categories,
    Features.DocumentText.MemberUploads uploads) : PageModel
{
    public IStringLocalizer<MemberText> Text => text;

    public DocumentCategoryText Categories => categories;

    // The language the page is in (the request culture chose it: see MemberCulture).
    public string Language => MemberCulture.Language(HttpContext);

    public bool Gone { get; private set; }

    public string Number { get; private set; } = string.Empty;

    public string StageName { get; private set; } = string.Empty;

    public string? StageDescription { get; private set; }

    public IReadOnlyList<ChecklistItem> Checklist { get; private set; } = [];

    public IReadOnlyList<Features.DocumentText.SentDocument> Sent { get; private set; } = [];

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
            Success = count == 1 ? text["Result.OneFile"] : string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Result.Files"], count);
        }

        return Page();
    }

    // The member's own choice of language, remembered for the member's pages only; the page then reloads in it.
    // An expired link may still switch: its "ask for a new link" page is read in the member's language too.
    public async Task<IActionResult> OnPostLanguageAsync(string token, string? lang)
    {
        NoIndex();
        var (resolution, _, _) = await links.ResolveAsync(token, HttpContext.RequestAborted);
        if (resolution == MemberLinks.Resolution.Unknown)
        {
            return NotFound();
        }

        if (!await antiforgery.IsRequestValidAsync(HttpContext) || MemberLanguages.Normalize(lang) is not { } language)
        {
            return BadRequest();
        }

        MemberCulture.Remember(Response, language);
        return Redirect("/member/" + token);
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
            return WantsJson ? new JsonResult(new { ok = false, message = text["Error.LinkGone"].Value }) { StatusCode = resolution == MemberLinks.Resolution.Gone ? 410 : 404 } : await GetGoneAsync(token);
        }

        var (commands, problem) = await DocumentsApi.ReadUploadsAsync(HttpContext, store, MaxFilesPerPost, cancellationToken);
        Description = commands?[0].Description;
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return await RefuseAsync(token!, StatusCodes.Status400BadRequest, text["Error.Expired"], cancellationToken);
        }

        if (problem is not null)
        {
            var status = problem is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status400BadRequest;
            return await RefuseAsync(token!, status, status == StatusCodes.Status413PayloadTooLarge
                ? Format("Error.TooLarge", UploadDocument.Size(store.MaxBytes), MaxFilesPerPost)
                : Format("Error.Unreadable", MaxFilesPerPost), cancellationToken);
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
            var sentence = Sentence(result);
            failures.Add(commands.Count == 1 || string.IsNullOrEmpty(command.FileName)
                ? sentence + " " + text["Error.NothingSaved"]
                : Format("Error.FileNotSaved", command.FileName, sentence));
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

    private string Received(IReadOnlyList<string> names) =>
        names.Count == 1 ? Format("Result.ReceivedOne", names[0]) : Format("Result.ReceivedMany", string.Join(text["List.Separator"], names));

    private string Format(string key, params object[] values) => string.Format(System.Globalization.CultureInfo.CurrentCulture, text[key].Value, values);

    // Why one upload was refused, in the member's words (the staff page's sentences name fields).
    private string Sentence(UploadDocument.Result result) => result.Outcome switch
    {
        UploadDocument.Outcome.Empty => text["Error.Empty"],
        UploadDocument.Outcome.TooLarge => Format("Error.FileTooLarge", UploadDocument.Size(store.MaxBytes)),
        UploadDocument.Outcome.UnsupportedType => text["Error.Unsupported"],
        UploadDocument.Outcome.Closed => text["Error.Closed"],
        UploadDocument.Outcome.ClaimNotFound or UploadDocument.Outcome.NoAccess => text["Error.LinkGone"],
        _ when result.Errors?.ToDictionary() is { } errors && errors.ContainsKey(DocumentDescription.Field) => Format("Error.DescriptionTooLong", DocumentDescription.MaxLength),
        _ when result.Errors?.ToDictionary() is { } errors && errors.ContainsKey("category") => text["Error.Category"],
        _ when result.Errors?.ToDictionary() is { } errors && errors.ContainsKey("file") => text["Upload.ChooseFirst"],
        _ => Claims.DocumentsModel.Sentence(result).Replace(" Nothing was saved.", string.Empty, StringComparison.Ordinal),
    };

    // The words the page's script writes, handed over as JSON in a data attribute (no inline script).
    public string ScriptTexts() => System.Text.Json.JsonSerializer.Serialize(new[]
    {
        "Upload.Sending", "Upload.SendingFile", "Upload.Waiting", "Upload.Received", "Upload.NotSaved", "Upload.ChooseFirst", "Upload.TooMany",
        "Upload.ConnectionFailed", "Upload.Failed", "Result.ReceivedOne", "Result.ReceivedMany", "Error.FileNotSaved", "Error.Empty",
        "Error.Unsupported", "Error.Closed", "Error.LinkGone", "Error.Category", "Checklist.Received", "Checklist.NotReceived", "List.Separator",
    }.ToDictionary(k => k, k => text[k].Value).Concat(new Dictionary<string, string>
    {
        ["Error.FileTooLarge"] = Format("Error.FileTooLarge", UploadDocument.Size(store.MaxBytes)),
        ["Error.DescriptionTooLong"] = Format("Error.DescriptionTooLong", DocumentDescription.MaxLength),
    }).ToDictionary());

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
        var (resolution, link, claim) = await links.ResolveAsync(token, cancellationToken);
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
        StageName = stage?.NameIn(Language) ?? claim.Stage;
        StageDescription = stage?.DescriptionIn(Language);
        Checklist = await Features.Documents.Checklist.ForClaimAsync(db, claim.Id, cancellationToken);
        Sent = await uploads.ListAsync(link!, cancellationToken);
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
