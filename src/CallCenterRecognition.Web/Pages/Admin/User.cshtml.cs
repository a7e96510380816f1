using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Departments;
using CallCenterRecognition.Web.Features.Referral;
using CallCenterRecognition.Web.Features.Users;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Pages.Admin;

[Authorize(Policy = PagePolicies.Admin)]
public sealed class UserModel(AppDbContext db, ListUsers.Handler list, UpdateUser.Handler update, SendPasswordReset.Handler reset, ReassignCaseload.Handler reassign, ListRepresentatives.Handler representatives, WorkflowEngine engine, LocalClock clock) : PageModel
{
    public sealed record OpenClaim(Guid Id, string Number, string StageName, DateTimeOffset? DueAt);

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public bool Invited { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    [BindProperty]
    public bool Active { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public List<string> Departments { get; set; } = [];

    // More departments by code, name or alias, typed comma-separated.
    [BindProperty]
    public string? OtherDepartments { get; set; }

    // Every active department on the list, plus any this account already covers: the checkboxes of the form.
    public IReadOnlyList<string> KnownDepartments { get; private set; } = [];

    // Turning an account off ends its sessions at once: the form asks for a second, explicit yes.
    [BindProperty]
    public bool ConfirmDeactivate { get; set; }

    [BindProperty]
    public string? ToRepresentativeId { get; set; }

    // Active representatives other than this account, for "Move all open claims to…"; filled only when there are claims to move.
    public IReadOnlyList<ListRepresentatives.Item> Representatives { get; private set; } = [];

    public ReassignCaseload.Result? Reassigned { get; private set; }

    public string? ReassignedTo { get; private set; }

    public UserView? Account { get; private set; }

    public IReadOnlyList<AccountAudit.Entry> History { get; private set; } = [];

    public IReadOnlyList<OpenClaim> Claims { get; private set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Message { get; private set; }

    public string When(DateTimeOffset? value) => value is null ? "never" : DisplayDates.DateTime(value, clock.Zone);

    public string Date(DateTimeOffset? value) => DisplayDates.Date(value, clock.Zone);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        FillForm();
        Message = Invited ? $"Invitation e-mailed to {Account!.Email}." : null;
        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync(CancellationToken cancellationToken)
    {
        string[] departments = [.. Departments, .. (OtherDepartments ?? string.Empty).Split(',')];
        var command = new UpdateUser.Command(DisplayName, Active, [.. Roles], Phone ?? string.Empty, departments);
        var errors = UpdateUser.Validate(command);
        if (!Active && !ConfirmDeactivate && await list.OneAsync(Id, cancellationToken) is { Active: true })
        {
            errors.Add("active", "Tick the confirmation to deactivate this account: it will be signed out everywhere and cannot sign in.");
        }
        if (!errors.Any)
        {
            var actor = User.ToActor();
            var result = await update.HandleAsync(Id, command, actor.Id, actor.Name);
            switch (result.Outcome)
            {
                case UpdateUser.Outcome.Done:
                    return Redirect($"/admin/users/{Id}");
                case UpdateUser.Outcome.NotFound:
                    return NotFound();
                case UpdateUser.Outcome.Invalid:
                    Response.StatusCode = StatusCodes.Status400BadRequest;
                    errors = result.Errors!;
                    break;
                default:
                    Response.StatusCode = StatusCodes.Status409Conflict;
                    errors.Add("body", result.Reason!);
                    break;
            }
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        foreach (var (field, messages) in errors.ToDictionary())
        {
            Errors[field] = string.Join(" ", messages);
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken cancellationToken)
    {
        var actor = User.ToActor();
        var result = await reset.HandleAsync(Id, actor.Id, actor.Name, cancellationToken);
        if (result.Outcome == SendPasswordReset.Outcome.NotFound)
        {
            return NotFound();
        }

        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        FillForm();
        if (result.Outcome == SendPasswordReset.Outcome.Done)
        {
            Message = $"A new password link was e-mailed to {Account!.Email}; it works until {When(result.ExpiresAt)}. Earlier links no longer work.";
        }
        else
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            Errors["body"] = "This account is deactivated; reactivate it before sending a password link.";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostReassignAsync(CancellationToken cancellationToken)
    {
        var result = await reassign.HandleAsync(Id, new ReassignCaseload.Command(ToRepresentativeId), User, cancellationToken);
        if (result.Outcome == ReassignCaseload.Outcome.NotFound || !await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        FillForm();
        if (result.Outcome == ReassignCaseload.Outcome.Invalid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            foreach (var (field, messages) in result.Errors!.ToDictionary())
            {
                Errors[field] = string.Join(" ", messages);
            }

            return Page();
        }

        Reassigned = result;
        ReassignedTo = (await ClaimQueries.PersonAsync(db, ToRepresentativeId!.Trim()))?.Name;
        ToRepresentativeId = null;
        return Page();
    }

    public static string ClaimCount(int count) => count == 1 ? "1 open claim" : $"{count} open claims";

    private void FillForm()
    {
        DisplayName = Account!.DisplayName;
        Roles = [.. Account.Roles];
        Active = Account.Active;
        Phone = Account.Phone;
        Departments = [.. Account.Departments];
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Account = await list.OneAsync(Id, cancellationToken);
        if (Account is null)
        {
            return false;
        }

        History = await AccountAudit.HistoryAsync(db, Id, cancellationToken);
        var listed = (await DepartmentList.LoadAsync(db, cancellationToken)).Active.Select(d => d.Code);
        KnownDepartments = DepartmentCoverage.Clean([.. Account.Departments, .. listed]);
        var rows = await db.Claims.AsNoTracking().Where(c => c.AssignedRepresentativeId == Id && !c.IsClosed)
            .Select(c => new { c.Id, c.Number, c.DefinitionId, c.DefinitionVersion, c.Stage, c.DueAt }).ToListAsync(cancellationToken);
        Claims = [.. rows.OrderBy(c => c.DueAt ?? DateTimeOffset.MaxValue).Select(c => new OpenClaim(c.Id, c.Number, ClaimMapping.StageName(engine, c.DefinitionId, c.DefinitionVersion, c.Stage), c.DueAt))];
        Representatives = Claims.Count == 0 ? [] : [.. (await representatives.HandleAsync(cancellationToken)).Where(r => r.Id != Id)];
        return true;
    }
}
