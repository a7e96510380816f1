using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class QualityDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("quality-assessments", "Call Review - J Moreno - Oct.pdf", SampleFormat.TextPdf,
        [
            """
            UI Call Center - Call Quality Review
            Representative: J. Moreno          Reviewer: T. Nguyen, Program Supervisor
            Call date: 10/14/2026   Call length: 7:42   Call type: Claim status / certification

            1. Used the standard greeting and gave name ......................... Yes (5/5)
            2. Verified claimant identity before disclosing information ........ Yes (10/10)
            3. Accurate information about the certification issue .............. Partial (10/20)
            4. Offered self-service options (UI Online, Tele-Cert) ............. Yes (5/5)
            5. Professional tone, avoided dead air ................................ Yes (10/10)
            6. Correct notes and disposition ..................................... No (0/10)

            Result: 40 of 60 points. Discussed with the employee on 10/16/2026. The representative agreed to review the certification job aid and will be reviewed again on two calls next month.
            """,
        ],
        [
            H(Center, "UI Call Center"),
            H(Script, "Used the standard greeting"),
        ]),

        new("quality-assessments", "QA_scores_Q3.xlsx", SampleFormat.Xlsx,
        [
            """
            Employee | Calls reviewed | Greeting | Verification | Accuracy | Courtesy | Overall %
            Representative 01 | 6 | 100 | 100 | 88 | 100 | 94
            Representative 02 | 6 | 83 | 100 | 75 | 92 | 86
            Representative 03 | 5 | 100 | 80 | 90 | 100 | 91
            Representative 04 | 6 | 100 | 100 | 95 | 100 | 98
            Team average (call monitoring, third quarter) | 23 | 96 | 95 | 87 | 98 | 92
            """,
        ],
        [
            H(Volume, "Calls reviewed"),
        ]),

        new("quality-assessments", "Monitoring feedback - side-by-side 11-05.docx", SampleFormat.Docx,
        [
            """
            Live monitoring feedback (side-by-side session)
            Employee: Child Support Specialist, Customer Connect     Observer: Lead, Team 4
            The specialist took 9 calls during the two-hour session.
            Strengths: warm greeting, clear explanation of the income withholding order, good use of hold etiquette.
            Opportunities: verify the caller's address on every call; avoid long silences while the case screen loads; summarize next steps before closing.
            Rating this session: Meets expectations (3 of 4).
            Employee comments: I agree with the feedback. Signed and dated by both.
            """,
        ],
        [
            H(Volume, "took 9 calls"),
        ]),

        new("quality-assessments", "scan0042.pdf", SampleFormat.ScannedPdf,
        [
            """
            TAXPAYER SERVICES CENTER - TELEPHONE QUALITY EVALUATION
            Evaluated by: Quality Unit          Employee: Tax Technician
            Opening statement: Meets
            Authentication: Meets
            Technical accuracy: Does not meet - gave incorrect payment plan fee
            Call control: Meets
            Overall: 82% - coaching scheduled
            """,
        ],
        [
            H(Center, "TAXPAYER SERVICES CENTER"),
            H(Script, "Opening statement"),
        ]),

        new("quality-assessments", "IMG_20261120_141502.jpg", SampleFormat.PhotoJpeg,
        [
            """
            DMV Call Center Quality Checklist
            Greets caller within 3 seconds of connect
            Uses caller's name at least once
            Gives correct fee and document information
            Offers online service where available
            Thanks the caller and closes properly
            Score: 18 / 20
            """,
        ],
        [
            H(Center, "DMV Call Center"),
        ]),

        new("quality-assessments", "evaluation_summary.png", SampleFormat.Png,
        [
            """
            Recorded Call Evaluation Summary - November
            Agent: Eligibility Technician, Medi-Cal phone team
            Calls scored: 5   Average score: 87%
            Most missed item: did not confirm the mailing address
            Evaluator comment: very patient with callers, resolves most issues without a transfer.
            """,
        ],
        [
            H(Service, "resolves most issues"),
        ]),
    ];
}
