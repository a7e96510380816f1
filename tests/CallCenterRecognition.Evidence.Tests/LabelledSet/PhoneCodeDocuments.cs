using static CallCenterRecognition.Evidence.Tests.LabelledSet.K;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

internal static class PhoneCodeDocuments
{
    public static readonly LabelledDocument[] All =
    [
        new("phone-codes", "AUX_reason_list_2026.xlsx", SampleFormat.Xlsx,
        [
            """
            Aux | Description | When to use | Max minutes
            Aux 0 | Default | System default, must not be used | 0
            Aux 1 | Rest break | Two scheduled 15-minute breaks | 15
            Aux 2 | Lunch | Scheduled meal period | 60
            Aux 3 | Meeting or training | Approved by supervisor | varies
            Aux 4 | After call work | Finish notes on the last caller | 3
            Aux 5 | Outbound | Returning calls assigned by lead | varies
            """,
        ],
        [
            H(Script, "Aux 1"),
            H(Script, "After call work"),
        ]),

        new("phone-codes", "Screenshot 2026-10-03 084512.png", SampleFormat.Png,
        [
            """
            Agent State: Not Ready
            Select a reason:
            Break
            Lunch
            Team Meeting
            Coaching
            Mail Work
            System Problem
            Restroom
            """,
        ],
        [
            H(Script, "Not Ready"),
        ]),

        new("phone-codes", "IMG_3307.jpg", SampleFormat.PhotoJpeg,
        [
            """
            PHONE STATUS - USE THE RIGHT ONE!
            Ready = waiting for the next call
            Not Ready 11 = break (15 min)
            Not Ready 12 = lunch
            Not Ready 13 = meeting / huddle
            Not Ready 14 = callback work
            Anything else: ask your lead first.
            """,
        ],
        [
            H(Script, "Not Ready 11"),
        ]),

        new("phone-codes", "Release codes and adherence.docx", SampleFormat.Docx,
        [
            """
            Taxpayer Services - Release Codes
            Staff must place the phone in the correct release code whenever they are not available to take calls. Release code usage is reviewed weekly against your schedule.
            Code 21 - Scheduled break
            Code 22 - Lunch
            Code 23 - Unit meeting or one-on-one
            Code 24 - Approved project work
            Code 25 - Technical problem (notify your lead)
            Time spent in an unscheduled release code counts against schedule adherence.
            """,
        ],
        [
            H(Script, "correct release code"),
        ]),

        new("phone-codes", "Cisco Finesse not ready reasons.pdf", SampleFormat.TextPdf,
        [
            """
            Cisco Finesse Not Ready Reason Codes - Statewide Contact Centers

            The reason codes below are configured for every agent team. Supervisors can see each agent's current state and the time spent in it on the team performance gadget.

            Reason code 101  Break
            Reason code 102  Lunch
            Reason code 103  Meeting
            Reason code 104  Training
            Reason code 105  Wrap up / notes
            Reason code 106  Outbound calls
            Reason code 107  Supervisor approved other work

            Wrap-up time over 60 seconds is automatically logged as code 105.
            """,
        ],
        [
            H(Script, "Reason code 101"),
            H(Phone, "Cisco Finesse"),
            H(Center, "Statewide Contact Centers"),
        ]),

        new("phone-codes", "scan0017.pdf", SampleFormat.ScannedPdf,
        [
            """
            Child Support Customer Connect
            Auxiliary work codes (effective 9/1/2026)
            AUX 1 Break   AUX 2 Lunch   AUX 3 Meeting
            AUX 4 Training   AUX 5 Case follow-up   AUX 6 Personal
            Log out of the phone only at the end of your shift.
            """,
        ],
        [
            H(Script, "Auxiliary work codes"),
        ]),
    ];
}
