using System.Data.Common;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Users;

// A staff member opens the e-mailed link and chooses a password. The link works once, until it expires, and only while it is
// the account's newest link; choosing the password ends every other session of the account.
public static class SetPassword
{
    public enum Outcome
    {
        Done,
        Gone,
        Invalid,
    }

    public sealed record Result(Outcome Outcome, IReadOnlyList<IdentityError>? Errors = null, string? Email = null);

    public sealed class Handler(AppDbContext db, UserManager<AppUser> users, SessionStamps stamps, TimeProvider time, ILogger<Handler> logger)
    {
        // The account the link opens, or null for an unknown, used, expired or deactivated one: all look the same to the visitor.
        public async Task<AppUser?> FindAsync(string? token, CancellationToken cancellationToken)
        {
            var link = await UsableLinkAsync(token, cancellationToken);
            return link is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == link.UserId && u.Active, cancellationToken);
        }

        public async Task<Result> HandleAsync(string? token, string password, CancellationToken cancellationToken)
        {
            var link = await UsableLinkAsync(token, cancellationToken);
            var user = link is null ? null : await users.FindByIdAsync(link.UserId);
            if (link is null || user is not { Active: true })
            {
                return new Result(Outcome.Gone);
            }

            // The rules first, so a refused password changes nothing.
            var refusals = new List<IdentityError>();
            foreach (var validator in users.PasswordValidators)
            {
                var checkedPassword = await validator.ValidateAsync(users, user, password);
                refusals.AddRange(checkedPassword.Errors);
            }

            if (refusals.Count > 0)
            {
                return new Result(Outcome.Invalid, refusals);
            }

            var now = time.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                // Spending the link is the first write and is conditional: of two submissions of one link, one wins.
                var spent = await db.Set<AccountLinkRow>().Where(l => l.Id == link.Id && l.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), cancellationToken);
                if (spent == 0)
                {
                    return new Result(Outcome.Gone);
                }

                if (await users.HasPasswordAsync(user))
                {
                    Check(await users.RemovePasswordAsync(user));
                }

                Check(await users.AddPasswordAsync(user, password));
                user.MustChangePassword = false;
                Check(await users.UpdateSecurityStampAsync(user));
                AccountAudit.Add(db, user.Id, now, user.Id, user.DisplayName, AccountAudit.PasswordSet, "password", null, link.Purpose);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is DbUpdateException or DbException or InvalidOperationException)
            {
                logger.LogWarning(ex, "A password link for account {UserId} could not be used; nothing saved", user.Id);
                return new Result(Outcome.Gone);
            }

            stamps.Forget(user.Id);
            logger.LogInformation("Account {UserId} chose a password through its {Purpose} link", user.Id, link.Purpose);
            return new Result(Outcome.Done, Email: user.Email);
        }

        private async Task<AccountLinkRow?> UsableLinkAsync(string? token, CancellationToken cancellationToken)
        {
            if (!SendPasswordLink.LooksLikeToken(token))
            {
                return null;
            }

            var hash = SendPasswordLink.Hash(token!);
            var now = time.GetUtcNow();
            var link = await db.Set<AccountLinkRow>().AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
            return link is { UsedAt: null } && link.ExpiresAt > now ? link : null;
        }

        private static void Check(IdentityResult result)
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Code)));
            }
        }
    }
}
