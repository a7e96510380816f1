namespace CallCenterRecognition.Evidence.Suggesting;

// A few short typical documents per category, so the suggester has word statistics before anyone confirms anything.
internal static class SeedCorpus
{
    public static readonly IReadOnlyList<CategoryExample> Examples =
    [
        new("duty-statements", "duty_statement.pdf", "Position duty statement. Classification: Program Technician II. Working title: customer service representative. Essential functions. 70% of time: answer incoming telephone calls from the public and provide information. 20%: research accounts and resolve problems. 10%: other duties as required. Supervision received from the unit supervisor. Knowledge and abilities."),
        new("duty-statements", "DS.pdf", "Duty statement, position number 123-456-7890. Percentage of time and duties performed. Under general supervision the incumbent responds to inquiries by phone, e-mail and correspondence. Marginal functions. Employee signature and supervisor signature."),
        new("duty-statements", "job description.docx", "Job description. Essential functions of the position: handles a high volume of inbound calls, explains laws and procedures, updates records. Desirable qualifications. Work environment: must be able to sit at a workstation with a headset for extended periods."),
        new("org-charts", "org chart.pdf", "Organization chart. Division chief. Branch manager. Section manager. Unit supervisor. Staff services analyst. Program technician II (8). Vacant. Effective date."),
        new("org-charts", "orgchart.png", "Organizational chart of the branch: deputy director; bureau chief; call center manager; supervisors of teams A, B and C; office technicians; positions vacant; reports to."),
        new("org-charts", "organization.pdf", "Section organization: manager, assistant manager, lead, analysts and technicians by team, with position numbers and classifications."),
        new("training-materials", "job aid.pdf", "Job aid: quick reference for handling calls. Step 1 greet the caller. Step 2 verify identity. Step 3 research the account. If the caller asks for a supervisor, offer a callback."),
        new("training-materials", "call script.docx", "Call script. Opening: thank you for calling, my name is, how may I help you. Verification questions. Closing: is there anything else I can help you with today. Training module for new staff."),
        new("training-materials", "training.pdf", "New employee training. Learning objectives. Lesson 3: navigating the case system while on a call. Trainer notes. Cheat sheet of common questions and answers."),
        new("phone-codes", "aux codes.xlsx", "Aux codes. Aux 1 break. Aux 2 lunch. Aux 3 meeting. Aux 4 training. Aux 5 after call work. Not ready reason codes must be used every time you leave the phone."),
        new("phone-codes", "phone codes.pdf", "Phone status codes: available, not ready, wrap up, break, lunch, meeting, project work, personal. Use the correct code; supervisors review code usage daily."),
        new("phone-codes", "reason codes.png", "Reason code list. 01 break. 02 lunch. 03 team meeting. 04 coaching. 05 system issue. 06 outbound work."),
        new("quality-assessments", "QA form.pdf", "Quality assurance monitoring form. Call date. Evaluator. Greeting met / not met. Verified caller identity. Accurate information. Courtesy. Total score. Coaching comments."),
        new("quality-assessments", "quality review.docx", "Quality assessment of recorded calls. Criteria and points. Overall score 92%. Strengths and areas for improvement discussed with the employee at the side by side review."),
        new("quality-assessments", "monitoring.pdf", "Call monitoring evaluation. Calibration session. Each agent is monitored on five calls a month and scored on accuracy, professionalism and resolution."),
        new("emails", "email.eml", "From: supervisor. To: all staff. Subject: phones. Hi team, the queue is backed up this morning, please log in to the phones as soon as you arrive. Thanks."),
        new("emails", "RE call volume.msg", "Subject: RE: call volume. Sent: Monday. Hello team, reminder that everyone is on phones from 8 to 5 this week. Please take breaks as scheduled. Thank you."),
        new("emails", "message.eml", "From: manager. Subject: FW: new procedures. Team, please read the attached procedure for transferring callers and let me know if you have questions. cc: leads."),
        new("customer-surveys", "survey results.pdf", "Customer satisfaction survey results. Respondents. How satisfied were you with the service you received on the phone? Very satisfied 64%. Satisfied 22%. Comments."),
        new("customer-surveys", "survey.xlsx", "Survey question, strongly agree, agree, neutral, disagree, strongly disagree. The representative was courteous. My issue was resolved on the first call."),
        new("customer-surveys", "feedback.pdf", "Customer feedback report. Post-call survey ratings by month. Overall satisfaction score. Responses received."),
        new("phone-system", "ACD report.pdf", "ACD report. Calls offered, calls handled, calls abandoned, service level, average speed of answer, average handle time by interval and agent."),
        new("phone-system", "phone system.pdf", "Telephone system guide. Log in to the softphone with your extension. Agent states: ready, not ready. Computer telephony integration pops the caller's account. Automatic call distribution routes calls by skill."),
        new("phone-system", "IVR.pdf", "IVR menu map. Press 1 for claim status. Press 2 to speak to an agent. Calls route to the queue for the skill group. Cisco Finesse agent desktop and headset."),
        new("performance-documents", "memo.pdf", "Memorandum. Subject: performance expectations. Staff are expected to meet adherence and availability standards on the phones. Failure to meet expectations may result in corrective action."),
        new("performance-documents", "award.pdf", "Certificate of recognition. Sustained superior accomplishment award for outstanding customer service on the phone lines. Congratulations."),
        new("performance-documents", "counseling.docx", "Counseling memo. Corrective action. Attendance and schedule adherence. Individual development plan. Probationary report of performance."),
        new("web-pages", "contact us.html", "Contact us. Call our customer service center, hours of operation 8 a.m. to 5 p.m. Monday through Friday. Home. About us. Privacy policy. Accessibility. Copyright State of California. www.ca.gov"),
        new("web-pages", "intranet.htm", "Intranet home. Our division. The call center answers questions from the public. Last updated. Skip to main content. Menu. Search this site. https://"),
        new("web-pages", "webpage.pdf", "Page printed from the department website: phone numbers for the help line, wait times, contact us online, frequently asked questions."),
        new("other", "overtime.pdf", "Overtime sign up sheet. Name, date, hours available. Saturday overtime is voluntary."),
        new("other", "desk manual.docx", "Desk manual. Procedures for the mail room, filing and records retention. Holiday schedule. Parking and building access."),
        new("other", "roster.xlsx", "Team roster, seating chart, telework schedule, fire drill assembly point, potluck sign up."),
    ];
}
