using System.Text.RegularExpressions;

namespace CallCenterRecognition.Evidence.Tests;

/// <summary>Known text for the generated documents and the word recall of what comes back.</summary>
internal static partial class Texts
{
    public const string DutyStatement =
        "DUTY STATEMENT - Program Technician II, Customer Service Unit\n" +
        "Under general supervision, the incumbent answers incoming calls from members of the public through the " +
        "automatic call distribution (ACD) system. Sixty percent of the time is spent on the telephone providing " +
        "information about claims, benefit payments and eligibility, and resolving problems reported by callers. " +
        "The incumbent logs into the phone queue at the start of each shift, uses the approved call scripts, and " +
        "records aux codes for breaks, training and after-call work.\n" +
        "Twenty percent of the time: researches account histories, updates records and mails forms requested by callers.\n" +
        "Twenty percent of the time: attends quality assessment sessions, reviews monitored calls with the supervisor " +
        "and completes other duties as assigned.";

    public const string Memo =
        "MEMORANDUM\n" +
        "To: All staff of the Central Valley contact center\n" +
        "Subject: Service level goals for the next quarter\n" +
        "Our goal remains to answer eighty percent of calls within sixty seconds. Average handle time last month was " +
        "six minutes and forty seconds, and the abandoned call rate rose to nine percent during the busiest weeks. " +
        "Please keep your status accurate in the phone system and return from breaks on time so the queue stays short.";

    public const string Spanish =
        "Centro de atención telefónica. Los agentes contestan llamadas del público durante la mayor parte del día, " +
        "registran cada llamada en el sistema y siguen el guion aprobado para informar sobre pagos y solicitudes.";

    /// <summary>The share of the expected words (case-insensitive, as a multiset) found in the actual text.</summary>
    public static double WordRecall(string expected, string actual)
    {
        var found = Words(actual).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        var wanted = Words(expected).ToList();
        var hits = 0;
        foreach (var word in wanted)
        {
            if (found.TryGetValue(word, out var left) && left > 0)
            {
                found[word] = left - 1;
                hits++;
            }
        }

        return (double)hits / wanted.Count;
    }

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant());

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
