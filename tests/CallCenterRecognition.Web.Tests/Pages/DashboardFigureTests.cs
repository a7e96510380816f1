using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests.Pages;

public sealed class DashboardFigureTests
{
    [Fact]
    public async Task Dashboard_ClaimsEnteredIntakeOnDifferentDays_MedianAndLongestWaitAreExact()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        await DepartmentTests.AddDepartmentAsync(factory, "AGETEST");
        var numbers = new List<string>();
        foreach (var day in new[] { 0, 1, 3, 6 })
        {
            clock.SetUtcNow(ThursdayMorning.AddDays(day));
            var mrc = await SignInAsync(factory, Mrc);
            var claim = await OpenAsync(mrc, NewClaim($"Age Unit {day}", department: "AGETEST"));
            numbers.Add(claim.GetProperty("number").GetString()!);
        }

        clock.SetUtcNow(ThursdayMorning.AddDays(10));
        var ccwg = await SignInAsync(factory, Ccwg);
        var dashboard = await GetAsync(ccwg, "/api/dashboard?department=AGETEST");

        Assert.Equal(4, dashboard.GetProperty("total").GetInt32());
        Assert.Equal(4, dashboard.GetProperty("open").GetInt32());
        var intake = dashboard.GetProperty("ageInStage").EnumerateArray().Single(a => a.GetProperty("stage").GetString() == "intake");
        Assert.Equal(4, intake.GetProperty("count").GetInt32());
        Assert.Equal((9 + 7) / 2.0, intake.GetProperty("medianDays").GetDouble(), 6);
        Assert.Equal(10, intake.GetProperty("worstDays").GetDouble(), 6);
        Assert.Equal(numbers[0], intake.GetProperty("worstNumber").GetString());
        var row = Assert.Single(dashboard.GetProperty("byDepartment").EnumerateArray());
        Assert.Equal(4, row.GetProperty("byStage").GetProperty("intake").GetInt32());

        var closedOnly = await GetAsync(ccwg, "/api/dashboard?department=AGETEST&status=closed");
        Assert.Equal(0, closedOnly.GetProperty("total").GetInt32());
        Assert.DoesNotContain(closedOnly.GetProperty("ageInStage").EnumerateArray(), a => a.GetProperty("count").GetInt32() > 0);
    }
}
