using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class OtherDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("other", "Overtime_signup_December.xlsx", SampleFormat.Xlsx,
        [
            """
            Name | Classification | Sat 12/5 | Sat 12/12 | Sat 12/19 | Weekday evenings
            A. Lopez | PT II | X | | X | Tue, Thu
            B. Singh | PT II | | X | | Mon
            C. Wong | PT III | X | X | |
            D. Brown | PT II | | | X | Wed, Thu
            Voluntary extra hours; first come first served; supervisor approval required.
            """,
        ],
        [
        ]),

        new("other", "Desk Manual - Mail Intake Unit.docx", SampleFormat.Docx,
        [
            """
            Mail Intake Unit - Procedures
            Chapter 1: Receiving and opening mail. Date-stamp every document on the day it arrives.
            Chapter 2: Sorting. Separate claim forms, employer correspondence and returned mail into the labeled bins.
            Chapter 3: Scanning. Batch no more than 50 pages; verify image quality before releasing the batch.
            Chapter 4: Records retention. Originals are kept 30 days, then shredded under the retention schedule.
            """,
        ],
        [
        ]),

        new("other", "Telework Agreement - STD 200.pdf", SampleFormat.TextPdf,
        [
            """
            STATE OF CALIFORNIA
            TELEWORK AGREEMENT
            STD. 200 (Rev. 2/2026)

            Employee name: ____________________   Classification: Program Technician II
            Telework schedule: Monday, Wednesday, Friday; office days Tuesday and Thursday.
            Alternate work location: employee's residence in Sacramento County.

            The employee agrees to maintain a safe work space, protect confidential information and be reachable during working hours. Equipment issued: laptop, monitor, docking station.
            Supervisor signature ______________   Date ________
            """,
        ],
        [
        ]),

        new("other", "parking and building access.txt", SampleFormat.Text,
        [
            """
            Welcome to the 800 Capitol Mall building!

            Parking permits are issued by Business Services on the 2nd floor. Monthly permits for Lot 3 cost $75.
            Your badge opens the front entrance from 6 a.m. to 7 p.m. After hours, use the east door and sign in with security.
            Bike lockers are available in the garage; ask Business Services for a key.
            Emergency evacuation: assemble at Cesar Chavez Plaza.
            """,
        ],
        [
        ]),

        new("other", "bilingual certification notes.txt", SampleFormat.Text,
        [
            """
            Notes from the bilingual services meeting, 10/21

            - 14 positions in the unit are designated bilingual (Spanish); 2 more requested for Vietnamese.
            - Staff in designated positions take the oral fluency test through CalHR; results are valid indefinitely.
            - Bilingual staff on the phones answer Spanish-language calls from claimants most of the day.
            - The pay differential is $100 a month once certified.
            """,
        ],
        [
            H(Time, "most of the day"),
        ]),

        new("other", "scan0050.pdf", SampleFormat.ScannedPdf,
        [
            """
            REASONABLE ACCOMMODATION REQUEST - ERGONOMIC EQUIPMENT
            Employee works at a telephone workstation for the full shift.
            Requested items: sit/stand desk converter, noise-cancelling headset, footrest.
            Medical documentation attached: yes
            Return completed form to the Reasonable Accommodation Coordinator.
            """,
        ],
        [
            H(Phone, "noise-cancelling headset"),
        ]),
    ];
}
