namespace CallCenterRecognition.Web.Infrastructure;

// The union works on California time; dates people see and claim-number years follow it.
public sealed class LocalClock(TimeProvider time, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);

    public static TimeZoneInfo California() => TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
}
