using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Reminders;

// A representative's private iCalendar feed of the due dates of their open claims, read by calendar apps with a revocable token.
public static class DeadlinesFeed
{
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public sealed class Handler(AppDbContext db, WorkflowEngine engine, LocalClock clock, TimeProvider time, PublicBaseUrl publicBaseUrl)
    {
        // A new token replaces the old one, so creating is also rotating; the token is shown once and only its hash is kept.
        public async Task<string> CreateTokenAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var userId = user.Id();
            var token = Base64UrlToken();
            var existing = await db.Set<CalendarFeedToken>().FirstOrDefaultAsync(t => t.UserId == userId, cancellationToken);
            if (existing is null)
            {
                db.Set<CalendarFeedToken>().Add(new CalendarFeedToken { UserId = userId, TokenHash = Hash(token), CreatedAt = time.GetUtcNow() });
            }
            else
            {
                existing.TokenHash = Hash(token);
                existing.CreatedAt = time.GetUtcNow();
            }

            await db.SaveChangesAsync(cancellationToken);
            return token;
        }

        public async Task<bool> RevokeAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var userId = user.Id();
            return await db.Set<CalendarFeedToken>().Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;
        }

        // Null when the token is unknown or revoked.
        public async Task<string?> FeedAsync(string? token, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(token) || token.Length > 100)
            {
                return null;
            }

            var hash = Hash(token);
            var owner = await db.Set<CalendarFeedToken>().AsNoTracking().Where(t => t.TokenHash == hash).Select(t => t.UserId).FirstOrDefaultAsync(cancellationToken);
            if (owner is null)
            {
                return null;
            }

            // An extension keeps the stage visit (and so the UID) and moves the due date; each one is a journal entry after the
            // visit began, so their count is the event's SEQUENCE and the last one its LAST-MODIFIED. One statement, one snapshot.
            var extending = engine.Registry.All.SelectMany(d => d.Actions).Where(a => a.ExtendsDeadline is not null).Select(a => a.Id).Distinct().ToList();
            var claims = await db.Claims.AsNoTracking()
                .Where(c => c.AssignedRepresentativeId == owner && !c.IsClosed && c.DueAt != null)
                .OrderBy(c => c.DueAt)
                .Take(500)
                .Select(c => new
                {
                    Claim = c,
                    Extensions = db.JournalEntries.Count(j => j.ClaimId == c.Id && j.At > c.StageEnteredAt && extending.Contains(j.Action)),
                    LastExtendedAt = db.JournalEntries
                        .Where(j => j.ClaimId == c.Id && j.At > c.StageEnteredAt && extending.Contains(j.Action))
                        .OrderByDescending(j => j.Sequence)
                        .Select(j => (DateTimeOffset?)j.At)
                        .FirstOrDefault(),
                })
                .ToListAsync(cancellationToken);
            var baseUrl = publicBaseUrl.Value;
            var calendar = new Ical.Net.Calendar { ProductId = "-//SEIU Local 1000//Call Center Recognition//EN" };
            calendar.AddProperty("X-WR-CALNAME", "Claim deadlines");
            foreach (var (claim, extensions, lastExtendedAt) in claims.Select(c => (c.Claim, c.Extensions, c.LastExtendedAt)))
            {
                // Without METHOD, DTSTAMP is when the event last changed (RFC 5545 3.8.7.2), so it equals LAST-MODIFIED.
                var modified = new CalDateTime((lastExtendedAt ?? claim.StageEnteredAt).UtcDateTime, "UTC", true);
                var stage = engine.Registry.Find(claim.DefinitionId, claim.DefinitionVersion)?.StagesById.GetValueOrDefault(claim.Stage);
                var due = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(claim.DueAt!.Value, clock.Zone).DateTime);
                calendar.Events.Add(new CalendarEvent
                {
                    Uid = $"{claim.Id:N}-{claim.Stage}-{claim.StageEnteredAt.UtcTicks}@ccr",
                    Summary = $"Due: {claim.Number} {stage?.Name ?? claim.Stage}",
                    Description = $"{claim.Department}, {claim.WorkUnit}. {stage?.Name ?? claim.Stage} is due by the end of this day (California time).",
                    DtStart = new CalDateTime(due),
                    DtEnd = new CalDateTime(due.AddDays(1)),
                    DtStamp = modified,
                    LastModified = modified,
                    Sequence = extensions,
                    Url = new Uri($"{baseUrl}/claims/{claim.Id}"),
                    Transparency = "TRANSPARENT",
                });
            }

            return new CalendarSerializer(calendar).SerializeToString();
        }

        private static string Base64UrlToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
