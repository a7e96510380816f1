using System.Globalization;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;

namespace CallCenterRecognition.Web.Features.Reminders;

public sealed record ReminderContext(
    string ClaimNumber,
    string StageName,
    string? StageDescription,
    DateTimeOffset? DueAt,
    TimeZoneInfo Zone,
    string? Link,
    bool ForMember,
    string MemberName,
    string WorkUnit,
    string Department = "",
    string? AssigneeName = null,
    StageDefinition? Stage = null);

public sealed record RenderedMessage(string Subject, string Body);

// One text per template name used in the workflow definition; members get plain words, never stage ids.
public static class ReminderTemplates
{
    private static readonly Dictionary<string, (string Subject, string Lead)> Staff = new(StringComparer.Ordinal)
    {
        ["intake-due"] = ("Claim {0}: refer it to a representative today", "Claim {0} ({1}) is still in {2}. It is due to be referred to a representative by {3}."),
        ["intake-overdue"] = ("Overdue: claim {0} has not been referred", "Claim {0} ({1}) is still in {2}; it should have been referred by {3}."),
        ["referral-due-soon"] = ("Claim {0}: please accept or decline soon", "You were asked to take claim {0} ({1}). Please accept it by {3}."),
        ["referral-due"] = ("Claim {0}: acceptance due today", "Claim {0} ({1}) is waiting for you to accept it; it is due {3}."),
        ["referral-overdue"] = ("Escalation: claim {0} not accepted", "Claim {0} ({1}) was referred but not accepted by {3}. Please follow up or reassign it."),
        ["filing-due-soon"] = ("Claim {0}: file the grievance soon", "The grievance for claim {0} ({1}) is due to be filed by {3}."),
        ["filing-overdue"] = ("Overdue: grievance for claim {0} not filed", "The grievance for claim {0} ({1}) should have been filed by {3}."),
        ["decision-due"] = ("Claim {0}: CalHR decision due", "CalHR's decision on claim {0} ({1}) is due {3}. Record it, or agree an extension."),
        ["decision-overdue"] = ("Overdue: no CalHR decision on claim {0}", "No decision has been recorded for claim {0} ({1}); it was due {3}."),
        ["differential-follow-up"] = ("Claim {0}: follow up on the differential", "Claim {0} ({1}) was recognized. Follow up on the call center differential; the check-in is due {3}."),
        ["pay-check-due"] = ("Claim {0}: check the member's pay for the differential", "The unit of claim {0} ({1}) is recognized as a call center. Check whether the member is paid the differential, and contact the department's HR if not, by {3}."),
        ["payment-confirmation-due"] = ("Claim {0}: confirm the differential is paid", "The department's HR was asked to pay the call center differential on claim {0} ({1}). Confirm it is paid, or follow up, by {3}."),
        ["appeal-due-soon"] = ("Claim {0}: appeal deadline approaching", "Claim {0} ({1}) was denied. Decide with the member whether to appeal by {3}."),
    };

    private static readonly Dictionary<string, string> Member = new(StringComparer.Ordinal)
    {
        ["documents-requested"] = "Please send your duty statement, org chart and any other documents on the checklist to your representative by {3}.",
    };

    // Notices of an event (written by the scheduler, never named by a definition): sent at once to one user.
    public const string Assigned = "assigned";
    public const string ReassignedAway = "reassigned-away";
    public const string GrievantAdded = "grievant-added";

    public static IReadOnlySet<string> Notices { get; } = new HashSet<string>(StringComparer.Ordinal) { Assigned, ReassignedAway, GrievantAdded };

    public static RenderedMessage Render(string template, ReminderContext context)
    {
        if (Notices.Contains(template))
        {
            return RenderNotice(template, context);
        }

        var due = context.DueAt is { } dueAt ? TimeZoneInfo.ConvertTime(dueAt, context.Zone).ToString("dddd, MMMM d, yyyy", CultureInfo.GetCultureInfo("en-US")) : "no date set";
        if (context.ForMember)
        {
            var ask = Member.TryGetValue(template, out var text) ? string.Format(CultureInfo.InvariantCulture, text, context.ClaimNumber, context.WorkUnit, context.StageName, due) : $"The next step on your claim is due by {due}.";
            var body = $"""
                Dear {context.MemberName},

                This is a reminder about your call center recognition claim {context.ClaimNumber} ({context.WorkUnit}).

                Where it stands: {context.StageDescription ?? context.StageName}

                {ask}

                To send documents, use the link your representative sent you. If you cannot find it, ask your representative for a new one.

                SEIU Local 1000 Member Resource Center, 866.471.SEIU
                """;
            return new RenderedMessage($"Your claim {context.ClaimNumber}: a reminder", body);
        }

        var (subject, lead) = Staff.TryGetValue(template, out var known)
            ? known
            : ("Claim {0}: {2} due {3}", "Claim {0} ({1}) is in {2}, due {3}.");
        string Fill(string text) => string.Format(CultureInfo.InvariantCulture, text, context.ClaimNumber, context.WorkUnit, context.StageName, due);
        return new RenderedMessage(Fill(subject), $"""
            {Fill(lead)}

            Stage: {context.StageName}
            Due: {due} (end of the day, California time)

            Open the claim: {context.Link}
            """);
    }

    private static RenderedMessage RenderNotice(string template, ReminderContext context)
    {
        var unit = context.Department.Length > 0 ? $"{context.WorkUnit}, {context.Department}" : context.WorkUnit;
        if (template == GrievantAdded)
        {
            return new RenderedMessage($"Claim {context.ClaimNumber}: another member of the unit joined the grievance", $"""
                Another member of {unit} has been added as a grievant to claim {context.ClaimNumber}. They get their own
                upload link and reminders; the packet's statement lists every grievant.

                Open the claim: {context.Link}
                """);
        }

        if (template == ReassignedAway)
        {
            var to = context.AssigneeName ?? "another representative";
            return new RenderedMessage($"Claim {context.ClaimNumber} was reassigned to {to}", $"""
                Claim {context.ClaimNumber} ({unit}) has been reassigned to {to}. You no longer need to act on it.
                """);
        }

        var due = context.DueAt is { } dueAt ? $"{DisplayDates.Date(dueAt, context.Zone)} (end of the day, California time)" : "no due date set";
        return new RenderedMessage($"Claim {context.ClaimNumber} is assigned to you", $"""
            Claim {context.ClaimNumber} has been assigned to you.

            Member: {context.MemberName}
            Unit: {unit}
            Stage: {context.StageName}
            Due: {due}

            Open the claim: {context.Link}
            """);
    }

    public static IEnumerable<string> KnownTemplates => Staff.Keys.Concat(Member.Keys);

    public static bool IsMemberTemplate(ReminderDefinition reminder) => reminder.Recipient == "member";
}
