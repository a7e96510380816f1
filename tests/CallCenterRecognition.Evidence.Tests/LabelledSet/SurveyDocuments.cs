using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class SurveyDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("customer-surveys", "Post-Call Survey Results FY25-26 Q1.pdf", SampleFormat.TextPdf,
        [
            """
            Employment Development Department
            Post-Call Survey Results - July through September 2026
            Unemployment Insurance Customer Service Division

            After their call, 6,214 claimants agreed to answer a short automated survey.

            Question                                                   Agree or strongly agree
            The representative was polite and professional                     91%
            The representative understood my question                          84%
            My issue was resolved during this call                             67%
            I waited an acceptable amount of time to reach someone              38%

            What we heard: callers value knowledgeable staff but remain frustrated with hold times.
            """,
        ],
        [
            H(Volume, "hold times"),
        ]),

        new("customer-surveys", "survey_export_nov.xlsx", SampleFormat.Xlsx,
        [
            """
            Response ID | Date | Line called | Overall rating (1-5) | Would recommend | Comment
            10231 | 11/02/2026 | Child support payments | 5 | Yes | Very helpful, explained my payment history
            10232 | 11/02/2026 | Case questions | 2 | No | Waited 45 minutes on hold
            10233 | 11/03/2026 | Child support payments | 4 | Yes | Answered all my questions
            10234 | 11/03/2026 | Enforcement | 3 | Yes | Call dropped once but they called me back
            """,
        ],
        [
        ]),

        new("customer-surveys", "CSAT dashboard.png", SampleFormat.Png,
        [
            """
            Customer Experience Dashboard - Contact Center
            October 2026
            Satisfied with the call: 4.3 / 5
            First contact resolution: 71%
            Surveys completed: 2,480
            Top compliment: friendly and knowledgeable agents
            Top complaint: long wait to reach an agent
            """,
        ],
        [
            H(Center, "Contact Center"),
        ]),

        new("customer-surveys", "Customer experience questionnaire.docx", SampleFormat.Docx,
        [
            """
            Franchise Tax Board - Tell us about your experience
            Thank you for contacting us by telephone. Please take two minutes to answer the questions below.
            1. How easy was it to reach a representative? (Very easy / Easy / Difficult / Very difficult)
            2. Did the representative answer your questions clearly?
            3. Was your issue fully resolved? (Yes / Partly / No)
            4. Overall, how would you rate the service you received today? (1 = poor, 5 = excellent)
            5. Anything else you would like to tell us?
            """,
        ],
        [
        ]),

        new("customer-surveys", "scan0023.pdf", SampleFormat.ScannedPdf,
        [
            """
            DMV Customer Opinion Card - Telephone Service
            Tabulation of 1,150 returned cards, Quarter 3
            Courteous representative: 93% yes
            Received correct information: 88% yes
            Would call again instead of visiting an office: 61% yes
            Comments mention the long hold before reaching the help line.
            """,
        ],
        [
            H(Center, "help line"),
        ]),

        new("customer-surveys", "caller_feedback_summary.txt", SampleFormat.Text,
        [
            """
            Medi-Cal Member Help Line - Caller Feedback Summary (October 2026)

            Responses collected by the IVR after the call: 3,905
            Percent rating the agent "excellent" or "good": 86%
            Percent saying they got what they needed: 74%

            Verbatim highlights:
            - "The agent walked me through the renewal form step by step."
            - "I was transferred twice before someone could help."
            """,
        ],
        [
            H(Center, "Member Help Line"),
            H(Phone, "IVR"),
        ]),
    ];
}
