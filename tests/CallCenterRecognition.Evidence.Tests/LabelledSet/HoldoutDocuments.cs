using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

// Written after the suggester's weights and the finder's patterns were settled on the rest of the set, and never
// tuned on: their figures, reported apart, are the out-of-sample estimate.
internal static class HoldoutDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("duty-statements", "CalSTRS_member_services_rep_DS.docx", SampleFormat.Docx,
        [
            """
            California State Teachers' Retirement System
            Member Services Representative (Associate Governmental Program Analyst) - Duty Statement
            Member Contact Center, Customer Service Division
            Under general direction, the incumbent handles telephone and virtual appointment inquiries from educators about retirement benefits.
            Essential Functions
            (70%) Take inbound calls from members and beneficiaries; explain benefit estimates, service credit purchases and retirement application steps.
            (20%) Complete follow-up actions in the pension administration system.
            (10%) Participate in projects to improve member self-service.
            """,
        ],
        [
            H(Center, "Member Contact Center"),
            H(Time, "(70%) Take inbound calls"),
        ]),

        new("duty-statements", "PD 4481-021 Consumer Services Representative.pdf", SampleFormat.TextPdf,
        [
            """
            DEPARTMENT OF CONSUMER AFFAIRS
            Consumer Information Center
            Position Description: Consumer Services Representative

            Percent of time / Description of duties
            75 percent  Respond by telephone to consumers seeking information about licensees, complaint procedures and board contacts; refer callers to the correct board or bureau.
            15 percent  Enter complaint intake information into the licensing and enforcement system.
            10 percent  Update the public information scripts and FAQs used by the unit.
            """,
        ],
        [
            H(Center, "Consumer Information Center"),
            H(Time, "75 percent  Respond by telephone"),
            H(Script, "public information scripts"),
        ]),

        new("org-charts", "DOR_Consumer_Services_orgchart.pdf", SampleFormat.TextPdf,
        [
            """
            Department of Rehabilitation
            Consumer Services Section - Organizational Structure (rev. 08/2026)

            Section Chief (SSM II)
              - Consumer Contact Unit: SSM I, 9 Staff Services Analysts, 2 Office Technicians
              - Appeals and Complaints Unit: SSM I, 4 AGPA
              - Accessibility Liaison (1 AGPA)
            """,
        ],
        [
        ]),

        new("org-charts", "CDSS CalFresh Helpline team layout.xlsx", SampleFormat.Xlsx,
        [
            """
            Team | Lead | Supervisor | Manager | Headcount
            CalFresh Helpline Team A | PT III | SSM I | SSM II | 11
            CalFresh Helpline Team B | PT III | SSM I | SSM II | 10
            Escalations | AGPA | SSM I | SSM II | 4
            """,
        ],
        [
            H(Center, "CalFresh Helpline Team A"),
        ]),

        new("training-materials", "Covered CA renewal call guide.docx", SampleFormat.Docx,
        [
            """
            Renewal Season - Service Center Call Guide
            Purpose: help consumers complete their annual renewal on the first call.
            Say: "I can help you update your income so your premium assistance stays accurate."
            If the consumer's income changed by more than 10%, walk them through the income section step by step.
            If they cannot reach the account, reset the password while they stay on the line.
            Do not quote premium amounts until the eligibility results display.
            """,
        ],
        [
            H(Script, "Service Center Call Guide"),
        ]),

        new("training-materials", "Module 4 - Using the hold and transfer features.pdf", SampleFormat.TextPdf,
        [
            """
            Module 4: Using hold, mute and transfer
            Learner outcomes: place a caller on hold correctly, complete a warm transfer, and avoid dropped calls.
            Warm transfer: tell the caller who you are transferring them to, stay on the line, introduce the caller and the reason for the call, then release.
            Practice lab: complete three warm transfers in the practice environment of the phone system before going live.
            """,
        ],
        [
            H(Phone, "phone system"),
        ]),

        new("phone-codes", "agent state codes - Medi-Cal phones.txt", SampleFormat.Text,
        [
            """
            Medi-Cal Telephone Service Center - agent state codes

            READY        take calls
            NR-BRK       rest break (2 x 15 minutes a day)
            NR-LUN       meal period
            NR-MTG       meeting, huddle, one-on-one
            NR-TRN       training or e-learning
            NR-FOL       follow-up work approved by the lead
            Leads pull a report of not ready time each afternoon.
            """,
        ],
        [
            H(Center, "Telephone Service Center"),
        ]),

        new("phone-codes", "Idle codes update.docx", SampleFormat.Docx,
        [
            """
            Updated idle codes - effective Monday
            Idle 1 Break
            Idle 2 Lunch
            Idle 3 Team meeting
            Idle 4 Coaching with supervisor
            Idle 5 Back-office work assigned by lead
            Please do not stay in Idle 5 without approval; idle codes are audited against the schedule.
            """,
        ],
        [
            H(Script, "idle codes are audited"),
        ]),

        new("quality-assessments", "Quality call observation - CalVet benefits line.pdf", SampleFormat.TextPdf,
        [
            """
            CalVet Benefits Line - Call Observation Form
            Observer: Quality Lead        Veterans Service Representative: #114
            Date: 11/12/2026

            Greeting and introduction: Satisfactory
            Confirms veteran identity: Satisfactory
            Knowledge of home loan and college fee waiver programs: Needs improvement
            Tone and empathy: Outstanding
            Call wrap-up and documentation: Satisfactory
            Observer notes: explained the fee waiver clearly but gave an outdated income limit; review the current bulletin.
            """,
        ],
        [
        ]),

        new("quality-assessments", "calibration session notes.txt", SampleFormat.Text,
        [
            """
            QA calibration - November 18
            Attendees: 3 supervisors, 2 quality analysts, 1 lead.
            We each scored the same recorded call (claimant asking about an overpayment).
            Scores ranged from 78% to 92%. Main disagreement: whether the representative needed to read the full overpayment waiver disclosure or could summarize it.
            Decision: the disclosure must be read verbatim; the form will be updated.
            """,
        ],
        [
        ]),

        new("emails", "Phones are down - use backup line.eml", SampleFormat.Eml,
        [
            """
            Team,

            Our phone system vendor reports an outage affecting inbound calls to the 800 number. Until it is fixed, the IVR will send callers to the backup line. Please stay logged in; calls will reach you through the backup line as they come in.

            I'll send an update by 10 a.m.
            Luis
            """,
        ],
        [
            H(Phone, "phone system vendor"),
            H(Phone, "the IVR will send callers"),
        ],
        Subject: "Outage - inbound calls rerouted", From: "luis.ramirez@cdtfa.ca.gov", To: "cts-phones@cdtfa.ca.gov"),

        new("emails", "Huddle recap.eml", SampleFormat.Eml,
        [
            """
            Hi all,

            Recap of this morning's huddle:
            - Yesterday we answered 2,940 calls with an average wait of 21 minutes.
            - Please remind callers about the online chat option for simple questions.
            - Spanish line is short-staffed this week; bilingual staff will be moved to that queue from 1 to 3 p.m.

            Thanks for all you do,
            Priya
            """,
        ],
        [
            H(Volume, "2,940 calls"),
        ],
        Subject: "Huddle recap - Tuesday", From: "priya.shah@edd.ca.gov", To: "ui-fresno-unit2@edd.ca.gov"),

        new("customer-surveys", "Consumer experience survey Q2 results.pdf", SampleFormat.TextPdf,
        [
            """
            Covered California Service Center
            Consumer Experience Survey - Second Quarter Results

            Sample: 4,118 consumers who called the service center were invited by text message; 1,306 replied (32%).
            Agreed the representative was knowledgeable: 88%
            Agreed their question was answered: 79%
            Would rate the overall phone experience 4 or 5 out of 5: 74%
            Open-ended feedback praised short waits in April and criticized long waits in May.
            """,
        ],
        [
            H(Center, "Covered California Service Center"),
        ]),

        new("customer-surveys", "Caller feedback cards - tally.xlsx", SampleFormat.Xlsx,
        [
            """
            Month | Cards returned | Excellent | Good | Fair | Poor
            July | 212 | 120 | 61 | 19 | 12
            August | 198 | 101 | 70 | 18 | 9
            September | 240 | 133 | 72 | 24 | 11
            """,
        ],
        [
        ]),

        new("phone-system", "UCCX skill routing map.docx", SampleFormat.Docx,
        [
            """
            Contact Center Express (UCCX) - Skill Routing Map, Business Entities line
            Main menu option 1 (filing status) -> CSQ BE_Filing -> skill BE_General, competence 5
            Main menu option 2 (certificates) -> CSQ BE_Certs -> skill BE_Certs
            Main menu option 3 (speak to staff) -> CSQ BE_Overflow -> all BE agents
            After-hours: closed message, then disconnect.
            """,
        ],
        [
            H(Phone, "UCCX"),
        ]),

        new("phone-system", "Telephony weekly stats wk 46.txt", SampleFormat.Text,
        [
            """
            Telephony weekly statistics - week 46
            Calls presented: 61,220
            Calls answered: 48,907
            Abandoned: 12,313 (20.1%)
            Average speed of answer: 14:02
            Average handle time: 8:41
            Peak agents staffed: 214 (Monday 10:00)
            """,
        ],
        [
            H(Volume, "Average speed of answer"),
        ]),

        new("performance-documents", "Letter of commendation - phones.docx", SampleFormat.Docx,
        [
            """
            Dear Ms. Alvarez,
            I want to thank you for your exceptional work on the Disability Insurance phone lines during the claim backlog this summer. You volunteered for extended hours, took on the most difficult escalated callers and still kept the unit's highest quality scores.
            A copy of this letter will be placed in your official personnel file.
            Sincerely,
            Deputy Director, Disability Insurance Branch
            """,
        ],
        [
        ]),

        new("performance-documents", "Availability counseling memo 10-27.pdf", SampleFormat.TextPdf,
        [
            """
            MEMORANDUM
            DATE: October 27, 2026
            TO: Tax Technician, Collections Phones
            FROM: Supervisor
            SUBJECT: Informal counseling - phone availability

            This memo confirms our discussion today. During the last four weeks you were available to take calls an average of 61% of your logged-in time, compared with the unit standard of 80%. You agreed to limit time in non-call states to approved activities.
            This is an informal counseling and will not be placed in your official personnel file.
            """,
        ],
        [
            H(Time, "61% of your logged-in time"),
        ]),

        new("web-pages", "FTB - Contact us by phone.pdf", SampleFormat.TextPdf,
        [
            """
            ftb.ca.gov/help/contact/phone.html

            Contact us by phone
            Personal income tax: 800-852-5711
            Business entities: 888-635-0494
            Our phone representatives are available weekdays 7 a.m. to 5 p.m. Wait times are longest on Mondays and in April.
            Automated service is available 24/7 for refund status and balance due.

            Was this page helpful?  Yes  No
            """,
        ],
        [
            H(Volume, "Wait times are longest"),
        ]),

        new("web-pages", "DCSS news - customer connect anniversary.docx", SampleFormat.Docx,
        [
            """
            DCSS News | Posted November 4, 2026
            Customer Connect marks five years
            Five years ago the department consolidated county phone lines into a single statewide call center for parents and employers. Since then, staff have handled more than 9 million calls.
            "Our call center team is the voice of child support in California," the director said.
            Read more stories | Subscribe | Share this page
            """,
        ],
        [
            H(Center, "single statewide call center"),
            H(Volume, "9 million calls"),
        ]),

        new("other", "Holiday coverage preference form.docx", SampleFormat.Docx,
        [
            """
            Holiday Coverage Preference Form - December 2026
            Please rank the days you prefer to work during the holiday weeks (1 = most preferred).
            December 23 ___  December 24 ___  December 26 ___  December 30 ___  December 31 ___
            Requests will be granted by seniority within each classification.
            Return to your supervisor by November 20.
            """,
        ],
        [
        ]),

        new("other", "Ergonomics checklist.txt", SampleFormat.Text,
        [
            """
            Workstation ergonomics self-check
            Top of monitor at or slightly below eye level.
            Keyboard at elbow height, wrists straight.
            Feet flat on the floor or a footrest.
            Take a short stretch break every hour.
            Contact Health and Safety for an evaluation if you have discomfort.
            """,
        ],
        [
        ]),
    ];
}
