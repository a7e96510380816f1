using System.Text.RegularExpressions;

namespace CallCenterRecognition.Evidence.Highlighting;

// One rule: a pattern that marks the passage, and (for words that also occur outside phone work) a second pattern the
// same sentence must hold. Patterns allow the spacing and hyphenation OCR produces ("call-center", "callcenter").
internal sealed record HighlightRule(string Kind, Regex Pattern, Regex? Requires = null);

internal static class HighlightPatterns
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    private const string PhoneWords = @"\b(tele)?phon\w*|\b(in|out)bound\b|\bcall(s|ers?|ing)?\b|\bheadsets?\b|\bqueues?\b|\bACD\b|\bline\b";
    private const string CustomerWords = @"\b(public|customers?|callers?|claimants?|taxpayers?|employers?|parents?|clients?|applicants?|members?|constituents?|motorists?|citizens?|participants?|providers?|beneficiar\w+|recipients?|stakeholders?|owners?|businesses|families|veterans|students|drivers|residents|people|individuals)\b";

    public static readonly IReadOnlyList<HighlightRule> Rules =
    [
        Rule(HighlightKinds.CallsItselfCallCenter,
            @"\b(call|contact|(customer|taxpayer|(tele)?phone|member|client|public)\s*(service|services|care|contact|information|assistance)|tele-?service)\s*-?\s*cent(er|re)s?\b"),
        Rule(HighlightKinds.CallsItselfCallCenter, @"\bhelp\s*-?\s*lines?\b|\bhot\s*-?\s*lines?\b|\binformation\s*lines?\b|\bphone\s*banks?\b"),
        Rule(HighlightKinds.CallsItselfCallCenter, @"(?<!\b(IT|tech\w*|computer|ISD|service)\s*)\bhelp\s*-?\s*desks?\b"),

        Rule(HighlightKinds.TimeOnPhone,
            @"\b\d{1,3}\s*(%|percent|pct)\s*of\s*((the|their|his|her|my|your|our|each|all)\s*)?((work|working|scheduled|paid|available)\s*)?(time|day|shift|workday|hours|week)\b", PhoneWords),
        Rule(HighlightKinds.TimeOnPhone, @"^\(?\s*\d{1,3}\s*(%|percent)\)?(?=[\s:\-–—]|$)", PhoneWords),
        Rule(HighlightKinds.TimeOnPhone,
            @"\b(majority|most|bulk|large\s*part|greater\s*part|much|all|entire(ty)?|whole)\s*of\s*((the|their|his|her|my|your|our|each|an?)\s*)?(work\s*)?(day|time|shift|workday|week|hours)\b", PhoneWords),
        Rule(HighlightKinds.TimeOnPhone, @"\b\d(\.\d)?\s*((to|-|–)\s*\d\s*)?hours\s*(a|per|each|of\s*the|of\s*each|every)\s*(day|shift|workday)\b", PhoneWords),
        Rule(HighlightKinds.TimeOnPhone, @"\b(phones?|calls)\s*all\s*day\b|\ball\s*day\s*(long\s*)?(on\s*the\s*(tele)?phones?|taking\s*calls|answering\s*calls)\b|\b(full|entire|whole)[\s-]*(time|day|shift)\s*on\s*the\s*(tele)?phones?\b"),

        Rule(HighlightKinds.PhoneSystem,
            @"\b(ACD|CTI|IVR|VoIP|UCCX|UCCE)\b|automatic\s*call\s*distribut\w*|computer[\s-]*telephon\w*\s*integration|interactive\s*voice\s*response"),
        Rule(HighlightKinds.PhoneSystem,
            @"\bcall\s*queues?\b|\bqueued?\s*calls\b|\bcalls?\s*(waiting\s*)?in\s*(the\s*)?queues?\b|\bin\s*queue\b|\b(training|phone|call|inbound|outbound|main|hold|skill)\s*queues?\b|\bqueue\s*(time|status|display|board)s?\b"),
        Rule(HighlightKinds.PhoneSystem,
            @"\bsoft\s*-?\s*phones?\b|\bautomated\s*(tele)?phone\b|\bheadsets?\b|\b(Cisco|Avaya|Genesys|Five9|Finesse|Jabber|Mitel|RingCentral|Amazon\s*Connect)\b|\b(desk|desktop)\s*(tele)?phones?\b|\b(tele)?phone\s*systems?\b"),
        Rule(HighlightKinds.PhoneSystem,
            @"\b(wall|reader)\s*boards?\b|\bskill\s*(groups?|sets?)\b|\bagent\s*(desktop|states?|status)\b|\bauto[\s-]*attendant\b|\bcall\s*(routing|recording)\b|\bhunt\s*groups?\b|\bscreen\s*pops?\b"),

        Rule(HighlightKinds.CallVolume,
            @"(?<!\b(code|aux|option|step|press|skill|line|extension|ext|unit|team|room|no|number)\.?\s*)\b\d[\d,.]*\s*((k|thousand|million)\s*)?\+?\s*((incoming|inbound|outbound|telephone|phone|daily|weekly|monthly|more|additional)\s*)?calls\b"),
        Rule(HighlightKinds.CallVolume,
            @"\bcalls?\s*(per|a|an|each)\s*(day|hour|week|month|shift|agent)\b|\bcall\s*volumes?\b|\bcalls\s*(offered|handled|answered|received|abandoned|taken|presented|reviewed|scored|monitored)\b|\b(high|large|heavy)\s*volumes?\s*of\s*(\w+\s*)?calls\b"),
        Rule(HighlightKinds.CallVolume,
            @"\b(average\s*)?(handle|handling|talk|hold|wait|wrap[\s-]*up)\s*times?\b|\b(AHT|ASA)\b|\baverage\s*speed\s*(of|to)\s*answer\b|\bservice\s*levels?\b|\babandon(ed|ment)\b|\blongest\s*(wait|hold)\b"),

        Rule(HighlightKinds.ScriptsAndCodes, @"\bscript(s|ed|ing)?\b|\bthank\s*you\s*for\s*calling\b|\b(opening|closing|standard|required|approved)\s*(greeting|statement|script)s?\b|\bcall\s*(flow|guide)s?\b|\bcall[\s-]*handling\s*(guide|procedure)s?\b"),
        Rule(HighlightKinds.ScriptsAndCodes,
            @"\baux(iliary)?\s*-?\s*(codes?|\d+|states?|work)\b|\b(reason|status|phone|break|lunch|not[\s-]*ready|idle|release|wrap[\s-]*up|disposition|AUX)\s*codes?\b|\bafter[\s-]*call\s*work\b|\bACW\b|(?-i:\bNot\s*Ready\b)"),

        Rule(HighlightKinds.CustomerService, @"\bcustomer\s*service\b|\bservice\s*requests?\b|\bproblem[\s-]*solving\b|\bpoint\s*of\s*contact\b"),
        Rule(HighlightKinds.CustomerService,
            @"\b(provid|giv|explain|furnish)\w*\s*([\w'’-]+\s*){0,4}information\b", CustomerWords),
        Rule(HighlightKinds.CustomerService,
            @"\b(answer|respond|repl|handl|research|resolv|address|assist|help|serv|advis|educat|guid)\w*\s*([\w'’-]+\s*){0,4}(inquir(y|ies)|questions|complaints|concerns|issues|problems|needs)\b", CustomerWords),
        Rule(HighlightKinds.CustomerService,
            @"\b(assist|help|serv|advis)\w*\s*((the|our|a|all|other)\s*)?" + @"(public|customers|callers|claimants|taxpayers|employers|parents|clients|applicants|members\s*of\s*the\s*public|constituents|motorists|caller|customer)\b"),
    ];

    private static HighlightRule Rule(string kind, string pattern, string? requires = null) =>
        new(kind, new Regex(pattern, Options | RegexOptions.Multiline), requires is null ? null : new Regex(requires, Options));
}
