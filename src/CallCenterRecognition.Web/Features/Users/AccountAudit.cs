using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Users;

// The record of every change to a staff account. Rows are added to the caller's unit of work, so the change and its record
// are saved together or not at all.
public static class AccountAudit
{
    public const string Created = "created";
    public const string Invited = "invited";
    public const string ResetLinkSent = "reset-link-sent";
    public const string Changed = "changed";
    public const string PasswordSet = "password-set";

    public sealed record Entry(DateTimeOffset At, string ActorName, string Action, string? Field, string? OldValue, string? NewValue);

    public static void Add(AppDbContext db, string userId, DateTimeOffset at, string? actorId, string actorName, string action, string? field = null, string? oldValue = null, string? newValue = null) =>
        db.Set<AccountAuditRow>().Add(new AccountAuditRow
        {
            UserId = userId,
            At = at,
            ActorId = actorId,
            ActorName = Clip(actorName, 200),
            Action = action,
            Field = field,
            OldValue = oldValue is null ? null : Clip(oldValue, 300),
            NewValue = newValue is null ? null : Clip(newValue, 300),
        });

    public static string RoleList(IEnumerable<string> roles) => string.Join(", ", roles.Order(StringComparer.Ordinal));

    // Newest first: what an administrator looking at the account wants to see.
    public static async Task<IReadOnlyList<Entry>> HistoryAsync(AppDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.Set<AccountAuditRow>().AsNoTracking().Where(a => a.UserId == userId).OrderByDescending(a => a.Id)
            .Select(a => new Entry(a.At, a.ActorName, a.Action, a.Field, a.OldValue, a.NewValue)).ToListAsync(cancellationToken);

    public static string Describe(Entry entry) => entry.Action switch
    {
        Created => "Account created" + (entry.NewValue is { } roles ? $" with roles {roles}" : string.Empty),
        Invited => "Invitation e-mailed",
        ResetLinkSent => "New password link e-mailed",
        PasswordSet => "Password chosen through the e-mailed link",
        Changed => $"{FieldName(entry.Field)}: {Shown(entry.OldValue)} → {Shown(entry.NewValue)}",
        _ => entry.Action,
    };

    private static string FieldName(string? field) => field switch
    {
        "displayName" => "Name",
        "roles" => "Roles",
        "active" => "Active",
        "phone" => "Phone",
        "departments" => "Departments covered",
        _ => field ?? "?",
    };

    private static string Shown(string? value) => string.IsNullOrEmpty(value) ? "(none)" : value;

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
