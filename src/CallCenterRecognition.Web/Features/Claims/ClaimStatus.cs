namespace CallCenterRecognition.Web.Features.Claims;

// Whether a claim is still being worked, as the API and the dashboard filter name it: not a stage of any definition.
public static class ClaimStatus
{
    public const string Open = "open";
    public const string Closed = "closed";

    public static string Of(bool isClosed) => isClosed ? Closed : Open;
}
