namespace CallCenterRecognition.Evidence.Suggesting;

// Phrases that point to a category, with how strongly (added to the category's log score once per phrase found).
// A phrase in the file name counts half as much again: people name files for what they are.
internal static class CategoryKeywords
{
    public const double FileNameFactor = 1.5;

    public static readonly IReadOnlyDictionary<string, (string Phrase, double Weight)[]> ByCategory =
        new Dictionary<string, (string, double)[]>
        {
            ["duty-statements"] =
            [
                ("duty statement", 3), ("duty statements", 3), ("position duty", 2), ("essential functions", 2),
                ("marginal functions", 2), ("pct of time", 1.5), ("percent of time", 1.5), ("percentage of time", 2),
                ("working title", 1.5), ("position number", 1.5), ("knowledge and abilities", 1.5),
                ("supervision received", 2), ("job description", 2), ("duties", 1), ("classification", 0.5),
                ("incumbent", 1.5), ("essential", 0.5), ("ds", 1),
            ],
            ["org-charts"] =
            [
                ("org chart", 3), ("organization chart", 3), ("organizational chart", 3), ("orgchart", 3),
                ("organization", 0.5), ("reports to", 1), ("vacant", 1.5), ("vacancy", 1), ("chief", 0.5),
                ("manager", 0.5), ("supervisor", 0.3), ("org", 1.5), ("effective", 0.3),
            ],
            ["training-materials"] =
            [
                ("job aid", 3), ("call script", 2.5), ("script", 1.5), ("training", 1.5), ("cheat sheet", 3),
                ("quick reference", 2), ("module", 1), ("learning objectives", 2), ("trainer", 1),
                ("participant guide", 2), ("if the caller", 1.5), ("say", 0.5), ("step", 0.8), ("tip", 0.8),
                ("lesson", 1.5), ("greeting", 1), ("how to", 1),
            ],
            ["phone-codes"] =
            [
                ("aux", 2.5), ("aux code", 3), ("aux codes", 3), ("reason code", 3), ("reason codes", 3),
                ("not ready", 2), ("break", 1), ("lunch", 1), ("meeting", 0.5), ("wrap up", 1.5), ("status code", 2.5),
                ("status codes", 2.5), ("code", 1), ("codes", 1.5), ("after call work", 1), ("phone codes", 3),
                ("unavailable", 0.8),
            ],
            ["quality-assessments"] =
            [
                ("quality assurance", 2.5), ("quality assessment", 3), ("qa", 2), ("monitoring form", 2.5),
                ("evaluation", 1), ("score", 1.5), ("met", 0.8), ("coaching", 1.5), ("evaluator", 2),
                ("call monitoring", 2.5), ("side by side", 1.5), ("calibration", 2), ("quality", 1),
                ("reviewed", 0.5), ("monitored", 1.5), ("criteria", 1),
            ],
            ["emails"] =
            [
                ("eml", 3), ("msg", 2), ("subject", 1.5), ("sent", 0.8), ("re", 0.5), ("fw", 1), ("fwd", 1),
                ("hi team", 2), ("hello team", 2), ("thanks", 1), ("thank you", 0.3), ("all staff", 1.5), ("cc", 1),
                ("email", 1), ("e mail", 1), ("from", 0.3), ("reminder", 1),
            ],
            ["customer-surveys"] =
            [
                ("survey", 3), ("surveys", 3), ("satisfaction", 2.5), ("respondents", 2.5), ("rating", 1.5),
                ("strongly agree", 2.5), ("net promoter", 2.5), ("how satisfied", 2.5), ("feedback", 1.5),
                ("responses", 1.5), ("csat", 2.5), ("very satisfied", 2.5), ("comments", 0.5),
            ],
            ["phone-system"] =
            [
                ("acd", 2.5), ("cti", 2.5), ("ivr", 2.5), ("automatic call distribution", 3), ("softphone", 2.5),
                ("headset", 1.5), ("phone system", 2.5), ("telephone system", 2.5), ("agent state", 2), ("skill", 1),
                ("queue", 1.5), ("calls offered", 2), ("abandoned", 2), ("service level", 1.5),
                ("average handle time", 1), ("avaya", 2.5), ("cisco", 2), ("finesse", 2.5), ("genesys", 2.5),
                ("interval", 1.5), ("agent", 1), ("extension", 1.5), ("voicemail", 1.5), ("desk phone", 2),
            ],
            ["performance-documents"] =
            [
                ("performance", 1.5), ("memorandum", 1.5), ("memo", 1), ("corrective action", 3), ("counseling", 2),
                ("expectations", 1.5), ("award", 2), ("recognition", 1), ("sustained superior accomplishment", 3),
                ("improvement", 1), ("probationary report", 2.5), ("individual development plan", 2.5),
                ("commendation", 2.5), ("employee of the month", 2.5), ("attendance", 1), ("adherence", 1.5),
                ("congratulations", 1.5),
            ],
            ["web-pages"] =
            [
                ("contact us", 2.5), ("http", 2), ("https", 2), ("www", 2), ("ca gov", 2.5), ("html", 2), ("htm", 2),
                ("intranet", 2.5), ("hours of operation", 2), ("copyright", 1.5), ("privacy policy", 2),
                ("accessibility", 1.5), ("last updated", 1.5), ("skip to main content", 3), ("about us", 2),
                ("home", 1), ("menu", 1), ("site", 0.8),
            ],
            ["other"] =
            [
                ("overtime", 2), ("sign up", 1.5), ("desk manual", 2.5), ("holiday", 1), ("telework", 1),
                ("parking", 2), ("roster", 1), ("seating", 1.5), ("fire drill", 2), ("potluck", 2),
                ("procedures manual", 1.5),
            ],
        };
}
