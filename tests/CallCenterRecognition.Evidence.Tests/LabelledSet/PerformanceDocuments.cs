using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class PerformanceDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("performance-documents", "Expectations memo - phone availability.docx", SampleFormat.Docx,
        [
            """
            MEMORANDUM
            To: All Program Technicians, UI Call Center - Fresno
            From: Staff Services Manager II
            Date: September 8, 2026
            Subject: Work expectations - availability on the phones
            Effective immediately, staff are expected to be available to take calls at least 85% of their scheduled time, excluding breaks and lunch. Each representative is expected to handle an average of 45 calls per day.
            Time in unavailable states will be reviewed each week. Staff who do not meet these expectations will receive coaching, and continued deficiencies may lead to corrective action.
            """,
        ],
        [
            H(Time, "85% of their scheduled time"),
            H(Volume, "45 calls per day"),
            H(Center, "UI Call Center - Fresno"),
        ]),

        new("performance-documents", "Superior Accomplishment Award - Unit 5.pdf", SampleFormat.TextPdf,
        [
            """
            STATE OF CALIFORNIA
            DEPARTMENT OF CHILD SUPPORT SERVICES

            Superior Accomplishment Award

            presented to the staff of Customer Connect Unit 5

            In recognition of answering more than 96,000 calls from parents during the 2026 system conversion while keeping the average wait under five minutes. Your patience and knowledge helped thousands of families get their payments on time.

            Director                                        Date
            """,
        ],
        [
            H(Volume, "96,000 calls"),
        ]),

        new("performance-documents", "scan0009.pdf", SampleFormat.ScannedPdf,
        [
            """
            LETTER OF INSTRUCTION
            This letter is to address your performance as a Motor Vehicle Representative in the Customer Communications Section.
            On October 2, 6 and 9 you placed callers on hold for more than ten minutes without checking back.
            You are instructed to follow the hold procedure in the call handling guide on every call.
            Failure to improve may result in further corrective or adverse action.
            """,
        ],
        [
            H(Script, "call handling guide"),
        ]),

        new("performance-documents", "PXL_20260611_award.jpg", SampleFormat.PhotoJpeg,
        [
            """
            EMPLOYEE OF THE QUARTER
            Tax Technician - Taxpayer Services Center
            For outstanding service to taxpayers on the phone lines,
            the highest quality scores in the section,
            and for mentoring new staff.
            Congratulations!
            """,
        ],
        [
            H(Center, "Taxpayer Services Center"),
        ]),

        new("performance-documents", "Probation report 2 - Eligibility Tech.pdf", SampleFormat.TextPdf,
        [
            """
            REPORT OF PERFORMANCE FOR PROBATIONARY EMPLOYEE (STD. 636) - Second report
            Classification: Eligibility Technician    Unit: Medi-Cal Telephone Service Center

            Work habits: Logs in to the phones on time and stays available; adherence to schedule 96%.
            Relationships with people: Patient and courteous when answering members' complex eligibility questions by phone.
            Quality of work: Quality evaluation scores averaged 89% over the period.
            Recommendation: Standard. Continue probation.
            """,
        ],
        [
            H(Center, "Telephone Service Center"),
            H(Service, "complex eligibility questions"),
        ]),

        new("performance-documents", "Corrective action plan - attendance.docx", SampleFormat.Docx,
        [
            """
            Performance Improvement Plan
            Employee: Program Technician II, Disability Insurance phones
            Area needing improvement: schedule adherence and log-in times.
            Over the last 60 days you logged in to the ACD an average of 14 minutes late and spent 11% of your shift in an unauthorized aux state.
            Plan: log in by your start time each day; use only approved aux codes; meet weekly with your supervisor for 90 days.
            """,
        ],
        [
            H(Phone, "logged in to the ACD"),
            H(Script, "approved aux codes"),
        ]),
    ];
}
