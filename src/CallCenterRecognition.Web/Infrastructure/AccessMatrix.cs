namespace CallCenterRecognition.Web.Infrastructure;

/// <summary>Who may reach an endpoint or page. Representative access is split by whether the claim is assigned to them.</summary>
[Flags]
public enum Who
{
    Nobody = 0,
    Anonymous = 1,
    MemberLink = 2,
    Mrc = 4,
    RepresentativeOwn = 8,
    RepresentativeOther = 16,
    Ccwg = 32,
    Admin = 64,

    Representative = RepresentativeOwn | RepresentativeOther,
    SendsMemberLinks = Mrc | RepresentativeOwn | Admin,
    SeeAllClaims = Mrc | Ccwg | Admin,
    Staff = SeeAllClaims | Representative,
    ClaimViewers = SeeAllClaims | RepresentativeOwn,
    Everyone = Anonymous | MemberLink | Staff,
}

/// <summary>One endpoint or page: method, route pattern as mapped, what it is for, who may use it,
/// and whether a request signed in by the cookie must also carry the antiforgery token (a bearer token never needs it).</summary>
public sealed record AccessRule(string Method, string Route, string Purpose, Who Allowed, bool CookieNeedsAntiforgery = false);

// The one table of who may do what. Each endpoint enforces its own rule (policies, the claim-visibility check, member tokens);
// AuthorizationMatrixTests walks this table over HTTP for every kind of caller and fails on any endpoint it does not name.
public static class AccessMatrix
{
    // Identity's account-recovery endpoints assume self-service e-mail flows; here an administrator manages accounts.
    public static readonly string[] ClosedIdentityEndpoints =
        ["/register", "/confirmEmail", "/resendConfirmationEmail", "/forgotPassword", "/resetPassword"];

    public static readonly IReadOnlyList<AccessRule> Rules =
    [
        new("GET", "/health/live", "liveness probe", Who.Everyone),
        new("GET", "/health/ready", "readiness probe", Who.Everyone),

        new("POST", "/api/auth/login", "exchange e-mail and password for a bearer token or cookie", Who.Everyone),
        new("POST", "/api/auth/refresh", "exchange a refresh token for a new bearer token", Who.Everyone),
        new("POST", "/api/auth/register", "closed: accounts are created by an administrator", Who.Nobody),
        new("GET", "/api/auth/confirmEmail", "closed", Who.Nobody),
        new("POST", "/api/auth/resendConfirmationEmail", "closed", Who.Nobody),
        new("POST", "/api/auth/forgotPassword", "closed", Who.Nobody),
        new("POST", "/api/auth/resetPassword", "closed", Who.Nobody),
        new("POST", "/api/auth/manage/2fa", "own two-factor settings", Who.Staff, CookieNeedsAntiforgery: true),
        new("GET", "/api/auth/manage/info", "own account", Who.Staff),
        new("POST", "/api/auth/manage/info", "change own e-mail or password", Who.Staff, CookieNeedsAntiforgery: true),

        new("GET", "/api/workflows", "loaded workflow definitions", Who.Staff),
        new("GET", "/api/workflows/{definitionId}", "one definition", Who.Staff),
        new("GET", "/api/workflows/{definitionId}/diagram", "a definition as Mermaid text", Who.Staff),
        new("GET", "/api/workflows/{definitionId}/versions", "stored versions, the published one, open claims on each", Who.Staff),
        new("GET", "/api/workflows/{definitionId}/versions/{version:int}/diff", "what changed between two versions", Who.Staff),
        new("POST", "/api/workflows", "store a new version of a definition (validated, unpublished)", Who.Admin, CookieNeedsAntiforgery: true),
        new("POST", "/api/workflows/{definitionId}/versions/{version:int}/publish", "start new claims on a version", Who.Admin, CookieNeedsAntiforgery: true),
        new("POST", "/api/workflows/{definitionId}/migrations", "dry-run or start moving open claims to another version", Who.Admin, CookieNeedsAntiforgery: true),
        new("GET", "/api/workflows/{definitionId}/migrations/{migrationId:guid}", "a migration's progress", Who.Admin),
        new("GET", "/api/representatives", "active representatives with phone, departments covered and open-claim counts; ?department= puts those covering it first, least loaded first", Who.Staff),
        new("GET", "/api/departments", "active departments with code, name and aliases", Who.Staff),
        new("GET", "/api/calendar/holidays", "a year's state office holidays and closures", Who.Staff),

        new("POST", "/api/claims/", "open a claim at intake", Who.SeeAllClaims, CookieNeedsAntiforgery: true),
        new("GET", "/api/claims/", "list claims (a representative sees own)", Who.Staff),
        new("GET", "/api/claims/duplicates", "open claims of the same member or unit (a representative: among own claims)", Who.Staff),
        new("GET", "/api/claims/{id:guid}", "one claim", Who.ClaimViewers),
        new("PATCH", "/api/claims/{id:guid}", "correct an open claim's member, unit or description (Mrc, Ccwg, Admin, its representative)", Who.ClaimViewers, CookieNeedsAntiforgery: true),
        new("PUT", "/api/claims/{id:guid}/statement", "write the grievance's statement of facts, date of occurrence and differential date while documents are open (Mrc, Ccwg, Admin, its representative)", Who.ClaimViewers, CookieNeedsAntiforgery: true),
        new("POST", "/api/claims/{id:guid}/actions/{actionId}", "fire a workflow action (the definition's roles apply on top)", Who.ClaimViewers, CookieNeedsAntiforgery: true),
        new("GET", "/api/claims/{id:guid}/journal", "a claim's journal", Who.ClaimViewers),
        new("GET", "/api/claims/{id:guid}/journal/verify", "verify a claim's hash chain", Who.ClaimViewers),
        new("GET", "/api/claims/{id:guid}/reminders", "a claim's reminders", Who.ClaimViewers),
        new("POST", "/api/claims/{id:guid}/documents", "upload evidence (multipart file, category)", Who.ClaimViewers, CookieNeedsAntiforgery: true),
        new("GET", "/api/claims/{id:guid}/documents", "a claim's documents and checklist", Who.ClaimViewers),
        new("GET", "/api/claims/{id:guid}/documents/{documentId:guid}", "one document's metadata", Who.ClaimViewers),
        new("GET", "/api/claims/{id:guid}/documents/{documentId:guid}/content", "download a document as an attachment", Who.ClaimViewers),
        new("DELETE", "/api/claims/{id:guid}/documents/{documentId:guid}", "delete a document before filing", Who.ClaimViewers, CookieNeedsAntiforgery: true),
        new("PATCH", "/api/claims/{id:guid}/documents/{documentId:guid}", "change a document's one-line description before filing", Who.ClaimViewers, CookieNeedsAntiforgery: true),
        new("POST", "/api/claims/{id:guid}/member-link", "e-mail the member an upload link", Who.SendsMemberLinks, CookieNeedsAntiforgery: true),
        new("DELETE", "/api/claims/{id:guid}/member-link", "revoke the member's upload link", Who.SendsMemberLinks, CookieNeedsAntiforgery: true),
        new("GET", "/api/member/{token}/", "the member's view: number, stage in plain words, checklist", Who.MemberLink),
        new("POST", "/api/member/{token}/documents", "member uploads evidence", Who.MemberLink),
        new("GET", "/api/claims/{id:guid}/packet.pdf", "the grievance packet (the filed one once filed)", Who.ClaimViewers),
        new("GET", "/api/claims/{id:guid}/packet.zip", "the packet with every original", Who.ClaimViewers),
        new("POST", "/api/claims/{id:guid}/packet/builds", "start a background packet build", Who.ClaimViewers, CookieNeedsAntiforgery: true),
        new("GET", "/api/claims/{id:guid}/packet/builds/{buildId:guid}", "progress of a packet build", Who.ClaimViewers),
        new("GET", "/api/claims/{id:guid}/packet/builds/{buildId:guid}/content", "a finished packet build", Who.ClaimViewers),
        new("GET", "/api/claims/{id:guid}/access-log", "who opened the claim or downloaded its documents and packets", Who.Admin),
        new("GET", "/api/admin/users", "staff accounts with roles and whether they may sign in", Who.Admin),
        new("POST", "/api/admin/users", "invite a staff member: an account with no password and an e-mailed one-time link", Who.Admin, CookieNeedsAntiforgery: true),
        new("PATCH", "/api/admin/users/{id}", "rename an account, change its roles, or deactivate it (ending its sessions) or reactivate it", Who.Admin, CookieNeedsAntiforgery: true),
        new("POST", "/api/admin/users/{id}/password-reset", "e-mail a new one-time password link; earlier unused links stop working", Who.Admin, CookieNeedsAntiforgery: true),
        new("POST", "/api/admin/users/{id}/reassign", "move every open claim assigned to the account to an active representative, each through its definition's assigning action", Who.Ccwg | Who.Admin, CookieNeedsAntiforgery: true),
        new("GET", "/api/reminders/failed", "reminders that could not be delivered", Who.Ccwg | Who.Admin),
        new("GET", "/api/dashboard", "statewide figures", Who.Ccwg | Who.Admin),

        new("GET", "/api/me/notifications", "own notifications", Who.Staff),
        new("POST", "/api/me/notifications/{id:long}/read", "mark own notification read", Who.Staff, CookieNeedsAntiforgery: true),
        new("POST", "/api/me/deadlines-feed", "create own calendar feed token", Who.Representative, CookieNeedsAntiforgery: true),
        new("DELETE", "/api/me/deadlines-feed", "revoke own calendar feed token", Who.Representative, CookieNeedsAntiforgery: true),
        new("GET", "/api/me/deadlines.ics", "calendar feed; the token in the query is the credential", Who.Nobody),

        new("GET", "/hangfire", "job dashboard (read-only for CCWG)", Who.Ccwg | Who.Admin),

        new("GET", "/", "home: sends each role to its start page", Who.Staff),
        new("GET", "/Account/Login", "sign-in page", Who.Everyone),
        new("POST", "/Account/Login", "sign in", Who.Everyone),
        new("GET", "/Account/Logout", "sign-out page", Who.Staff),
        new("POST", "/Account/Logout", "sign out", Who.Staff),
        new("GET", "/Account/AccessDenied", "access denied message", Who.Nobody),
        new("GET", "/Account/NoRole", "message for an account with no role", Who.Staff),
        new("GET", "/Account/ChangePassword", "change own password", Who.Staff),
        new("GET", "/Account/SetPassword", "choose a password through an e-mailed one-time link (410 when used or expired)", Who.Everyone),
        new("POST", "/Account/SetPassword", "set the password and spend the link", Who.Everyone),
        new("POST", "/Account/ChangePassword", "change own password", Who.Staff),
        new("GET", "/intake", "intake form", Who.SeeAllClaims),
        new("POST", "/intake", "open a claim", Who.SeeAllClaims),
        new("GET", "/intake/{id:guid}/refer", "referral step", Who.SeeAllClaims),
        new("POST", "/intake/{id:guid}/refer", "refer to a representative", Who.SeeAllClaims),
        new("GET", "/claims", "claim queue", Who.Staff),
        new("GET", "/claims/{id:guid}", "claim page", Who.ClaimViewers),
        new("POST", "/claims/{id:guid}?handler=Fire", "fire an action from the claim page; an action with the freeze-packet effect first shows the packet as it would be filed and files on a second post naming that preview", Who.ClaimViewers),
        new("GET", "/claims/{id:guid}?handler=PreviewPage&build=&pageNumber=", "a page of one of the claim's packet builds as a PNG (the filing preview)", Who.ClaimViewers),
        new("POST", "/claims/{id:guid}?handler=Correct", "correct the claim's details from the claim page", Who.ClaimViewers),
        new("POST", "/claims/{id:guid}?handler=Statement", "write the statement for the grievance from the claim page", Who.ClaimViewers),
        new("GET", "/claims/{id:guid}/documents", "redirects to the claim page, which applies its own rule", Who.Staff),
        new("POST", "/claims/{id:guid}/documents?handler=Upload", "upload from the claim page", Who.ClaimViewers),
        new("POST", "/claims/{id:guid}/documents?handler=Delete", "delete from the claim page", Who.ClaimViewers),
        new("POST", "/claims/{id:guid}/documents?handler=Describe", "change a document's description from the claim page", Who.ClaimViewers),
        new("POST", "/claims/{id:guid}/documents?handler=Link", "send the member link from the claim page", Who.SendsMemberLinks),
        new("POST", "/claims/{id:guid}/documents?handler=RevokeLink", "revoke the member link from the claim page", Who.SendsMemberLinks),
        new("POST", "/claims/{id:guid}/documents?handler=Packet", "build a packet from the claim page", Who.ClaimViewers),
        new("GET", "/member/{token}", "the member's upload page", Who.MemberLink),
        new("POST", "/member/{token}?handler=Upload", "member uploads from the page", Who.MemberLink),
        new("GET", "/dashboard", "CCWG dashboard", Who.Ccwg | Who.Admin),
        new("GET", "/dashboard?handler=Csv", "CSV export of the dashboard's claim list", Who.Ccwg | Who.Admin),
        new("GET", "/workflows", "workflow definitions, their versions and what changed", Who.Staff),
        new("GET", "/workflows/{definitionId}/versions/{version:int}/publish", "what publishing a version changes", Who.Admin),
        new("POST", "/workflows/{definitionId}/versions/{version:int}/publish", "publish a version", Who.Admin),
        new("GET", "/admin/journals", "verify every claim's journal", Who.Admin),
        new("GET", "/admin/departments", "the department list with claim counts, and stored values that name no department", Who.Admin),
        new("POST", "/admin/departments?handler=Add", "add a department from the page", Who.Admin),
        new("POST", "/admin/departments?handler=Alias", "add an alias to a department from the page", Who.Admin),
        new("POST", "/admin/departments?handler=Map", "map a stored value to a department, correcting its claims", Who.Admin),
        new("GET", "/admin/users", "staff accounts and the invitation form", Who.Admin),
        new("POST", "/admin/users", "invite a staff member from the page", Who.Admin),
        new("GET", "/admin/users/{id}", "one account: details, edit, password link, audit history, open claims", Who.Admin),
        new("POST", "/admin/users/{id}?handler=Update", "change name, roles or active from the page", Who.Admin),
        new("POST", "/admin/users/{id}?handler=Reset", "send a new password link from the page", Who.Admin),
        new("POST", "/admin/users/{id}?handler=Reassign", "move the account's open claims to another representative from the page", Who.Admin),
    ];
}
