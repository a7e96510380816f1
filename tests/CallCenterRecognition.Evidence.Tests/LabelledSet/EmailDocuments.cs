using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class EmailDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("emails", "Phones coverage this week.eml", SampleFormat.Eml,
        [
            """
            Good morning everyone,

            We have 4,300 calls waiting in the queue and a 52 minute wait this morning, so all correspondence work is on hold until further notice. Everyone is to be logged in and available from 8:00 to 5:00 except for scheduled breaks and lunch.

            Leads, please walk the floor and make sure nobody is sitting in Not Ready without a reason.

            Thank you for your hard work,
            Maria
            Program Supervisor, Unit 3
            """,
        ],
        [
            H(Volume, "4,300 calls waiting"),
            H(Phone, "calls waiting in the queue"),
            H(Script, "Not Ready"),
        ],
        Subject: "All hands on the phones - Monday"),

        new("emails", "RE_ QA results for October.eml", SampleFormat.Eml,
        [
            """
            Hi team,

            The October call reviews are done and the unit averaged 91%. The most common miss was not reading the privacy disclosure before giving out claim information - please read it on every call, it is part of the script for a reason.

            Individual results will be discussed at your one-on-ones this week.

            Dana
            """,
        ],
        [
            H(Script, "part of the script"),
        ],
        Subject: "RE: QA results for October", From: "dana.lee@ftb.ca.gov", To: "tsc-unit7@ftb.ca.gov"),

        new("emails", "FW survey comments.eml", SampleFormat.Eml,
        [
            """
            Team,

            Forwarding a few of the comments callers left in the post-call survey last month. Great job - several people mentioned you by name. Keep helping our customers the way you do every day.

            "The lady I spoke with fixed my registration in five minutes."
            "Best phone service I have had from the state."

            Sam
            """,
        ],
        [
            H(Service, "helping our customers"),
        ],
        Subject: "FW: survey comments - nice work!", From: "sam.ortiz@dmv.ca.gov", To: "dmv-ccs-all@dmv.ca.gov"),

        new("emails", "New break code starting Monday.eml", SampleFormat.Eml,
        [
            """
            Hello all,

            Starting Monday we are adding a new code for wellness breaks (AUX 7). Please only use it when approved by your lead. As a reminder, the service level goal is 80% of calls answered within 60 seconds, and every minute in an unplanned aux state affects it.

            Questions? Reply to this message or see me.

            Kim
            """,
        ],
        [
            H(Script, "AUX 7"),
            H(Volume, "service level goal"),
        ],
        Subject: "New break code starting Monday", From: "kim.tran@dcss.ca.gov", To: "cc-team4@dcss.ca.gov"),

        new("emails", "Mandatory overtime - tax season.eml", SampleFormat.Eml,
        [
            """
            Everyone,

            From March 1 through April 15 the Taxpayer Services Center will be open Saturdays from 8 to 12. Each Tax Technician will work two Saturdays on the phones; a sign-up sheet is at the lead's desk. Call volume last season peaked at 18,000 calls a day and we expect the same this year.

            Thank you,
            Management
            """,
        ],
        [
            H(Center, "Taxpayer Services Center"),
            H(Volume, "18,000 calls a day"),
        ],
        Subject: "Saturday phone coverage during filing season", From: "tsc-management@ftb.ca.gov", To: "tsc-all@ftb.ca.gov"),

        new("emails", "Outlook - Reminder about after-call notes.pdf", SampleFormat.TextPdf,
        [
            """
            From: Nguyen, Tina@EDD
            Sent: Tuesday, November 3, 2026 7:58 AM
            To: DI Call Center Unit 2
            Subject: Reminder about after-call notes

            Hi everyone,

            A quick reminder that every call needs a note in the claim before you take the next one. I am seeing a lot of calls with no notes, which makes the next representative start over with the claimant.

            If you need more time, use wrap-up, not a break code.

            Thanks,
            Tina
            """,
        ],
        [
            H(Center, "DI Call Center Unit 2"),
            H(Script, "break code"),
        ]),
    ];
}
