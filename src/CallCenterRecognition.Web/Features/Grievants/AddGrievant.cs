using System.Globalization;
using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Grievants;

// Another member of the same unit joins a claim: one grievance for the unit, not one per caller.
public static class AddGrievant
{
    public const int MaxGrievants = 200;

    public sealed record Command(string? Name, string? Email, string? Phone, string? Classification, DateOnly? ConsentOn = null, string? Language = null);

    public enum Outcome
    {
        Done,
        ClaimNotFound,
        NoAccess,
        Closed,
        Invalid,
    }

    public sealed record Result(Outcome Outcome, GrievantView? Grievant = null, string? Reason = null, FieldErrors? Errors = null);

    // The MRC adds at intake, the representative on their own claim, an administrator anywhere; the CCWG oversees.
    public static bool MayChange(ClaimsPrincipal user, Claim claim) => MemberLinks.MaySend(user, claim);

    public sealed class Handler(AppDbContext db, TimeProvider time, LocalClock clock, ReminderScheduler reminders)
    {
        public async Task<Result> HandleAsync(Guid claimId, Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (claim is null)
            {
                return new Result(Outcome.ClaimNotFound, Reason: "The claim was not found.");
            }

            if (!MayChange(user, claim))
            {
                return new Result(Outcome.NoAccess, Reason: "Only the assigned representative, the MRC or an administrator may add a grievant.");
            }

            if (claim.IsClosed)
            {
                return new Result(Outcome.Closed, Reason: "The claim is closed.");
            }

            var errors = new FieldErrors();
            var name = Field(errors, "name", e => ClaimFields.Name(e, command.Name));
            var email = Field(errors, "email", e => ClaimFields.Email(e, command.Email));
            var phone = Field(errors, "phone", e => ClaimFields.Phone(e, command.Phone));
            var language = ClaimFields.Language(errors, command.Language, "language");
            var classification = string.IsNullOrWhiteSpace(command.Classification)
                ? claim.Classification
                : Field(errors, "classification", e => ClaimFields.ClassificationText(e, command.Classification));
            if (command.ConsentOn is { } consent && (consent > clock.Today() || consent.Year < 2000))
            {
                errors.Add("consentOn", "must be a date from 2000 to today");
            }

            if (email is not null && await db.Grievants.AnyAsync(g => g.ClaimId == claimId && g.RemovedAt == null && g.Email.ToLower() == email.ToLower(), cancellationToken))
            {
                errors.Add("email", "is already a grievant on this claim");
            }

            if (await db.Grievants.CountAsync(g => g.ClaimId == claimId, cancellationToken) >= MaxGrievants)
            {
                errors.Add("email", $"cannot be added: a claim holds at most {MaxGrievants} grievants");
            }

            if (errors.Any)
            {
                return new Result(Outcome.Invalid, Reason: "one or more fields are invalid", Errors: errors);
            }

            var actor = user.ToActor();
            var row = await ClaimJournal.WithRetryAsync(db, claimId, cancellationToken, async () =>
            {
                var tracked = await db.Claims.FirstAsync(c => c.Id == claimId, cancellationToken);
                var positions = await db.Grievants.Where(g => g.ClaimId == claimId).Select(g => g.Position).ToListAsync(cancellationToken);
                var now = time.GetUtcNow();
                var grievant = new ClaimGrievantRow
                {
                    ClaimId = claimId,
                    Position = positions.DefaultIfEmpty(-1).Max() + 1,
                    Name = name!,
                    Email = email!,
                    Phone = phone,
                    Language = language!,
                    Classification = classification!,
                    ConsentOn = command.ConsentOn ?? clock.Today(),
                    AddedAt = now,
                };
                db.Grievants.Add(grievant);

                // The journal names the grievant by position, not by name: member data lives on rows whose reading is access-logged.
                ClaimJournal.Append(db, tracked, actor, ClaimJournal.GrievantAdded, new Dictionary<string, string>
                {
                    ["grievant"] = (grievant.Position + 1).ToString(CultureInfo.InvariantCulture),
                }, now);
                reminders.NotifyAssignee(tracked, ReminderTemplates.GrievantAdded, now);
                await db.SaveChangesAsync(cancellationToken);
                return grievant;
            });
            reminders.SendNoticesNow();
            return new Result(Outcome.Done, GrievantView.Of(row));
        }

        // Intake's rules for the member's fields, answered under the grievant body's own names.
        private static string? Field(FieldErrors errors, string key, Func<FieldErrors, string?> read)
        {
            var own = new FieldErrors();
            var value = read(own);
            foreach (var (_, messages) in own.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add(key, message);
                }
            }

            return value;
        }
    }
}
