using System.Security.Cryptography;
using System.Text;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CallCenterRecognition.Web.Features.Users;

// A one-time link to /Account/SetPassword, for an invitation or a reset. The token is 32 random bytes (base64url) that only
// the e-mail carries; the database keeps its SHA-256. A new link retires every earlier unused link of the account.
public static class SendPasswordLink
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(72);

    public const string PagePath = "/Account/SetPassword";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    // Base64url of 32 bytes is 43 characters; anything else is not a token and is not looked up.
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public sealed record Prepared(AppUser User, Guid LinkId, string Purpose, string Url, DateTimeOffset ExpiresAt, string InviterName);

    public sealed class Handler(AppDbContext db, TimeProvider time, PublicBaseUrl publicBaseUrl, IOptions<EmailOptions> emailOptions, IEmailTransport email)
    {
        // Adds the link (and retires the older ones) to the unit of work without saving; send the mail once it is saved.
        public async Task<Prepared> PrepareAsync(AppUser user, string purpose, string inviterName, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            foreach (var older in await db.Set<AccountLinkRow>().Where(l => l.UserId == user.Id && l.UsedAt == null).ToListAsync(cancellationToken))
            {
                older.UsedAt = now;
            }

            var token = Base64Url(RandomNumberGenerator.GetBytes(32));
            var link = new AccountLinkRow
            {
                Id = Guid.NewGuid(),
                UserId = user.Id,
                Purpose = purpose,
                TokenHash = Hash(token),
                CreatedAt = now,
                ExpiresAt = now + Lifetime,
            };
            db.Set<AccountLinkRow>().Add(link);
            return new Prepared(user, link.Id, purpose, publicBaseUrl.For(PagePath + "?token=" + token), link.ExpiresAt, inviterName);
        }

        public Task SendAsync(Prepared prepared, CancellationToken cancellationToken) =>
            email.SendAsync(Message(prepared), "account-link-" + prepared.LinkId.ToString("N"), cancellationToken);

        private MimeMessage Message(Prepared link)
        {
            var invite = link.Purpose == AccountLinkPurposes.Invite;
            var message = new MimeMessage
            {
                Subject = invite ? "You are invited to Call Center Recognition" : "Choose a new password for Call Center Recognition",
                MessageId = MessageIds.For("account-link-" + link.LinkId.ToString("N"), emailOptions.Value.From),
            };
            message.From.Add(MailboxAddress.Parse(emailOptions.Value.From));
            message.To.Add(new MailboxAddress(link.User.DisplayName, link.User.Email ?? throw new InvalidOperationException("The account has no e-mail address.")));
            var expires = DisplayDates.DateTime(link.ExpiresAt, LocalClock.California()) + " (California time)";
            var opening = invite
                ? $"""
                    {link.InviterName} has given you an account on Call Center Recognition, the tool SEIU Local 1000 staff
                    use to help state work units get recognized as call centers under Article 21.4 of the contract:
                    opening claims, collecting evidence from members, and following each claim to CalHR's decision.

                    To start, choose your password here:
                    """
                : $"""
                    {link.InviterName} has asked for a new password link for your Call Center Recognition account.
                    Any earlier link you were sent no longer works.

                    Choose your new password here:
                    """;
            message.Body = new TextPart("plain")
            {
                Text = $"""
                    Hello {link.User.DisplayName},

                    {opening}
                    {link.Url}

                    The link works once, until {expires}. After you choose a password you will sign in with
                    this e-mail address ({link.User.Email}) and that password.
                    Do not forward this message: anyone with the link can set your password.
                    If the link has expired, ask {link.InviterName} or another administrator for a new one.

                    SEIU Local 1000 · Call Center Work Group
                    """,
            };
            return message;
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
