namespace CallCenterRecognition.Workflows;

/// <summary>Turns a start instant and a duration into a deadline, knowing which days are closed.</summary>
public interface IWorkCalendar
{
    /// <summary>The deadline that falls <paramref name="duration"/> after <paramref name="start"/>: the end of the last day, rolled forward past closed days.</summary>
    DateTimeOffset AddDuration(DateTimeOffset start, WorkflowDuration duration);

    /// <summary>The instant <paramref name="duration"/> before <paramref name="deadline"/>, counting the same kind of days backwards.</summary>
    DateTimeOffset SubtractDuration(DateTimeOffset deadline, WorkflowDuration duration);

    /// <summary>True when <paramref name="date"/> is a working day.</summary>
    bool IsBusinessDay(DateOnly date);

    /// <summary>The calendar's date at <paramref name="now"/>; UTC unless the calendar has a time zone.</summary>
    DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    /// <summary>
    /// The deadline that falls on <paramref name="date"/>: the end of that local day, or of the next working day when it is closed.
    /// The default counts days in UTC; calendars with a time zone override it.
    /// </summary>
    DateTimeOffset DeadlineOn(DateOnly date)
    {
        while (!IsBusinessDay(date))
        {
            date = date.AddDays(1);
        }

        return new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
    }
}

/// <summary>
/// A calendar whose only closed days are weekends plus any dates given, evaluated in one time zone.
/// Deadlines fall at the end of the local day (23:59:59), so "due in 5 business days" means the whole fifth day.
/// </summary>
public class WeekendCalendar : IWorkCalendar
{
    private readonly HashSet<DateOnly> closedDays;

    /// <summary>Creates the calendar for <paramref name="timeZone"/> (UTC when null) with extra closed dates.</summary>
    public WeekendCalendar(TimeZoneInfo? timeZone = null, IEnumerable<DateOnly>? closedDays = null)
    {
        TimeZone = timeZone ?? TimeZoneInfo.Utc;
        this.closedDays = closedDays is null ? [] : [.. closedDays];
    }

    /// <summary>The zone whose local dates decide days and deadlines.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <inheritdoc />
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZone).DateTime);

    /// <inheritdoc />
    public virtual bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !closedDays.Contains(date);

    /// <inheritdoc />
    public DateTimeOffset AddDuration(DateTimeOffset start, WorkflowDuration duration)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, TimeZone).DateTime);
        if (duration.Kind == DayKind.Business)
        {
            for (var counted = 0; counted < duration.Days;)
            {
                day = day.AddDays(1);
                if (IsBusinessDay(day))
                {
                    counted++;
                }
            }
        }
        else
        {
            day = day.AddDays(duration.Days);
        }

        while (!IsBusinessDay(day))
        {
            day = day.AddDays(1);
        }

        return EndOfDay(day);
    }

    /// <inheritdoc />
    public DateTimeOffset SubtractDuration(DateTimeOffset deadline, WorkflowDuration duration)
    {
        var local = TimeZoneInfo.ConvertTime(deadline, TimeZone);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (duration.Kind == DayKind.Business)
        {
            for (var counted = 0; counted < duration.Days;)
            {
                day = day.AddDays(-1);
                if (IsBusinessDay(day))
                {
                    counted++;
                }
            }
        }
        else
        {
            day = day.AddDays(-duration.Days);
        }

        return ToInstant(day.ToDateTime(TimeOnly.FromTimeSpan(local.TimeOfDay)));
    }

    /// <inheritdoc />
    public DateTimeOffset DeadlineOn(DateOnly date)
    {
        while (!IsBusinessDay(date))
        {
            date = date.AddDays(1);
        }

        return EndOfDay(date);
    }

    private DateTimeOffset EndOfDay(DateOnly day) => ToInstant(day.ToDateTime(new TimeOnly(23, 59, 59)));

    private DateTimeOffset ToInstant(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, TimeZone.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
