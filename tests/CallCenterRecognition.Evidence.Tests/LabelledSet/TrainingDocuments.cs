using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class TrainingDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("training-materials", "DI_Claim_Status_Call_Script_v3.pdf", SampleFormat.TextPdf,
        [
            """
            State Disability Insurance - Claim Status Call Script (Version 3, revised March 2026)

            Opening
            "Thank you for calling the State Disability Insurance program. My name is ____ and I can help you with your claim today. May I have your claim number?"

            Identity verification
            Ask for the claimant's full name, date of birth and the last four digits of the SSN. Do not read any information to the caller before all three items match.

            If the claim is pending medical certification
            "I see that we are still waiting on your physician's certification. Once we receive it, a determination is usually made within 14 days."
            """,
            """
            If the caller is upset
            Acknowledge the concern, do not interrupt, and offer a supervisor callback if the caller asks for one. Note the request in the call log before you release the call.

            Closing
            "Is there anything else I can help you with? Thank you for calling, and have a good day."

            Average handle time target for this call type: 6 minutes.
            """,
        ],
        [
            H(Script, "Thank you for calling the State Disability Insurance program"),
            H(Script, "Call Script (Version 3"),
            H(Volume, "Average handle time target", 2),
        ]),

        new("training-materials", "Refund inquiries - job aid.docx", SampleFormat.Docx,
        [
            """
            FTB Desk Reference: Where's My Refund calls
            Use this guide when a taxpayer calls about a refund that has not arrived.
            1. Verify the taxpayer with name, SSN and the amount of the last payment.
            2. Check the return status screen. If the return is in review, read the approved review script word for word.
            3. If the refund was offset to another agency, give the caller the intercept phone number.
            4. Do not promise a date. Explain that most e-filed refunds are issued within three weeks.
            Reminder: transfer Spanish-language callers to skill 22 using the transfer button on the softphone.
            """,
        ],
        [
            H(Phone, "softphone"),
            H(Script, "read the approved review script"),
        ]),

        new("training-materials", "cubicle_cheatsheet.jpg", SampleFormat.PhotoJpeg,
        [
            """
            QUICK TIPS - PHONES
            Greeting: Thank you for calling Customer Connect, this is (name).
            Always verify 2 identifiers before discussing the case.
            Hold: ask permission, check back every 60 seconds.
            Transfer to Enforcement: press Transfer, dial 4417.
            After the call: pick the right disposition code.
            """,
        ],
        [
            H(Script, "Thank you for calling Customer Connect"),
            H(Script, "disposition code"),
        ]),

        new("training-materials", "New Hire Academy Week 2 - Handling Difficult Callers.docx", SampleFormat.Docx,
        [
            """
            New Hire Academy - Week 2, Day 3
            Session: Handling difficult callers
            Objectives: by the end of this session you will be able to de-escalate an angry caller, set expectations about processing times, and know when to involve a lead.
            Exercise 1 (pairs): one person plays the claimant whose benefits stopped, the other answers the call using the de-escalation steps.
            Exercise 2: listen to three recorded calls from the queue and identify where the representative lost control of the call.
            Facilitator note: new hires go live on the phones in week 4 and are expected to take 40 calls per day by week 8.
            """,
        ],
        [
            H(Volume, "40 calls per day"),
        ]),

        new("training-materials", "call_flow_vehicle_registration.txt", SampleFormat.Text,
        [
            """
            VEHICLE REGISTRATION LINE - CALL FLOW (for Motor Vehicle Representatives)

            Step 1  Greet: "DMV, this is [first name], how can I help?"
            Step 2  Ask for the license plate number and the last 5 of the VIN.
            Step 3  Registration expired more than 90 days -> explain late fees, offer online renewal.
            Step 4  Smog not received -> give the smog check station lookup, do not waive.
            Step 5  Caller wants an appointment -> book it in the scheduling system while on the line.
            Step 6  Close the call and select the registration wrap-up code.
            """,
        ],
        [
            H(Script, "CALL FLOW"),
            H(Script, "wrap-up code"),
        ]),

        new("training-materials", "TRAINING HANDOUT 07.pdf", SampleFormat.ScannedPdf,
        [
            """
            Handout 7: Navigating the agent desktop
            When a call arrives, the screen pop shows the caller's account if the IVR verified them.
            Click Answer, then confirm the identity questions the system displays.
            Use Hold and Consult for transfers; never hang up on a caller to transfer.
            Practice: answer five test calls in the training queue with your trainer.
            """,
        ],
        [
            H(Phone, "screen pop"),
            H(Phone, "training queue"),
        ]),
    ];
}
