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

// Plays the demo office's history through the real handlers on clocks set to each step's time, so journals, hash chains,
// due dates, frozen packets and reminders are what the app would have written then. Intakes run in date order, since claim
// numbers follow it; after that each claim's history is its own, so several claims are played at once and share commits.
public static class DemoOfficeSeeding
{
    private const int Parallel = 4;

    public static async Task SeedAsync(IServiceProvider services, ClaimsPrincipal mrc, IReadOnlyList<(ClaimsPrincipal Principal, string Id)> representatives, CancellationToken cancellationToken)
    {
        var zone = services.GetRequiredService<LocalClock>().Zone;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var plan = DemoOffice.Plan(now, zone, services.GetRequiredService<IWorkCalendar>());
        var ids = new Guid[plan.Count];

        var intake = new Player(services, services.GetRequiredService<AppDbContext>(), zone);
        foreach (var claim in plan.OrderBy(c => c.Steps[0].At).ThenBy(c => c.Index))
        {
            ids[claim.Index] = await intake.OpenAsync(claim, mrc, cancellationToken);
        }

        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        // Claims of one unit share its status, so they are played together in the order things happened; units run side by side.
        var units = plan.GroupBy(c => (c.Unit.Department, c.Unit.Name)).ToList();
        await System.Threading.Tasks.Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken }, async (unit, token) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var player = new Player(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<AppDbContext>(), zone);
            foreach (var (claim, step) in unit.SelectMany(c => c.Steps.Skip(1).Select(step => (c, step))).OrderBy(s => s.step.At).ThenBy(s => s.c.Index))
            {
                var who = step.Who == DemoOffice.Who.Mrc ? mrc : representatives[claim.Representative - 1].Principal;
                var representativeId = representatives[claim.Representative - 1].Id;
                await player.PlayAsync(claim, ids[claim.Index], step, who, representativeId, token);
            }
        });

        await MarkPastRemindersSentAsync(services.GetRequiredService<AppDbContext>(), ids, now, cancellationToken);
    }

    // The seed's own handlers on its own clock; the app's singletons keep the real one.
    private sealed class Player
    {
        private readonly AppDbContext db;
        private readonly TimeZoneInfo zone;
        private readonly WalkingClock clock = new();
        private readonly OpenClaim.Handler open;
        private readonly FireAction.Handler fire;
        private readonly WorkflowEngine engine;
        private readonly UploadDocument.Handler upload;

        public Player(IServiceProvider services, AppDbContext db, TimeZoneInfo zone)
        {
            this.db = db;
            this.zone = zone;
            var calendar = services.GetRequiredService<IWorkCalendar>();
            var store = services.GetRequiredService<DocumentStore>();
            var registry = services.GetRequiredService<WorkflowRegistry>();
            var engine = new WorkflowEngine(registry, calendar, clock);
            var local = new LocalClock(clock, zone);
            var reminders = new ReminderScheduler(db, engine, calendar, local, clock, services.GetRequiredService<IOptions<ReminderOptions>>(), PastNeedsNoDispatch.Instance);
            var unitStatus = new Units.FollowUnitStatus(db, local);
            open = new OpenClaim.Handler(db, engine, clock, local, reminders, new Units.UnitLookup(db, clock), unitStatus);
            var packets = new PacketService(db, store, local, services.GetRequiredService<IConfiguration>(), registry, services.GetRequiredService<Language.DocumentCategoryText>());
            fire = new FireAction.Handler(db, engine, reminders, [new EssentialEvidenceCheck(db)], [new FreezePacketEffect(db, packets, clock, registry)], unitStatus);
            this.engine = engine;
            upload = new UploadDocument.Handler(db, store, clock, services.GetRequiredService<DocumentText.CategorySuggestions>(), services.GetRequiredService<DocumentText.DocumentReaderSignal>());
        }

        public async Task<Guid> OpenAsync(DemoOffice.PlannedClaim claim, ClaimsPrincipal who, CancellationToken cancellationToken)
        {
            clock.Now = claim.Steps[0].At;
            var unit = claim.Unit;
            var opened = await open.HandleAsync(
                new OpenClaim.Command(new OpenClaim.MemberInput(claim.Member, claim.Email, claim.Phone), unit.Department, unit.Name, JsonSerializer.SerializeToElement(unit.BargainingUnit), unit.Classification, unit.PhoneSystems, claim.Description),
                who.ToActor(),
                cancellationToken);
            db.ChangeTracker.Clear();
            return opened.Claim?.Id ?? throw new InvalidOperationException($"Demo office: claim {claim.Index} could not be opened: {opened.Errors}");
        }

        public async Task PlayAsync(DemoOffice.PlannedClaim claim, Guid id, DemoOffice.Step step, ClaimsPrincipal who, string representativeId, CancellationToken cancellationToken)
        {
            clock.Now = step.At;
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
                if (engine.DefinitionOf(current.ToState()).ActionsById[step.Action].Assign is { } assign && !inputs.ContainsKey(assign))
                {
                    inputs[assign] = JsonSerializer.SerializeToElement(representativeId);
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

    private sealed class WalkingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

// The history is played on a clock in the past: its notices are marked sent with the other past reminders at the end, not dispatched now.
internal sealed class PastNeedsNoDispatch : IReminderJobQueue
{
    public static readonly PastNeedsNoDispatch Instance = new();

    public void EnqueueBatch(IReadOnlyList<ClaimedReminder> batch)
    {
    }

    public void ScheduleSend(ClaimedReminder reminder, TimeSpan delay)
    {
    }

    public void EnqueueDispatch()
    {
    }
}
