using System.Data;
using System.Data.Common;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Departments;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Web.Features.Referral;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Users;

// An administrator renames an account, changes its roles, or turns it off; every change is recorded in the account audit.
// Changing roles also ends its sessions, so no cookie or token keeps a role it lost. Turning it off ends its sessions: a new security stamp, forgotten
// here at once, so cookies and bearer tokens stop within SessionStamps.Interval on every instance and at once on this one.
public static class UpdateUser
{
    public const int MaxDisplayName = 200;

    public sealed record Command(string? DisplayName, bool? Active, string[]? Roles = null, string? Phone = null, string?[]? Departments = null);

    public enum Outcome
    {
        Done,
        NotFound,
        LastAdmin,
        Conflict,
        Invalid,
    }

    public sealed record Result(Outcome Outcome, AppUser? User = null, string? Reason = null, bool Deactivated = false, bool SessionsEnd = false, FieldErrors? Errors = null);

    public static FieldErrors Validate(Command command)
    {
        var errors = new FieldErrors();
        if (command.DisplayName is null && command.Active is null && command.Roles is null && command.Phone is null && command.Departments is null)
        {
            errors.Add("body", "send displayName, active, roles, phone, departments or any of them");
        }

        if (command.Phone is { } phone)
        {
            var trimmed = phone.Trim();
            if (trimmed.Length > 40)
            {
                errors.Add("phone", "must be at most 40 characters");
            }
            else if (!trimmed.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or 'x'))
            {
                errors.Add("phone", "may hold only digits, spaces and + - ( ) . x");
            }
        }

        if (command.Departments is { } departments)
        {
            if (departments.Length > DepartmentCoverage.MaxDepartments)
            {
                errors.Add("departments", $"must name at most {DepartmentCoverage.MaxDepartments} departments");
            }
            else if (departments.Any(d => d is null))
            {
                errors.Add("departments", "must hold only department names, not null");
            }
            else if (departments.Any(d => d!.Trim().Length > DepartmentCoverage.MaxLength))
            {
                errors.Add("departments", $"each must be at most {DepartmentCoverage.MaxLength} characters");
            }
            else if (departments.Any(d => d!.Any(char.IsControl)))
            {
                errors.Add("departments", "must not contain control characters");
            }
        }

        if (command.Roles is not null)
        {
            InviteUser.ValidateRoles(command.Roles, errors, requireOne: false);
        }

        if (command.DisplayName is { } name)
        {
            var trimmed = name.Trim();
            if (trimmed.Length == 0)
            {
                errors.Add("displayName", "must not be empty");
            }
            else if (trimmed.Length > MaxDisplayName)
            {
                errors.Add("displayName", $"must be at most {MaxDisplayName} characters");
            }
            else if (trimmed.Any(char.IsControl))
            {
                errors.Add("displayName", "must not contain control characters");
            }
        }

        return errors;
    }

    // UserManager works on the request's AppDbContext, so its reads and the update share this transaction.
    public sealed class Handler(AppDbContext db, UserManager<AppUser> users, SessionStamps stamps, TimeProvider time, ILogger<Handler> logger)
    {
        public async Task<Result> HandleAsync(string id, Command command, string actorId, string actorName)
        {
            if (command.Departments is { } departments)
            {
                var (codes, errors) = await DepartmentCodesAsync(id, departments);
                if (errors.Any)
                {
                    return new Result(Outcome.Invalid, Errors: errors);
                }

                command = command with { Departments = codes };
            }

            // Serializable, because two administrators turning each other off at once must not both pass the last-admin check:
            // SQLite takes the write lock at BEGIN (IMMEDIATE) and PostgreSQL fails one of the two at commit.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable);
            Result result;
            try
            {
                result = await ChangeAsync(id, command, actorId, actorName);
                if (result.Outcome == Outcome.Done)
                {
                    await transaction.CommitAsync();
                }
            }
            // Npgsql's execution strategy reports a serialization failure inside a query as InvalidOperationException wrapping it.
            catch (Exception ex) when (ex is DbUpdateException or DbException || ex.InnerException is DbUpdateException or DbException)
            {
                logger.LogWarning(ex, "Account {UserId} was changed concurrently; nothing saved", id);
                return new Result(Outcome.Conflict, Reason: "Another change to the accounts was saved at the same time; read them again and retry.");
            }

            if (result.SessionsEnd)
            {
                stamps.Forget(result.User!.Id);
                logger.LogInformation("Account {UserId} {Change} by {ActorId}; its sessions end", result.User.Id, result.Deactivated ? "deactivated" : "given other roles", actorId);
            }

            return result;
        }

        // Covered departments are stored as codes, as claims are; a value the account already covers that the list does not know
        // (kept for an administrator to map) may be sent back unchanged, since the account page sends the whole list.
        private async Task<(string?[] Codes, FieldErrors Errors)> DepartmentCodesAsync(string id, string?[] departments)
        {
            var errors = new FieldErrors();
            var list = await DepartmentList.LoadAsync(db, CancellationToken.None);
            var current = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DepartmentsCovered).FirstOrDefaultAsync() ?? [];
            var codes = new List<string?>();
            foreach (var department in departments.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d!.Trim()))
            {
                if (list.Resolve(department) is { } code)
                {
                    codes.Add(code);
                }
                else if (current.Any(c => DepartmentList.Key(c) == DepartmentList.Key(department)))
                {
                    codes.Add(department);
                }
                else
                {
                    errors.Add("departments", DepartmentList.UnknownMessage(department));
                }
            }

            return ([.. codes], errors);
        }

        private async Task<Result> ChangeAsync(string id, Command command, string actorId, string actorName)
        {
            var user = await users.FindByIdAsync(id);
            if (user is null)
            {
                return new Result(Outcome.NotFound);
            }

            var oldRoles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToArray();
            var newRoles = command.Roles is null ? oldRoles : command.Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var rolesChange = !oldRoles.SequenceEqual(newRoles, StringComparer.Ordinal);
            var deactivating = command.Active == false && user.Active;
            var losesAdmin = user.Active && oldRoles.Contains(Roles.Admin) && (deactivating || !newRoles.Contains(Roles.Admin));
            if (losesAdmin && (await users.GetUsersInRoleAsync(Roles.Admin)).Count(u => u.Active) <= 1)
            {
                return new Result(Outcome.LastAdmin, Reason: deactivating
                    ? "This is the last active administrator; make another account an administrator first."
                    : "This is the last active administrator; it keeps the Admin role until another active account has it.");
            }

            var now = time.GetUtcNow();
            if (command.DisplayName is { } name && name.Trim() != user.DisplayName)
            {
                AccountAudit.Add(db, user.Id, now, actorId, actorName, AccountAudit.Changed, "displayName", user.DisplayName, name.Trim());
                user.DisplayName = name.Trim();
            }

            if (command.Phone is { } phone && (phone.Trim() is var newPhone) && newPhone != (user.PhoneNumber ?? string.Empty))
            {
                AccountAudit.Add(db, user.Id, now, actorId, actorName, AccountAudit.Changed, "phone", user.PhoneNumber ?? string.Empty, newPhone);
                user.PhoneNumber = newPhone.Length == 0 ? null : newPhone;
            }

            if (command.Departments is { } departments && DepartmentCoverage.Clean(departments!) is var covered
                && !covered.SequenceEqual(DepartmentCoverage.Clean(user.DepartmentsCovered), StringComparer.Ordinal))
            {
                AccountAudit.Add(db, user.Id, now, actorId, actorName, AccountAudit.Changed, "departments",
                    string.Join(", ", DepartmentCoverage.Clean(user.DepartmentsCovered)), string.Join(", ", covered));
                user.DepartmentsCovered = covered;
            }

            if (command.Active is { } active && active != user.Active)
            {
                AccountAudit.Add(db, user.Id, now, actorId, actorName, AccountAudit.Changed, "active", user.Active ? "yes" : "no", active ? "yes" : "no");
                user.Active = active;
            }

            if (rolesChange)
            {
                AccountAudit.Add(db, user.Id, now, actorId, actorName, AccountAudit.Changed, "roles", AccountAudit.RoleList(oldRoles), AccountAudit.RoleList(newRoles));
                var removed = await users.RemoveFromRolesAsync(user, oldRoles.Except(newRoles, StringComparer.Ordinal));
                var added = removed.Succeeded ? await users.AddToRolesAsync(user, newRoles.Except(oldRoles, StringComparer.Ordinal)) : removed;
                if (!added.Succeeded)
                {
                    return new Result(Outcome.Conflict, Reason: "The account changed while this was saved; read it again and retry.");
                }
            }

            // One UPDATE either way; UpdateSecurityStampAsync saves the other changes with the new stamp.
            var sessionsEnd = deactivating || rolesChange;
            var saved = sessionsEnd ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
            if (!saved.Succeeded)
            {
                return new Result(Outcome.Conflict, Reason: "The account changed while this was saved; read it again and retry.");
            }

            await db.SaveChangesAsync();
            return new Result(Outcome.Done, user, Deactivated: deactivating, SessionsEnd: sessionsEnd);
        }
    }
}
