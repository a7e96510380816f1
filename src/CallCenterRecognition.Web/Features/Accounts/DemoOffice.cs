using System.Globalization;
using CallCenterRecognition.Workflows;

namespace CallCenterRecognition.Web.Features.Accounts;

// The demo office: invented members of real kinds of state call units, and the history each claim went through.
// A fixed random seed and dates counted back from today make every start with --demo build the same office.
public static class DemoOffice
{
    public const int Seed = 21_4;

    public enum Who
    {
        Mrc,
        Representative,
    }

    public sealed record Unit(string Department, string Name, string BargainingUnit, string Classification, string[] PhoneSystems, string Work);

    public sealed record Document(string Category, string FileName, string Text);

    public sealed record Step(DateTimeOffset At, string Action, Who Who, IReadOnlyDictionary<string, string> Inputs, Document? Document = null, int? ExtendByDays = null);

    // Representative is 1 or 2 (rep1@, rep2@ demo.local); Steps[0] is the intake, the rest are actions or uploads in time order.
    public sealed record PlannedClaim(int Index, string Member, string Email, string Phone, Unit Unit, string Description, int Representative, IReadOnlyList<Step> Steps);

    public const string Open = "open";
    public const string Upload = "upload";

    // Input values filled in with the step's own date when the script is laid on the calendar.
    private const string OnTheDay = "{the step's date}";
    private const string NextPayPeriod = "{first of the next month}";

    public static readonly Unit[] Units =
    [
        new("EDD", "UI Claimant Call Center – Sacramento", "4", "Program Technician II", ["acd", "cti"],
            "Answers unemployment insurance claimants' calls from the ACD queue all day: claim status, eligibility questions and payment holds."),
        new("EDD", "UI Claimant Call Center – Fresno", "4", "Program Technician II", ["acd", "cti"],
            "Takes overflow claimant calls for the Central Valley; agents work from call scripts and are scored on handle time."),
        new("EDD", "Disability Insurance Customer Service – Oakland", "1", "Employment Program Representative", ["acd"],
            "The point of contact for disability insurance claimants and doctors' offices calling about claims and payments."),
        new("EDD", "Payroll Tax Employer Assistance Line", "4", "Tax Technician", ["acd", "desk-phone"],
            "Employers call the line about payroll tax accounts, notices and e-Services; calls are logged in a ticket system."),
        new("FTB", "Taxpayer Services Center – Sacramento", "4", "Tax Technician", ["acd", "cti"],
            "Answers taxpayers' calls about notices, refunds and payment plans; quality reviewers score recorded calls."),
        new("FTB", "Personal Income Tax Collections Call Center", "4", "Tax Technician", ["acd", "cti"],
            "Takes inbound calls from taxpayers with balances due and sets up installment agreements by phone."),
        new("FTB", "Business Entities Customer Service", "1", "Tax Program Technician II", ["acd"],
            "The point of contact for businesses and tax practitioners calling about entity filings and penalties."),
        new("DMV", "DMV Customer Service Center – Sacramento", "4", "Motor Vehicle Representative", ["acd", "cti"],
            "Statewide phone line for driver licence and registration questions; agents must stay in the queue between scheduled breaks."),
        new("DMV", "DMV Customer Service Center – El Monte", "4", "Motor Vehicle Representative", ["acd", "cti"],
            "Answers the public's licence, REAL ID and registration calls for Southern California from the ACD queue."),
        new("DMV", "Occupational Licensing Information Line", "4", "Motor Vehicle Technician", ["desk-phone", "cti"],
            "Dealers, driving schools and traffic schools call the unit about licences and inspections."),
        new("SOS", "Business Programs Information Line", "4", "Program Technician III", ["acd"],
            "Answers callers about business filings, statements of information and certified copies."),
        new("SOS", "Elections Voter Hotline", "4", "Program Technician II", ["acd", "desk-phone"],
            "The toll-free voter hotline: registration status, vote-by-mail ballots and polling places, with scripts for each election."),
        new("DCSS", "Child Support Customer Connection", "1", "Child Support Specialist", ["acd", "cti"],
            "Handles statewide calls from parents about cases, payments and orders; supervisors monitor calls and track adherence."),
        new("DCSS", "Employer Services Line", "4", "Program Technician II", ["acd"],
            "Employers call about income withholding orders and new-hire reporting; every call is coded by type."),
        new("CDCR", "Victim Services Information Line", "1", "Staff Services Analyst", ["acd", "desk-phone"],
            "Victims and families call about notifications, restitution and parole hearings; staff follow a call script."),
        new("CDCR", "Visiting Information Line", "4", "Office Technician (Typing)", ["desk-phone", "cti"],
            "Answers families' calls about visiting rules, appointments and approvals for every institution."),
    ];

    private static readonly string[] FirstNames =
    [
        "Maria", "James", "Linda", "Robert", "Patricia", "Michael", "Jennifer", "David", "Elizabeth", "Carlos",
        "Susan", "Daniel", "Jessica", "Anthony", "Karen", "Mark", "Nancy", "Steven", "Lisa", "Kevin",
        "Angela", "Brian", "Gloria", "Luis", "Michelle", "Jose", "Sandra", "Eric", "Veronica", "Thomas",
        "Denise", "Victor", "Monica", "Andre", "Rosa", "Kenneth", "Teresa", "Hector", "Yolanda", "Darnell",
    ];

    private static readonly string[] LastNames =
    [
        "Garcia", "Johnson", "Martinez", "Williams", "Hernandez", "Brown", "Lopez", "Davis", "Gonzalez", "Miller",
        "Nguyen", "Wilson", "Ramirez", "Anderson", "Torres", "Thomas", "Flores", "Jackson", "Rivera", "Harris",
        "Tran", "Clark", "Sanchez", "Lewis", "Morales", "Robinson", "Reyes", "Walker", "Castillo", "Young",
        "Pham", "Allen", "Ortiz", "King", "Gutierrez", "Wright", "Chavez", "Scott", "Mendoza", "Baker",
    ];

    private static readonly string[] Details =
    [
        "Staff log in to the queue at 8:00 and need a code for every break, lunch and meeting.",
        "Supervisors send daily call statistics and post the longest hold times on a board.",
        "New staff get two weeks of phone training with a call script and shadow a lead.",
        "Calls are recorded and a lead scores two calls a month per person.",
        "The department's web page lists the unit's number as its customer service line.",
        "The unit was moved onto the ACD last year but was never recognized as a call center.",
    ];

    private static readonly string[] Notes =
    [
        "Member will send the duty statement and the org chart this week.",
        "Spoke with the job steward; three more staff in the unit want to sign on as grievants.",
        "Asked the member for screenshots of the phone codes used for breaks and meetings.",
        "Member says the supervisor circulated new call scripts last month; asked for a copy.",
    ];

    private static readonly string[] WithdrawReasons =
    [
        "The member transferred to a different unit and no longer wants to pursue the claim.",
        "The member retired; nobody else in the unit chose to carry the claim.",
        "The unit was reorganized and no longer takes calls from the public.",
        "The member decided not to go ahead after talking with the job steward.",
    ];

    private static readonly string[] ExtensionReasons =
    [
        "Agreed with the department's labor relations officer to give the member time to get the duty statements.",
        "CalHR asked for more time to review the packet; agreed by phone with the CalHR labor relations analyst.",
        "Mutually agreed with CalHR while the appeal documents are gathered.",
    ];

    // Every claim's history, dated back from now: the last step of each claim falls on a business day before today.
    public static IReadOnlyList<PlannedClaim> Plan(DateTimeOffset now, TimeZoneInfo zone, IWorkCalendar calendar)
    {
        var random = new Random(Seed);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var claims = new List<PlannedClaim>();
        foreach (var script in Scripts(random))
        {
            string member;
            do
            {
                member = FirstNames[random.Next(FirstNames.Length)] + " " + LastNames[random.Next(LastNames.Length)];
            }
            while (!names.Add(member));

            var unit = Units[random.Next(Units.Length)];
            var index = claims.Count;
            var email = member.ToLowerInvariant().Replace(' ', '.') + "@example.org";
            var phone = string.Create(CultureInfo.InvariantCulture, $"916-555-{100 + index:D4}");
            var description = unit.Work + " " + Details[random.Next(Details.Length)];
            var steps = Date(script, today, zone, calendar, random, unit, member);
            claims.Add(new PlannedClaim(index, member, email, phone, unit, description, 1 + random.Next(2), steps));
        }

        return claims;
    }

    // A claim's history as gaps in calendar days between steps and the days since its last step; dated in Plan.
    private sealed class Script
    {
        public List<(int Gap, string Action, Who Who, Dictionary<string, string> Inputs, string? Category, int? ExtendBy)> Steps { get; } = [];

        public int Age { get; set; }

        public Script Then(int gap, string action, Who who, Dictionary<string, string>? inputs = null, string? category = null, int? extendBy = null)
        {
            Steps.Add((gap, action, who, inputs ?? [], category, extendBy));
            return this;
        }
    }

    private static IEnumerable<Script> Scripts(Random random)
    {
        Script Intake() => new Script().Then(0, Open, Who.Mrc);
        Script Referred() => Intake().Then(random.Next(0, 2), "refer", Who.Mrc);
        Script Accepted() => Referred().Then(random.Next(1, 4), "accept", Who.Representative);

        // Evidence first, in the CCWG's order of importance; a few claims go without the org chart.
        Script Collected(int documents, bool note = false)
        {
            var script = Accepted();
            string[] others = ["training-materials", "phone-codes", "quality-assessments", "emails", "customer-surveys", "phone-system", "performance-documents", "web-pages"];
            var categories = new List<string> { "duty-statements", "org-charts" };
            categories.AddRange(others.OrderBy(_ => random.Next()).Take(3));
            if (note)
            {
                script.Then(random.Next(1, 4), "add-note", Who.Representative, new() { ["text"] = Notes[random.Next(Notes.Length)] });
            }

            foreach (var category in categories.Take(documents))
            {
                script.Then(random.Next(1, 6), Upload, Who.Representative, category: category);
            }

            return script;
        }

        Script Filed(int documents)
        {
            var script = Collected(documents, note: documents % 2 == 0);
            var missing = documents < 2 ? "true" : "false";
            return script.Then(random.Next(3, 10), "file-grievance", Who.Representative, new() { ["confirmMissingEvidence"] = missing, ["filedOn"] = OnTheDay });
        }

        Script Decided(int documents, string outcome, int afterDays) =>
            Filed(documents).Then(afterDays, "record-decision", Who.Representative, new() { ["outcome"] = outcome, ["decidedOn"] = OnTheDay });

        Script Extended(Script script, int gap, int days) =>
            script.Then(gap, "extend-deadline", Who.Representative, new() { ["reason"] = ExtensionReasons[random.Next(ExtensionReasons.Length)] }, extendBy: days);

        Script Withdrawn(Script script, Who who = Who.Representative) =>
            script.Then(random.Next(3, 20), "withdraw", who, new() { ["reason"] = WithdrawReasons[random.Next(WithdrawReasons.Length)] });

        // Intake (due in 2 business days): one long overdue.
        foreach (var age in new[] { 6, 1, 2 })
        {
            yield return Age(Intake(), age);
        }

        // Referral (5 business days): one overdue.
        foreach (var age in new[] { 2, 12, 3 })
        {
            yield return Age(Referred(), age);
        }

        // Document collection (30 calendar days from acceptance): fresh, overdue and extended ones.
        yield return Age(Collected(2), 8);
        yield return Age(Collected(1, note: true), 40);
        yield return Age(Accepted(), 45);
        yield return Age(Extended(Collected(3), 20, 21), 10);
        yield return Age(Extended(Collected(1), 22, 14), 30);
        yield return Age(Collected(2, note: true), 15);
        yield return Age(Collected(4), 12);
        yield return Age(Collected(0, note: true), 5);
        yield return Age(Collected(1), 34);

        // CalHR review (60 calendar days from filing): some past due, two extended, two back on appeal.
        foreach (var (age, documents) in new[] { (12, 3), (25, 2), (40, 4), (55, 1), (75, 2), (90, 3), (110, 5) })
        {
            yield return Age(Filed(documents), age);
        }

        yield return Age(Extended(Filed(3), 55, 30), 12);
        yield return Age(Extended(Filed(2), 58, 21), 40);
        yield return Age(Decided(2, "denied", 70).Then(8, "appeal", Who.Representative, new() { ["note"] = "Appealing with the new call scripts and the ACD reports." }), 20);
        yield return Age(Decided(3, "denied", 64).Then(6, "appeal", Who.Representative), 68);

        // Recognized (90 days to follow up on the differential): two are past it.
        foreach (var (age, documents) in new[] { (10, 3), (30, 4), (50, 2), (70, 5), (85, 3), (120, 2), (150, 4) })
        {
            yield return Age(Decided(documents, "recognized", random.Next(40, 100)), age);
        }

        // Denied (15 business days to decide on an appeal): one overdue, one extended.
        yield return Age(Decided(2, "denied", random.Next(60, 90)), 4);
        yield return Age(Decided(1, "denied", random.Next(60, 90)), 28);
        yield return Age(Extended(Decided(3, "denied", random.Next(60, 90)), 10, 20), 5);

        // Differential granted: the oldest claims, spread over the year and a half so every month has intakes.
        for (var i = 0; i < 9; i++)
        {
            yield return Age(Decided(2 + (i % 4), "recognized", random.Next(45, 110)).Then(random.Next(30, 110), "record-differential", Who.Representative, new() { ["effectiveOn"] = NextPayPeriod }), 10 + (i * 38));
        }

        // Closed after a denial without appeal.
        for (var i = 0; i < 4; i++)
        {
            yield return Age(Decided(1 + (i % 3), "denied", random.Next(50, 100)).Then(random.Next(5, 12), "close", Who.Representative, new() { ["note"] = "The member chose not to appeal." }), 20 + (i * 90));
        }

        // Withdrawn at every open stage, some long ago.
        yield return Age(Withdrawn(Intake(), Who.Mrc), 300);
        yield return Age(Withdrawn(Referred()), 480);
        yield return Age(Withdrawn(Collected(1)), 60);
        yield return Age(Withdrawn(Collected(2)), 500);
        yield return Age(Withdrawn(Filed(2)), 30);
        yield return Age(Withdrawn(Filed(3)), 150);
        yield return Age(Withdrawn(Decided(3, "recognized", 70)), 90);
    }

    private static Script Age(Script script, int days)
    {
        script.Age = days;
        return script;
    }

    // Counts back from today: each step a business day, steps of one day a little apart in office hours.
    private static List<Step> Date(Script script, DateOnly today, TimeZoneInfo zone, IWorkCalendar calendar, Random random, Unit unit, string member)
    {
        var dates = new DateOnly[script.Steps.Count];
        var day = BusinessDayOnOrBefore(today.AddDays(-Math.Max(1, script.Age)), calendar);
        for (var i = script.Steps.Count - 1; i >= 0; i--)
        {
            dates[i] = day;
            day = BusinessDayOnOrBefore(day.AddDays(-script.Steps[i].Gap), calendar);
        }

        var steps = new List<Step>();
        var minutes = 0;
        for (var i = 0; i < script.Steps.Count; i++)
        {
            minutes = i > 0 && dates[i] == dates[i - 1] ? minutes + random.Next(10, 60) : (8 * 60) + random.Next(0, 300);
            var local = dates[i].ToDateTime(new TimeOnly(Math.Min(minutes, (17 * 60) + 30) / 60, Math.Min(minutes, (17 * 60) + 30) % 60), DateTimeKind.Unspecified)
                .AddSeconds(i);
            var at = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            var (_, action, who, inputs, category, extendBy) = script.Steps[i];
            var values = new Dictionary<string, string>(inputs, StringComparer.Ordinal);
            var date = dates[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var (name, value) in inputs)
            {
                values[name] = value switch
                {
                    OnTheDay => date,
                    NextPayPeriod => new DateOnly(dates[i].Year, dates[i].Month, 1).AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => value,
                };
            }

            steps.Add(new Step(at, action, who, values, category is null ? null : Evidence(category, unit, member, dates[i]), extendBy));
        }

        return steps;
    }

    private static DateOnly BusinessDayOnOrBefore(DateOnly day, IWorkCalendar calendar)
    {
        while (!calendar.IsBusinessDay(day))
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    // Short plain-text stand-ins for the evidence a member would bring, so the packet and the checklist have something real.
    private static Document Evidence(string category, Unit unit, string member, DateOnly date)
    {
        var where = $"{unit.Name}, {unit.Department}";
        var text = category switch
        {
            "duty-statements" => $"""
                DUTY STATEMENT
                Classification: {unit.Classification} (Bargaining Unit {unit.BargainingUnit})
                Unit: {where}
                Incumbent: {member}

                60%  Answer incoming calls from the public in the unit's queue; research and resolve the caller's question.
                20%  Document each call in the case system with the required call codes.
                10%  Return calls and e-mails left in the unit's mailbox within one business day.
                10%  Other duties as assigned, including covering the queue for absent staff.
                """,
            "org-charts" => $"""
                ORGANIZATION CHART – {where}
                Manager
                  Supervisor, Phone Team A – 14 {unit.Classification} positions
                  Supervisor, Phone Team B – 12 {unit.Classification} positions
                  Lead, Quality and Training – 2 positions
                """,
            "training-materials" => $"""
                CALL SCRIPT – {unit.Name}
                1. "Thank you for calling {unit.Department}, my name is ___. How can I help you today?"
                2. Verify the caller's identity with two identifiers before discussing the account.
                3. Close: "Is there anything else I can help you with?" Code the call before taking the next one.
                """,
            "phone-codes" => """
                PHONE CODES (ACD)
                1  Break        2  Lunch        3  Meeting
                4  Training     5  After-call work (max 2 minutes)
                6  Outbound call   9  Logged out – supervisor approval needed
                """,
            "quality-assessments" => $"""
                CALL QUALITY REVIEW – {member}
                Greeting and identification: meets
                Accuracy of information: meets
                Average handle time: 6:40 (target 6:00)
                Adherence to schedule in queue: 91% (target 95%)
                """,
            "emails" => $"""
                From: Phone Team Supervisor
                Subject: Queue coverage this week

                Team, call volume is up 30%. Please stay logged in to the queue and use code 5 only between calls.
                Breaks must follow the posted schedule so the {unit.Name} keeps its service level.
                """,
            "customer-surveys" => $"""
                CUSTOMER SERVICE SURVEY RESULTS – {unit.Name}
                Callers surveyed: 1,240
                Satisfied with the agent: 87%
                Issue resolved on the first call: 72%
                """,
            "phone-system" => $"""
                PHONE SYSTEM – {unit.Name}
                Staff work from {string.Join(", ", unit.PhoneSystems.Select(p => p.ToUpperInvariant()))}.
                Calls are routed by skill; the wallboard shows calls waiting and the longest wait.
                """,
            "performance-documents" => $"""
                MEMORANDUM – Performance expectations
                To: {member}
                Staff are expected to handle 45 calls a day and keep after-call work under two minutes.
                """,
            _ => $"""
                {unit.Department} WEB PAGE (copy)
                "Contact our call center: Monday to Friday, 8 a.m. to 5 p.m." – lists the {unit.Name}.
                """,
        };
        var title = DocumentTitles.GetValueOrDefault(category, "Evidence");
        return new Document(category, $"{title} {date:yyyy-MM-dd}.txt", text + "\n");
    }

    private static readonly Dictionary<string, string> DocumentTitles = new(StringComparer.Ordinal)
    {
        ["duty-statements"] = "Duty statement",
        ["org-charts"] = "Org chart",
        ["training-materials"] = "Call script",
        ["phone-codes"] = "Phone codes",
        ["quality-assessments"] = "Call quality review",
        ["emails"] = "Supervisor e-mail",
        ["customer-surveys"] = "Customer survey",
        ["phone-system"] = "Phone system",
        ["performance-documents"] = "Performance memo",
        ["web-pages"] = "Web page",
    };
}
