using System.Data;
using System.Data.Common;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Users;

// An administrator adds a staff member: the account is created active with no password, and the person is e-mailed a one-time
// link to choose one. The administrator never sees or picks a password.
public static class InviteUser
{
    public const int MaxEmail = 254;

    public sealed record Command(string? Email, string? DisplayName, string[]? Roles);

    public enum Outcome
    {
        Done,
        EmailInUse,
        Conflict,
    }

    public sealed record Result(Outcome Outcome, AppUser? User = null, string? Reason = null);

    public static FieldErrors Validate(Command command)
    {
        var errors = new FieldErrors();
        var email = command.Email?.Trim() ?? string.Empty;
        if (email.Length == 0)
        {
            errors.Add("email", "must not be empty");
        }
        else if (email.Length > MaxEmail || !IsPlainAddress(email))
        {
            errors.Add("email", "must be one e-mail address such as name@example.org");
        }

        var name = command.DisplayName?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add("displayName", "must not be empty");
        }
        else if (name.Length > UpdateUser.MaxDisplayName)
        {
            errors.Add("displayName", $"must be at most {UpdateUser.MaxDisplayName} characters");
        }
        else if (name.Any(char.IsControl))
        {
            errors.Add("displayName", "must not contain control characters");
        }

        ValidateRoles(command.Roles, errors, requireOne: true);
        return errors;
    }

    public static void ValidateRoles(string[]? roles, FieldErrors errors, bool requireOne)
    {
        if (roles is null || roles.Length == 0)
        {
            if (requireOne)
            {
                errors.Add("roles", $"choose at least one of {string.Join(", ", Infrastructure.Roles.All)}");
            }

            return;
        }

        foreach (var role in roles.Where(r => !Infrastructure.Roles.All.Contains(r, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            errors.Add("roles", $"'{Clip(role)}' is not a role; the roles are {string.Join(", ", Infrastructure.Roles.All)}");
        }
    }

    // One address, no display name, no comments: what MailAddress reads back unchanged.
    private static bool IsPlainAddress(string email)
    {
        try
        {
            var parsed = new System.Net.Mail.MailAddress(email);
            return parsed.Address == email && parsed.DisplayName.Length == 0 && email.Count(c => c == '@') == 1 && !email.Any(char.IsWhiteSpace) && !email.Any(char.IsControl);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Clip(string? value) => value is null ? "null" : value.Length <= 40 ? value : value[..40] + "…";

    public sealed class Handler(AppDbContext db, UserManager<AppUser> users, SendPasswordLink.Handler links, TimeProvider time, ILogger<Handler> logger)
    {
        public async Task<Result> HandleAsync(Command command, string actorId, string actorName, CancellationToken cancellationToken)
        {
            var email = command.Email!.Trim();
            var roles = command.Roles!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            SendPasswordLink.Prepared link;
            AppUser user;
            await using (var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken))
            {
                try
                {
                    if (await users.FindByEmailAsync(email) is not null)
                    {
                        return new Result(Outcome.EmailInUse, Reason: "An account with this e-mail address already exists.");
                    }

                    user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = command.DisplayName!.Trim(), Active = true };
                    var created = await users.CreateAsync(user);
                    if (!created.Succeeded)
                    {
                        return created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                            ? new Result(Outcome.EmailInUse, Reason: "An account with this e-mail address already exists.")
                            : new Result(Outcome.Conflict, Reason: string.Join(" ", created.Errors.Select(e => e.Description)));
                    }

                    var added = await users.AddToRolesAsync(user, roles);
                    if (!added.Succeeded)
                    {
                        return new Result(Outcome.Conflict, Reason: string.Join(" ", added.Errors.Select(e => e.Description)));
                    }

                    var now = time.GetUtcNow();
                    AccountAudit.Add(db, user.Id, now, actorId, actorName, AccountAudit.Created, "roles", null, AccountAudit.RoleList(roles));
                    AccountAudit.Add(db, user.Id, now, actorId, actorName, AccountAudit.Invited);
                    link = await links.PrepareAsync(user, AccountLinkPurposes.Invite, actorName, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is DbUpdateException or DbException)
                {
                    logger.LogWarning(ex, "An invitation could not be saved; nothing was created");
                    return new Result(Outcome.Conflict, Reason: "Another change to the accounts was saved at the same time; read them again and retry.");
                }
            }

            // After the commit: a mail that fails leaves an account an administrator can send a new link to.
            await links.SendAsync(link, cancellationToken);
            logger.LogInformation("Account {UserId} invited by {ActorId}", user.Id, actorId);
            return new Result(Outcome.Done, user);
        }
    }
}
