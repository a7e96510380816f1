using System.Security.Claims;
using System.Text;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Intake;
using CallCenterRecognition.Web.Features.Packets;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Accounts;

// Plays the demo office's history through the real handlers on a clock that walks from the oldest step to the newest,
// so journals, hash chains, due dates, frozen packets and reminders are what the app would have written at the time.
public static class DemoOfficeSeeding
{
    public static async Task SeedAsync(IServiceProvider services, ClaimsPrincipal mrc, IReadOnlyList<(ClaimsPrincipal Principal, string Id)> representatives, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var calendar = services.GetRequiredService<IWorkCalendar>();
        var zone = services.GetRequiredService<LocalClock>().Zone;
        var store = services.GetRequiredService<DocumentStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        // Handlers of the seed's own, on the walking clock; the app's singletons keep the real one.
        var clock = new WalkingClock(now);
        var engine = new WorkflowEngine(services.GetRequiredService<WorkflowRegistry>(), calendar, clock);
        var local = new LocalClock(clock, zone);
        var reminders = new ReminderScheduler(db, engine, calendar, local, clock, services.GetRequiredService<IOptions<ReminderOptions>>());
        var open = new OpenClaim.Handler(db, engine, clock, local, reminders);
        var fire = new FireAction.Handler(db, engine, reminders, new PacketService(db, store, local), clock);
        var upload = new UploadDocument.Handler(db, store, clock);

        var plan = DemoOffice.Plan(now, zone, calendar);
        var ids = new Guid[plan.Count];
        var timeline = plan
            .SelectMany(c => c.Steps.Select((step, order) => (Claim: c, Step: step, Order: order)))
            .OrderBy(e => e.Step.At)
            .ThenBy(e => e.Claim.Index)
            .ThenBy(e => e.Order);
        foreach (var (claim, step, _) in timeline)
        {
            clock.Now = step.At;
            var who = step.Who == DemoOffice.Who.Mrc ? mrc : representatives[claim.Representative - 1].Principal;
            if (step.Action == DemoOffice.Open)
            {
                var unit = claim.Unit;
                var opened = await open.HandleAsync(
                    new OpenClaim.Command(new OpenClaim.MemberInput(claim.Member, claim.Email, claim.Phone), unit.Department, unit.Name, JsonSerializer.SerializeToElement(unit.BargainingUnit), unit.Classification, unit.PhoneSystems, claim.Description),
                    who.ToActor(),
                    cancellationToken);
                ids[claim.Index] = opened.Claim?.Id ?? throw new InvalidOperationException($"Demo office: claim {claim.Index} could not be opened: {opened.Errors}");
                db.ChangeTracker.Clear();
                continue;
            }

            var id = ids[claim.Index];
            if (step.Action == DemoOffice.Upload)
            {
                var bytes = Encoding.UTF8.GetBytes(step.Document!.Text);
                var uploaded = await upload.AsStaffAsync(id, new UploadDocument.Command(step.Document.Category, step.Document.FileName, bytes.Length, () => new MemoryStream(bytes)), who, cancellationToken);
                if (uploaded.Outcome != UploadDocument.Outcome.Done)
                {
                    throw new InvalidOperationException($"Demo office: upload to claim {claim.Index} failed: {uploaded.Outcome} {uploaded.Reason}");
                }
            }
            else
            {
                var current = await db.Claims.AsNoTracking().FirstAsync(c => c.Id == id, cancellationToken);
                var inputs = step.Inputs.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal);
                if (step.Action == "refer")
                {
                    inputs["representativeId"] = JsonSerializer.SerializeToElement(representatives[claim.Representative - 1].Id);
                }

                if (step.ExtendByDays is { } days)
                {
                    var from = current.DueAt is { } due && due > step.At ? due : step.At;
                    var until = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime).AddDays(days);
                    inputs["until"] = JsonSerializer.SerializeToElement(until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                }

                var fired = await fire.HandleAsync(new FireAction.Command(id, step.Action, current.Version, inputs), who, cancellationToken);
                if (fired.Outcome != FireAction.Outcome.Done)
                {
                    throw new InvalidOperationException($"Demo office: {step.Action} on claim {claim.Index} failed: {fired.Outcome} {fired.Reason}");
                }
            }

            db.ChangeTracker.Clear();
        }

        await MarkPastRemindersSentAsync(db, ids, now, cancellationToken);
    }

    // Nobody dispatched reminders while the history was played, so those it passed are written as sent at their time: one the
    // next action cancelled after its send time had already gone out, and one still scheduled before now is not a backlog to mail.
    private static async Task MarkPastRemindersSentAsync(AppDbContext db, Guid[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reminders = db.Set<ReminderRow>().Where(r => ids.Contains(r.ClaimId));
        await reminders
            .Where(r => r.Status == ReminderStatus.Cancelled && r.SendAt <= r.CancelledAt)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, ReminderStatus.Sent).SetProperty(r => r.SentAt, r => r.SendAt).SetProperty(r => r.CancelledAt, (DateTimeOffset?)null), cancellationToken);
        await reminders
            .Where(r => r.Status == ReminderStatus.Scheduled && r.SendAt <= now)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, ReminderStatus.Sent).SetProperty(r => r.SentAt, r => r.SendAt), cancellationToken);
    }

    private sealed class WalkingClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
