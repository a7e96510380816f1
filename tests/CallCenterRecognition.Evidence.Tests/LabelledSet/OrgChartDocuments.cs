using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class OrgChartDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("org-charts", "UI Customer Service Division - Organization Chart 2026.pdf", SampleFormat.TextPdf,
        [
            """
            EMPLOYMENT DEVELOPMENT DEPARTMENT
            UNEMPLOYMENT INSURANCE CUSTOMER SERVICE DIVISION
            ORGANIZATION CHART - EFFECTIVE JULY 1, 2026

            [Division Chief, CEA B]
                |
            [Deputy Division Chief, SSM III]
                |
            +-- [Sacramento Call Center - SSM II]
            |     +-- [Unit 1 - Program Supervisor] -- 14 Program Technician II, 2 PT III (lead)
            |     +-- [Unit 2 - Program Supervisor] -- 13 Program Technician II, 1 vacant
            +-- [Fresno Call Center - SSM II]
            |     +-- [Unit 3 - Program Supervisor] -- 15 Program Technician II
            +-- [Workforce Management / Telephony Support - SSM I] -- 3 SSA, 1 AGPA
            """,
        ],
        [
            H(Center, "Sacramento Call Center"),
            H(Center, "Fresno Call Center"),
        ]),

        new("org-charts", "scan_20261014_093311.pdf", SampleFormat.ScannedPdf,
        [
            """
            DEPARTMENT OF HEALTH CARE SERVICES
            Medi-Cal Eligibility Division - Telephone Service Center Section
            Section Chief (SSM II)
            Supervisor, Team A (SSM I): 12 Eligibility Technicians
            Supervisor, Team B (SSM I): 11 Eligibility Technicians, 1 Office Technician
            Supervisor, Team C (SSM I): 10 Eligibility Technicians (2 positions vacant)
            Support: Staff Services Analyst (phone reports and schedules)
            """,
        ],
        [
            H(Center, "Telephone Service Center Section"),
        ]),

        new("org-charts", "branch structure.png", SampleFormat.Png,
        [
            """
            Franchise Tax Board - Filing Division
            Contact Center Bureau Organization
            Bureau Director
            Assistant Bureau Director
            Personal Income Tax Phones - Manager - 4 supervisors - 62 Tax Technicians
            Business Entity Phones - Manager - 2 supervisors - 24 Tax Technicians
            Collections Phones - Manager - 3 supervisors - 41 Compliance Representatives
            """,
        ],
        [
            H(Center, "Contact Center Bureau"),
        ]),

        new("org-charts", "PXL_20261102_org.jpg", SampleFormat.PhotoJpeg,
        [
            """
            DMV Customer Communications Section
            Org structure as of November 2026
            Manager: SSM II
            Help Line Unit 1: Supervisor + 16 Motor Vehicle Representatives
            Help Line Unit 2: Supervisor + 15 Motor Vehicle Representatives
            Correspondence Unit: Supervisor + 8 Office Technicians
            """,
        ],
        [
            H(Center, "Help Line Unit 1"),
        ]),

        new("org-charts", "Customer Connect org chart draft.docx", SampleFormat.Docx,
        [
            """
            Department of Child Support Services - Customer Connect
            Organizational chart (draft for the reorganization)
            Assistant Director, Customer Connect
            Chief, Contact Center Operations (SSM III)
            Manager, Statewide Call Center North (SSM II) - 5 units of Child Support Specialists
            Manager, Statewide Call Center South (SSM II) - 4 units of Child Support Specialists
            Chief, Quality and Training (SSM I) - QA analysts, trainers
            All lines report up to the Deputy Director, Customer Services.
            """,
        ],
        [
            H(Center, "Statewide Call Center North"),
            H(Center, "Contact Center Operations"),
        ]),

        new("org-charts", "Positions_by_unit.xlsx", SampleFormat.Xlsx,
        [
            """
            Position Number | Classification | Unit | Reports To | Status
            851-310-5157-001 | Staff Services Manager II | Disability Insurance Call Center | Deputy Division Chief | Filled
            851-310-9928-014 | Program Technician II | DI Call Center - Unit 1 | Program Supervisor, Unit 1 | Filled
            851-310-9928-015 | Program Technician II | DI Call Center - Unit 1 | Program Supervisor, Unit 1 | Vacant
            851-310-9928-021 | Program Technician II | DI Call Center - Unit 2 | Program Supervisor, Unit 2 | Filled
            851-310-9928-022 | Program Technician III | DI Call Center - Unit 2 | Program Supervisor, Unit 2 | Filled
            """,
        ],
        [
            H(Center, "Disability Insurance Call Center"),
        ]),
    ];
}
