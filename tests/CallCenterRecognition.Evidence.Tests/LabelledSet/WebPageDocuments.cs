using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class WebPageDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("web-pages", "Contact EDD - Unemployment Insurance.pdf", SampleFormat.TextPdf,
        [
            """
            edd.ca.gov/en/unemployment/contact/                                    11/18/2026, 9:14 AM
            Skip to Main Content
            Home > Unemployment > Contact Unemployment Insurance

            Contact Unemployment Insurance
            Call us: 1-800-300-5616, Monday through Friday, 8 a.m. to 5 p.m. (Pacific time), except on state holidays.
            Our representatives can help with claim status, payments and general questions. Self-service information is available 24 hours a day through the automated phone line.
            Before you call, have your Social Security number and your most recent notice ready.

            Conditions of Use | Privacy Policy | Accessibility | Contact EDD
            Copyright 2026 State of California
            """,
        ],
        [
            H(Phone, "automated phone line"),
        ]),

        new("web-pages", "intranet - about the Contact Center Bureau.pdf", SampleFormat.TextPdf,
        [
            """
            FTB Intranet (FTBNet) > Divisions > Filing > Contact Center Bureau

            About us
            The Contact Center Bureau is the front door of the Franchise Tax Board. Our Tax Technicians answered 2.1 million calls last fiscal year on the personal income tax, business entity and collections lines, and responded to over 400,000 web chats.

            Our mission: provide every taxpayer accurate, courteous and timely service.

            Bureau news
            - Welcome to our 34 new Tax Technicians who completed phone training this month!
            - Reminder: the telephone system will be down for maintenance Saturday night.

            Page last reviewed: October 2026 | FTBNet home | Staff directory
            """,
        ],
        [
            H(Center, "The Contact Center Bureau is the front door"),
            H(Volume, "2.1 million calls"),
            H(Phone, "telephone system will be down"),
        ]),

        new("web-pages", "dmv website screenshot.png", SampleFormat.Png,
        [
            """
            California DMV
            Contact Us
            DMV Customer Service Center
            Phone: 1-800-777-0133
            Hours: Monday - Friday, 8 a.m. to 5 p.m.
            Average wait time today: 18 minutes
            """,
        ],
        [
            H(Center, "DMV Customer Service Center"),
            H(Volume, "Average wait time"),
        ]),

        new("web-pages", "IMG_5190.jpg", SampleFormat.PhotoJpeg,
        [
            """
            childsupport.ca.gov
            Customer Connect - Call Center
            Parents can reach us at 1-866-901-3212
            We provide information about cases, payments and court orders.
            Open Monday through Friday, 7:30 a.m. to 5 p.m.
            """,
        ],
        [
            H(Center, "Customer Connect - Call Center"),
        ]),

        new("web-pages", "medi-cal help line page.txt", SampleFormat.Text,
        [
            """
            Medi-Cal Member Help Line | DHCS
            https://www.dhcs.ca.gov/services/medi-cal/Pages/MMCDOmbudsmanOffice.aspx

            Need help with your Medi-Cal? The Medi-Cal Member Help Line answers questions about enrollment, benefits and renewals.
            Call 1-800-541-5555 (TTY 1-800-430-7077), Monday through Friday, 8 a.m. to 5 p.m.
            Interpreters are available in more than 15 languages at no cost.

            Related links: Find a health plan | Renewal forms | Contact DHCS
            Page last modified: 9/30/2026
            """,
        ],
        [
            H(Center, "Medi-Cal Member Help Line answers questions"),
        ]),

        new("web-pages", "SOS business programs - contact page (copy).docx", SampleFormat.Docx,
        [
            """
            Secretary of State - Business Programs Division - Contact Information
            sos.ca.gov/business-programs/contact
            Business Entities telephone line: (916) 657-5448. Staff answer general questions about filing, name availability and certificates of status.
            Telephone hours are 8:00 a.m. to 5:00 p.m.; callers may experience long wait times during peak periods.
            Statements of Information can be filed online at bizfileOnline.sos.ca.gov.
            """,
        ],
        [
            H(Volume, "long wait times"),
        ]),
    ];
}
