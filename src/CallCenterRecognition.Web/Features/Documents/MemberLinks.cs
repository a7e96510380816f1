using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Documents;

public sealed class MemberLinkOptions
{
    public int LifetimeDays { get; set; } = 30;
}

public sealed record MemberLinkCreated(Guid Id, string Url, DateTimeOffset ExpiresAt);

public sealed record MemberLinkStatus(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public static class MemberLinks
{
    public enum Outcome
    {
        Done,
        ClaimNotFound,
        NoAccess,
        Closed,
    }

    public enum Resolution
    {
        Valid,
        Unknown,
        Gone,
    }

    public static WorkflowActor Actor(MemberLinkRow link, string memberName) => new("member-link:" + link.Id.ToString("N"), memberName + " (member)", []);

    // Links of the claim's first grievant include those from before claims had several (no grievant named).
    private static System.Linq.Expressions.Expression<Func<MemberLinkRow, bool>> OfGrievant(Guid claimId, ClaimGrievantRow? grievant) =>
        grievant == null ? l => l.ClaimId == claimId
        : grievant.Position == 0 ? l => l.ClaimId == claimId && (l.GrievantId == null || l.GrievantId == grievant.Id)
        : l => l.ClaimId == claimId && l.GrievantId == grievant.Id;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    // Base64url of 32 random bytes is 43 characters; anything else is not a token and is not looked up.
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    // Representatives on their own claims, MRC and administrators; CCWG oversees but does not write to members.
    public static bool MaySend(ClaimsPrincipal user, Claim claim) =>
        user.IsInRole(Roles.Mrc) || user.IsInRole(Roles.Admin) ||
        (user.IsInRole(Roles.Representative) && claim.AssignedRepresentativeId == user.FindFirstValue(ClaimTypes.NameIdentifier));

    public sealed class Handler(AppDbContext db, TimeProvider time, IOptions<MemberLinkOptions> options, PublicBaseUrl publicBaseUrl, IOptions<EmailOptions> emailOptions, IEmailTransport email, Language.MemberMail memberMail)
    {
        public async Task<(Outcome Outcome, MemberLinkCreated? Link, string? Reason)> CreateAsync(Guid claimId, ClaimsPrincipal user, CancellationToken cancellationToken, long? grievantId = null)
        {
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (claim is null)
            {
                return (Outcome.ClaimNotFound, null, "The claim was not found.");
            }

            if (!MaySend(user, claim))
            {
                return (Outcome.NoAccess, null, "Only the assigned representative, the MRC or an administrator may send the member a link.");
            }

            if (claim.IsClosed)
            {
                return (Outcome.Closed, null, "The claim is closed.");
            }

            var grievant = await GrievantAsync(claimId, grievantId, cancellationToken);
            if (grievantId is not null && grievant is null)
            {
                return (Outcome.ClaimNotFound, null, "The grievant was not found on this claim.");
            }

            var actor = user.ToActor();
            var (link, token) = await ClaimJournal.WithRetryAsync(db, claimId, cancellationToken, async () =>
            {
                var tracked = await db.Claims.FirstAsync(c => c.Id == claimId, cancellationToken);
                var now = time.GetUtcNow();

                // One working link per grievant: a new one replaces any before it.
                foreach (var old in await db.MemberLinks.Where(OfGrievant(claimId, grievant)).Where(l => l.RevokedAt == null).ToListAsync(cancellationToken))
                {
                    old.RevokedAt = now;
                }

                var issued = Issue(tracked, actor, now, grievant);
                await db.SaveChangesAsync(cancellationToken);
                return issued;
            });

            return (Outcome.Done, await SendAsync(claim, link, token, cancellationToken, grievant), null);
        }

        // A new link row and its journal entry on a tracked claim; the caller saves, then sends.
        public (MemberLinkRow Link, string Token) Issue(Claim tracked, WorkflowActor actor, DateTimeOffset now, ClaimGrievantRow? grievant = null)
        {
            var token = Base64Url(RandomNumberGenerator.GetBytes(32));
            var row = new MemberLinkRow
            {
                Id = Guid.NewGuid(),
                ClaimId = tracked.Id,
                GrievantId = grievant?.Id,
                TokenHash = Hash(token),
                CreatedAt = now,
                CreatedById = actor.Id,
                ExpiresAt = now.AddDays(options.Value.LifetimeDays),
            };
            db.MemberLinks.Add(row);
            var data = new Dictionary<string, string>
            {
                ["linkId"] = row.Id.ToString(),
                ["expiresAt"] = row.ExpiresAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            };
            if (grievant is { Position: > 0 })
            {
                data["grievant"] = (grievant.Position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            ClaimJournal.Append(db, tracked, actor, ClaimJournal.MemberLinkCreated, data, now);
            return (row, token);
        }

        // Revokes the claim's unrevoked links with a journal entry on a tracked claim; the caller saves.
        public async Task<IReadOnlyList<MemberLinkRow>> RevokeActiveAsync(Claim tracked, WorkflowActor actor, DateTimeOffset now, CancellationToken cancellationToken, ClaimGrievantRow? grievant = null)
        {
            var active = await db.MemberLinks.Where(OfGrievant(tracked.Id, grievant)).Where(l => l.RevokedAt == null).ToListAsync(cancellationToken);
            if (active.Count == 0)
            {
                return active;
            }

            foreach (var link in active)
            {
                link.RevokedAt = now;
            }

            ClaimJournal.Append(db, tracked, actor, ClaimJournal.MemberLinkRevoked, new Dictionary<string, string>
            {
                ["linkIds"] = string.Join(",", active.Select(l => l.Id)),
            }, now);
            return active;
        }

        // Mails the link to the member's address as the claim holds it now.
        public async Task<MemberLinkCreated> SendAsync(Claim claim, MemberLinkRow link, string token, CancellationToken cancellationToken, ClaimGrievantRow? grievant = null)
        {
            var url = publicBaseUrl.For("/member/" + token);
            var (name, address, language) = grievant is null ? (claim.Member.Name, claim.Member.Email, claim.Member.Language) : (grievant.Name, grievant.Email, grievant.Language);
            await email.SendAsync(Message(claim, name, address, language, link.Id, url, link.ExpiresAt), "member-link-" + link.Id.ToString("N"), cancellationToken);
            return new MemberLinkCreated(link.Id, url, link.ExpiresAt);
        }

        public async Task<(Outcome Outcome, int Revoked, string? Reason)> RevokeAsync(Guid claimId, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (claim is null)
            {
                return (Outcome.ClaimNotFound, 0, "The claim was not found.");
            }

            if (!MaySend(user, claim))
            {
                return (Outcome.NoAccess, 0, "Only the assigned representative, the MRC or an administrator may revoke the member's link.");
            }

            var actor = user.ToActor();
            var revoked = await ClaimJournal.WithRetryAsync(db, claimId, cancellationToken, async () =>
            {
                var tracked = await db.Claims.FirstAsync(c => c.Id == claimId, cancellationToken);
                var active = await RevokeActiveAsync(tracked, actor, time.GetUtcNow(), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                return active.Count;
            });
            return (Outcome.Done, revoked, null);
        }

        // Each current grievant with their working link, if any: the member-link list of a group claim.
        public async Task<IReadOnlyList<(ClaimGrievantRow Grievant, MemberLinkStatus? Link)>> ActiveByGrievantAsync(Guid claimId, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var grievants = await db.Grievants.AsNoTracking().Where(g => g.ClaimId == claimId && g.RemovedAt == null).OrderBy(g => g.Position).ToListAsync(cancellationToken);
            var links = await db.MemberLinks.AsNoTracking().Where(l => l.ClaimId == claimId && l.RevokedAt == null).ToListAsync(cancellationToken);
            return [.. grievants.Select(g => (g, links
                .Where(l => l.ExpiresAt > now && (l.GrievantId == g.Id || (g.Position == 0 && l.GrievantId == null)))
                .OrderByDescending(l => l.CreatedAt)
                .Select(l => new MemberLinkStatus(l.Id, l.CreatedAt, l.ExpiresAt))
                .FirstOrDefault()))];
        }

        public async Task<MemberLinkStatus?> ActiveAsync(Guid claimId, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var links = await db.MemberLinks.AsNoTracking().Where(l => l.ClaimId == claimId && l.RevokedAt == null).ToListAsync(cancellationToken);
            return links.Where(l => l.ExpiresAt > now).OrderByDescending(l => l.CreatedAt).Select(l => new MemberLinkStatus(l.Id, l.CreatedAt, l.ExpiresAt)).FirstOrDefault();
        }

        public async Task<(Resolution Resolution, MemberLinkRow? Link, Claim? Claim)> ResolveAsync(string? token, CancellationToken cancellationToken)
        {
            if (!LooksLikeToken(token))
            {
                return (Resolution.Unknown, null, null);
            }

            var hash = Hash(token!);
            var link = await db.MemberLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
            if (link is null)
            {
                return (Resolution.Unknown, null, null);
            }

            var claim = await db.Claims.AsNoTracking().FirstAsync(c => c.Id == link.ClaimId, cancellationToken);
            if (link.RevokedAt is not null || link.ExpiresAt <= time.GetUtcNow() || claim.IsClosed)
            {
                return (Resolution.Gone, link, null);
            }

            return (Resolution.Valid, link, claim);
        }

        private async Task<ClaimGrievantRow?> GrievantAsync(Guid claimId, long? grievantId, CancellationToken cancellationToken) =>
            grievantId is { } id
                ? await db.Grievants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id && g.ClaimId == claimId && g.RemovedAt == null, cancellationToken)
                : await db.Grievants.AsNoTracking().FirstOrDefaultAsync(g => g.ClaimId == claimId && g.Position == 0, cancellationToken);

        private MimeMessage Message(Claim claim, string name, string address, string language, Guid linkId, string url, DateTimeOffset expiresAt)
        {
            var rendered = memberMail.Link(language, name, claim.Number, url, expiresAt, LocalClock.California());
            var message = new MimeMessage { Subject = rendered.Subject, MessageId = MessageIds.For("member-link-" + linkId.ToString("N"), emailOptions.Value.From) };
            message.From.Add(MailboxAddress.Parse(emailOptions.Value.From));
            message.To.Add(new MailboxAddress(name, address));
            message.Body = new TextPart("plain") { Text = rendered.Body };
            message.Body.Headers.Add(HeaderId.ContentLanguage, language);
            return message;
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
