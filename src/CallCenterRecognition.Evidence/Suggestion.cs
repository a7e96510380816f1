namespace CallCenterRecognition.Evidence;

/// <summary>A suggested document category with a confidence between 0 and 1.</summary>
public sealed record Suggestion(string Category, double Confidence);

/// <summary>A document whose category a representative confirmed, used to teach the suggester.</summary>
public sealed record CategoryExample(string Category, string FileName, string Text);

/// <summary>A passage that helps prove the unit is a call center, quoted with the page it is on (1-based).</summary>
/// <param name="Kind">What the passage shows, one of <see cref="HighlightKinds"/>.</param>
/// <param name="Quote">The sentence or line quoted, trimmed to a readable length.</param>
/// <param name="Page">The page of the document the quote is on, from 1.</param>
public sealed record Highlight(string Kind, string Quote, int Page);

/// <summary>The kinds of proof a highlight may show; the values are a public contract of the API.</summary>
public static class HighlightKinds
{
    /// <summary>ACD, CTI, IVR, call queue or phone system mentions.</summary>
    public const string PhoneSystem = "phone-system";
    /// <summary>A share of time on the phone ("80% of the time", "majority of the day").</summary>
    public const string TimeOnPhone = "time-on-phone";
    /// <summary>Call volumes, handle times, service levels.</summary>
    public const string CallVolume = "call-volume";
    /// <summary>Call scripts and phone (aux, break) codes.</summary>
    public const string ScriptsAndCodes = "scripts-and-codes";
    /// <summary>The unit calling itself a call center, contact center or help line.</summary>
    public const string CallsItselfCallCenter = "calls-itself-call-center";
    /// <summary>Customer-service duties: information, service requests, problem solving.</summary>
    public const string CustomerService = "customer-service";

    /// <summary>Every kind, in the order the claim page lists them.</summary>
    public static readonly IReadOnlyList<string> All = [CallsItselfCallCenter, TimeOnPhone, PhoneSystem, CallVolume, ScriptsAndCodes, CustomerService];
}
