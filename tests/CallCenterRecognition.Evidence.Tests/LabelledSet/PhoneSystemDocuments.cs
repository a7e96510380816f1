using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class PhoneSystemDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("phone-system", "Daily_Split_Report_2026-11-09.pdf", SampleFormat.TextPdf,
        [
            """
            Avaya CMS - Split/Skill Summary Report
            Date: 11/09/2026      Skills: 310 UI English, 311 UI Spanish, 315 Employer

            Skill   Offered   Answered   Abandoned   ASA      Avg Talk   Avg ACW
            310     9,812     7,406      2,406       18:22    6:51       0:48
            311     2,217     1,802      415         21:05    7:37       0:55
            315     1,044     1,001      43          2:12     5:10       0:40

            Service level (calls answered within 60 seconds): 12.4%
            """,
            """
            Agent Summary - Skill 310
            Staffed agents: 148      Average agents on ACD calls: 121
            Total ACD calls handled: 7,406      Average handle time: 7 minutes 39 seconds
            Longest wait in queue: 1 hour 14 minutes
            """,
        ],
        [
            H(Phone, "Avaya CMS"),
            H(Volume, "Service level (calls answered within 60 seconds)"),
            H(Phone, "Average agents on ACD calls", 2),
            H(Volume, "Average handle time", 2),
        ]),

        new("phone-system", "interval_report_week45.xlsx", SampleFormat.Xlsx,
        [
            """
            Interval | Calls offered | Calls handled | Abandon rate | Avg speed of answer (sec) | Agents logged in
            08:00-08:30 | 812 | 402 | 41% | 1310 | 96
            08:30-09:00 | 744 | 455 | 33% | 1186 | 112
            09:00-09:30 | 690 | 498 | 24% | 904 | 118
            09:30-10:00 | 655 | 530 | 17% | 612 | 121
            """,
        ],
        [
            H(Volume, "Calls offered"),
        ]),

        new("phone-system", "finesse_screenshot.png", SampleFormat.Png,
        [
            """
            Cisco Finesse - Agent Desktop
            Status: Talking 00:04:51
            Caller ID: (916) 555-0142   Queue: DCSS_General_English
            Calls in queue: 37   Longest waiting: 12:48
            Buttons: Hold  Transfer  Consult  Conference  End
            """,
        ],
        [
            H(Phone, "Cisco Finesse"),
            H(Phone, "Calls in queue"),
        ]),

        new("phone-system", "IMG_4480.jpg", SampleFormat.PhotoJpeg,
        [
            """
            WALLBOARD - TAXPAYER SERVICES
            Calls waiting: 214
            Oldest call: 00:41:07
            Agents available: 3
            Agents on calls: 88
            Service level today: 22%
            """,
        ],
        [
            H(Volume, "Service level today"),
        ]),

        new("phone-system", "Jabber softphone setup for telework.docx", SampleFormat.Docx,
        [
            """
            Setting up your softphone for telework
            1. Connect to the VPN before opening Cisco Jabber.
            2. Plug in your state-issued USB headset; Jabber selects it automatically.
            3. In Finesse, sign in with your agent ID and extension, then go Ready to receive calls from the ACD.
            4. If calls ring at your desk phone in the office instead, call the telecom help desk to move your line.
            Calls are recorded and may be monitored through the computer telephony integration for quality purposes.
            """,
        ],
        [
            H(Phone, "Cisco Jabber"),
            H(Phone, "receive calls from the ACD"),
            H(Phone, "computer telephony integration"),
        ]),

        new("phone-system", "scan0031.pdf", SampleFormat.ScannedPdf,
        [
            """
            Telecommunications Change Request
            Requesting unit: Disability Insurance Call Center
            Request: add 12 agents to the DI Spanish skill and update the IVR announcement for the holiday closure.
            Routing: automatic call distribution to the longest available agent.
            Approved by: Telecommunications Manager
            """,
        ],
        [
            H(Center, "Disability Insurance Call Center"),
            H(Phone, "automatic call distribution"),
        ]),
    ];
}
