using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class DutyStatementDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("duty-statements", "DS_ProgramTech_II_UI_Branch.pdf", SampleFormat.TextPdf,
        [
            """
            EMPLOYMENT DEVELOPMENT DEPARTMENT
            POSITION STATEMENT
            Unemployment Insurance Branch, Sacramento Customer Contact Unit
            Classification: Program Technician II          Position No.: 851-310-9928-014
            Working Title: Customer Service Representative

            General Statement: Under the direction of the Program Supervisor, the incumbent serves as the first point of contact for claimants and employers who telephone the Unemployment Insurance program.

            Duties and Percentage of Time

            65% Answers incoming telephone calls routed through the automatic call distributor from claimants, employers and the general public; determines the nature of each inquiry and takes the appropriate action on the claim.

            20% Researches claim records in the Single Client Database, reissues payments, updates addresses and schedules eligibility interviews.
            """,
            """
            10% Prepares written responses to correspondence and e-mail inquiries referred from the phone lines.

            5% Attends unit meetings and training sessions.

            Knowledge and Abilities: Ability to communicate effectively over the telephone; ability to remain courteous while handling a high volume of calls.

            I have read this position statement and discussed the duties with my supervisor.
            Employee signature ____________  Date ________
            """,
        ],
        [
            H(Time, "65% Answers incoming telephone calls"),
            H(Phone, "automatic call distributor"),
            H(Service, "first point of contact"),
            H(Volume, "high volume of calls", 2),
        ]),

        new("duty-statements", "scan0001.pdf", SampleFormat.ScannedPdf,
        [
            """
            FRANCHISE TAX BOARD - DUTY STATEMENT
            Taxpayer Services Center, Personal Income Tax Phones
            Class Title: Tax Technician
            Essential functions (percentages are approximate):
            70% Responds to taxpayer calls on the personal income tax line regarding refunds, balances due, notices and payment plans.
            15% Sets up installment agreements and resolves account problems for taxpayers.
            10% Works the correspondence inventory when call volume is low.
            5% Participates in quality reviews and team meetings.
            """,
        ],
        [
            H(Time, "responds to taxpayer calls"),
            H(Center, "Taxpayer Services Center"),
            H(Service, "resolves account problems"),
        ]),

        new("duty-statements", "IMG_2041.jpg", SampleFormat.PhotoJpeg,
        [
            """
            Department of Child Support Services
            Duty Statement - Child Support Specialist
            Customer Connect Call Center

            60% Assist parents over the phone with questions about their child support case, payments and enforcement actions.
            25% Document each contact in the case management system and route follow-up tasks.
            15% Other related duties as assigned.
            """,
        ],
        [
            H(Time, "60% Assist parents over the phone"),
            H(Center, "Customer Connect Call Center"),
        ]),

        new("duty-statements", "OT_Typing_position_description.docx", SampleFormat.Docx,
        [
            """
            Department of Motor Vehicles - Office Technician (Typing) - Position Description
            Unit: Driver License Operations Telephone Service Center
            Reports to: Staff Services Manager I
            Job duties
            50% - Staffs the public telephone lines; provides information to the public about license renewals, appointments, REAL ID documents and fees.
            30% - Processes mail-in renewal applications and updates driver records.
            20% - Handles walk-in referrals from field offices and other clerical duties.
            Physical requirements: sit for prolonged periods wearing a headset.
            """,
        ],
        [
            H(Time, "50% - Staffs the public telephone lines"),
            H(Service, "provides information to the public"),
            H(Center, "Telephone Service Center"),
            H(Phone, "wearing a headset"),
        ]),

        new("duty-statements", "CDTFA Business Taxes Rep - duties.pdf", SampleFormat.TextPdf,
        [
            """
            California Department of Tax and Fee Administration
            Customer and Taxpayer Services Division
            Business Taxes Representative - statement of duties

            The Business Taxes Representative spends the majority of the workday on the telephone answering questions from business owners about seller's permits, returns and fees. Staff may be scheduled on the phones for their entire shift during the filing season.

            Specific tasks:
            - Explain tax and fee programs and filing requirements to callers.
            - Take account registrations and updates by phone.
            - Transfer complex calls to the appropriate technical specialist.
            - Log every contact using the required wrap-up codes.

            Supervision exercised: none. Supervision received: Business Taxes Administrator I.
            """,
        ],
        [
            H(Time, "majority of the workday on the telephone"),
            H(Service, "answering questions from business owners"),
            H(Script, "wrap-up codes"),
        ]),

        new("duty-statements", "duty_statement_p1.png", SampleFormat.Png,
        [
            """
            CalPERS Customer Contact Center
            Retirement Program Specialist I - Duty Statement
            55% Answer member and employer telephone inquiries regarding retirement, health benefits and service credit.
            25% Research member accounts and complete service requests.
            20% Respond to secure messages and written inquiries.
            """,
        ],
        [
            H(Center, "Customer Contact Center"),
            H(Time, "55% Answer member and employer telephone inquiries"),
            H(Service, "service requests"),
        ]),
    ];
}
