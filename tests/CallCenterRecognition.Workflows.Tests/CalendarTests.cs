using static CallCenterRecognition.Workflows.Tests.TestSupport;

namespace CallCenterRecognition.Workflows.Tests;

public class CalendarTests
{
    private static readonly WeekendCalendar Utc = new();

    [Fact]
    public void Fire_ReferOnFriday_ReferralDueFollowingFridayEndOfDay()
    {
        var claim = Claim.Start();
        Assert.Equal(DayOfWeek.Friday, claim.Clock.Now.DayOfWeek);

        claim.ReferTo("rep-7");

        Assert.Equal(new DateTimeOffset(2026, 1, 16, 23, 59, 59, TimeSpan.Zero), claim.State.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 14, 23, 59, 59, TimeSpan.Zero), claim.State.FollowUpAt);
    }

    [Fact]
    public void Start_OnFriday_IntakeDueTuesdayEndOfDay()
    {
        var claim = Claim.Start();

        Assert.Equal(new DateTimeOffset(2026, 1, 13, 23, 59, 59, TimeSpan.Zero), claim.State.DueAt);
        Assert.Null(claim.State.FollowUpAt);
    }

    [Fact]
    public void AddDuration_FiveBusinessDaysFromFriday_FollowingFriday()
    {
        var due = Utc.AddDuration(FridayMorning, new WorkflowDuration(5, DayKind.Business));

        Assert.Equal(new DateTimeOffset(2026, 1, 16, 23, 59, 59, TimeSpan.Zero), due);
        Assert.Equal(DayOfWeek.Friday, due.DayOfWeek);
    }

    [Fact]
    public void AddDuration_OneBusinessDayFromSaturday_Monday()
    {
        var saturday = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

        var due = Utc.AddDuration(saturday, new WorkflowDuration(1, DayKind.Business));

        Assert.Equal(new DateTimeOffset(2026, 1, 12, 23, 59, 59, TimeSpan.Zero), due);
    }

    [Theory]
    [InlineData(1, 12)]
    [InlineData(2, 12)]
    [InlineData(3, 12)]
    [InlineData(4, 13)]
    [InlineData(8, 19)]
    public void AddDuration_CalendarDaysFromFriday_WeekendRollsToMonday(int days, int expectedDayOfJanuary)
    {
        var due = Utc.AddDuration(FridayMorning, new WorkflowDuration(days, DayKind.Calendar));

        Assert.Equal(new DateTimeOffset(2026, 1, expectedDayOfJanuary, 23, 59, 59, TimeSpan.Zero), due);
        Assert.NotEqual(DayOfWeek.Saturday, due.DayOfWeek);
        Assert.NotEqual(DayOfWeek.Sunday, due.DayOfWeek);
    }

    [Fact]
    public void AddDuration_ExtraClosedDay_SkipsIt()
    {
        var holiday = new DateOnly(2026, 1, 19);
        var calendar = new WeekendCalendar(closedDays: [holiday]);
        var friday = new DateTimeOffset(2026, 1, 16, 9, 0, 0, TimeSpan.Zero);

        var business = calendar.AddDuration(friday, new WorkflowDuration(1, DayKind.Business));
        var calendarDays = calendar.AddDuration(friday, new WorkflowDuration(3, DayKind.Calendar));
        var fiveBusiness = calendar.AddDuration(friday, new WorkflowDuration(5, DayKind.Business));

        Assert.False(calendar.IsBusinessDay(holiday));
        Assert.True(Utc.IsBusinessDay(holiday));
        Assert.Equal(new DateTimeOffset(2026, 1, 20, 23, 59, 59, TimeSpan.Zero), business);
        Assert.Equal(new DateTimeOffset(2026, 1, 20, 23, 59, 59, TimeSpan.Zero), calendarDays);
        Assert.Equal(new DateTimeOffset(2026, 1, 26, 23, 59, 59, TimeSpan.Zero), fiveBusiness);
    }

    [Fact]
    public void AddDuration_TimeZone_UsesLocalDateAndLocalEndOfDay()
    {
        var pacific = TimeZoneInfo.CreateCustomTimeZone("test-pacific", TimeSpan.FromHours(-8), "Test Pacific", "Test Pacific");
        var calendar = new WeekendCalendar(pacific);
        var thursdayEveningLocal = new DateTimeOffset(2026, 1, 9, 3, 0, 0, TimeSpan.Zero);

        var due = calendar.AddDuration(thursdayEveningLocal, new WorkflowDuration(1, DayKind.Business));

        Assert.Equal(new DateTimeOffset(2026, 1, 9, 23, 59, 59, TimeSpan.FromHours(-8)), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Theory]
    [InlineData(2, DayKind.Business, 14)]
    [InlineData(5, DayKind.Business, 9)]
    [InlineData(2, DayKind.Calendar, 14)]
    public void SubtractDuration_FromFridayDeadline_CountsBackwards(int days, DayKind kind, int expectedDayOfJanuary)
    {
        var deadline = new DateTimeOffset(2026, 1, 16, 23, 59, 59, TimeSpan.Zero);

        var reminder = Utc.SubtractDuration(deadline, new WorkflowDuration(days, kind));

        Assert.Equal(new DateTimeOffset(2026, 1, expectedDayOfJanuary, 23, 59, 59, TimeSpan.Zero), reminder);
    }

    [Fact]
    public void SubtractDuration_BusinessDaysAcrossWeekend_SkipsWeekend()
    {
        var monday = new DateTimeOffset(2026, 1, 12, 23, 59, 59, TimeSpan.Zero);

        var reminder = Utc.SubtractDuration(monday, new WorkflowDuration(2, DayKind.Business));

        Assert.Equal(new DateTimeOffset(2026, 1, 8, 23, 59, 59, TimeSpan.Zero), reminder);
    }

    [Theory]
    [InlineData("1 business day", 1, DayKind.Business)]
    [InlineData("30 calendar days", 30, DayKind.Calendar)]
    [InlineData("10 Business Days", 10, DayKind.Business)]
    [InlineData("  2   calendar day ", 2, DayKind.Calendar)]
    [InlineData("0 business days", 0, DayKind.Business)]
    public void TryParse_WellFormed_ReturnsDuration(string text, int days, DayKind kind)
    {
        Assert.True(WorkflowDuration.TryParse(text, out var duration));
        Assert.Equal(new WorkflowDuration(days, kind), duration);
    }

    [Theory]
    [InlineData("ten days")]
    [InlineData("5 weeks")]
    [InlineData("5 days")]
    [InlineData("business days")]
    [InlineData("-1 business days")]
    [InlineData("1.5 business days")]
    [InlineData("12345 calendar days")]
    [InlineData("3 business days later")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_Malformed_ReturnsFalse(string? text)
    {
        Assert.False(WorkflowDuration.TryParse(text, out var duration));
        Assert.Equal(default, duration);
    }

    [Fact]
    public void TryParse_NonAsciiDigits_ReturnsFalse()
    {
        Assert.False(WorkflowDuration.TryParse("\u0665 business days", out _));
    }

    [Theory]
    [InlineData(1, DayKind.Business, "1 business day")]
    [InlineData(30, DayKind.Calendar, "30 calendar days")]
    public void ToString_Duration_RoundTripsThroughTryParse(int days, DayKind kind, string expected)
    {
        var duration = new WorkflowDuration(days, kind);

        Assert.Equal(expected, duration.ToString());
        Assert.True(WorkflowDuration.TryParse(duration.ToString(), out var parsed));
        Assert.Equal(duration, parsed);
    }
}
