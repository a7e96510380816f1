using System.Text.Json.Nodes;
using static CallCenterRecognition.Workflows.Tests.TestSupport;

namespace CallCenterRecognition.Workflows.Tests;

public class ExtendDeadlineTests
{
    private static readonly WorkflowActor Assigned = Rep("rep-7");

    private static JsonObject WithExtension(Action<JsonObject>? change = null)
    {
        var json = MinimalDefinition();
        var action = Action("extend", "open", null);
        action.Remove("to");
        action["inputs"] = new JsonArray(
            new JsonObject { ["name"] = "until", ["type"] = "date" },
            new JsonObject { ["name"] = "reason", ["type"] = "text" });
        action["extendsDeadline"] = "until";
        change?.Invoke(action);
        json.Actions().Add(action);
        return json;
    }

    private static Claim InDocumentCollection()
    {
        var claim = Claim.Start().ReferTo(Assigned.Id);
        claim.Fire("accept", Assigned);
        return claim;
    }

    [Fact]
    public void Load_ExtendsDeadlineOnDateInput_ReadsIt()
    {
        var definition = WorkflowDefinitionLoader.Load(WithExtension().ToJsonString(), "mini.json", Vocabulary);

        Assert.Equal("until", definition.ActionsById["extend"].ExtendsDeadline);
        Assert.Null(definition.ActionsById["finish"].ExtendsDeadline);
        Assert.True(definition.ActionsById["extend"].StaysInStage);
    }

    [Fact]
    public void Load_ExtendsDeadlineNamingTextInput_Fails()
    {
        var ex = LoadFails(WithExtension(a => a["extendsDeadline"] = "reason"));

        var fault = Assert.Single(ex.Faults);
        Assert.Equal("$.actions[1].extendsDeadline", fault.Path);
        Assert.Contains("'reason' is not a required date input", fault.Message);
    }

    [Fact]
    public void Load_ExtendsDeadlineOnOptionalDate_Fails()
    {
        var ex = LoadFails(WithExtension(a => a["inputs"]![0]!["required"] = false));

        Assert.Equal("$.actions[1].extendsDeadline", Assert.Single(ex.Faults).Path);
    }

    [Fact]
    public void Load_ExtendsDeadlineAndLeavesStage_Fails()
    {
        var ex = LoadFails(WithExtension(a => a["to"] = "done"));

        var fault = Assert.Single(ex.Faults);
        Assert.Equal("$.actions[1].extendsDeadline", fault.Path);
        Assert.Contains("stays in its stage", fault.Message);
    }

    [Fact]
    public void Load_ExtendsDeadlineFromStageWithoutDue_NamesActionFrom()
    {
        var json = WithExtension();
        json.Stages()[0]!.AsObject().Remove("due");
        json.Stages()[0]!.AsObject().Remove("reminders");

        var fault = Assert.Single(LoadFails(json).Faults);

        Assert.Equal("$.actions[1].from", fault.Path);
        Assert.Contains("stage 'open' has no due duration", fault.Message);
    }

    [Fact]
    public void Load_ExtendsDeadlineNotAString_Fails()
    {
        var ex = LoadFails(WithExtension(a => a["extendsDeadline"] = 3));

        Assert.Equal("$.actions[1].extendsDeadline", Assert.Single(ex.Faults).Path);
    }

    [Fact]
    public void Fire_ExtendDeadline_MovesDueToEndOfThatDayAndStaysInStage()
    {
        var claim = InDocumentCollection();
        var before = claim.State;
        Assert.Equal(new DateTimeOffset(2026, 2, 9, 23, 59, 59, TimeSpan.Zero), before.DueAt);

        var result = claim.Fire("extend-deadline", Assigned, ("until", "2026-02-20"), ("reason", "Department agreed by e-mail"));

        Assert.Equal("document-collection", claim.State.Stage);
        Assert.Equal(before.StageEnteredAt, claim.State.StageEnteredAt);
        Assert.Equal(new DateTimeOffset(2026, 2, 20, 23, 59, 59, TimeSpan.Zero), claim.State.DueAt);
        Assert.Equal(before.Version + 1, claim.State.Version);
        Assert.Equal("extend-deadline", result.Entry!.Action);
        Assert.Contains("\"until\":\"2026-02-20\"", result.Entry.Data, StringComparison.Ordinal);
        Assert.True(JournalChain.Verify(claim.Journal).Valid);
    }

    [Fact]
    public void Fire_ExtendDeadlineToClosedDay_RollsToNextBusinessDay()
    {
        var claim = InDocumentCollection();

        claim.Fire("extend-deadline", Assigned, ("until", "2026-02-21"), ("reason", "agreed"));

        Assert.Equal(new DateTimeOffset(2026, 2, 23, 23, 59, 59, TimeSpan.Zero), claim.State.DueAt);
    }

    [Fact]
    public void Fire_ExtendDeadlineUsesCalendarZone_EndOfLocalDay()
    {
        var pacific = TimeZoneInfo.CreateCustomTimeZone("test-pacific", TimeSpan.FromHours(-8), "Test Pacific", "Test Pacific");
        var claim = Claim.Start(calendar: new WeekendCalendar(pacific)).ReferTo(Assigned.Id);
        claim.Fire("accept", Assigned);

        claim.Fire("extend-deadline", Assigned, ("until", "2026-03-02"), ("reason", "agreed"));

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 23, 59, 59, TimeSpan.FromHours(-8)), claim.State.DueAt);
    }

    [Theory]
    [InlineData("2026-02-09")]
    [InlineData("2026-02-02")]
    [InlineData("2025-12-31")]
    public void Fire_ExtendDeadlineNotLater_InvalidInputOnUntilAndNothingChanges(string until)
    {
        var claim = InDocumentCollection();
        var before = claim.State;

        var result = claim.Try("extend-deadline", Assigned, Inputs(("until", until), ("reason", "agreed")));

        Assert.Equal(FireFailure.InvalidInput, result.Failure);
        Assert.Equal("until", Assert.Single(result.Errors).Field);
        Assert.Null(result.State);
        Assert.Equal(before, claim.State);
    }

    [Theory]
    [InlineData("0001-01-01", "on or after")]
    [InlineData("9999-12-31", "on or before")]
    [InlineData("2030-01-01", "on or before")]
    public void Fire_ExtendDeadlineOutsideDefinitionBounds_InvalidInputOnUntilAndNothingChanges(string until, string expected)
    {
        var claim = InDocumentCollection();
        var before = claim.State;

        var result = claim.Try("extend-deadline", Assigned, Inputs(("until", until), ("reason", "agreed")));

        Assert.Equal(FireFailure.InvalidInput, result.Failure);
        var error = Assert.Single(result.Errors);
        Assert.Equal("until", error.Field);
        Assert.Contains(expected, error.Message);
        Assert.Equal(before, claim.State);
    }

    [Fact]
    public void Fire_ExtendDeadlineMalformedDate_InvalidInput()
    {
        var claim = InDocumentCollection();

        var result = claim.Try("extend-deadline", Assigned, Inputs(("until", "20 Feb 2026"), ("reason", "agreed")));

        Assert.Equal(FireFailure.InvalidInput, result.Failure);
        Assert.Equal("until", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Fire_ExtendDeadlineInReferral_NotPermittedInStage()
    {
        var claim = Claim.Start().ReferTo(Assigned.Id);

        var result = claim.Try("extend-deadline", Assigned, Inputs(("until", "2026-03-20"), ("reason", "agreed")));

        Assert.Equal(FireFailure.NotPermittedInStage, result.Failure);
    }

    [Fact]
    public void DeadlineOn_DefaultInterfaceImplementation_RollsPastClosedDays()
    {
        IWorkCalendar calendar = new SaturdayClosed();

        Assert.Equal(new DateTimeOffset(2026, 1, 12, 23, 59, 59, TimeSpan.Zero), calendar.DeadlineOn(new DateOnly(2026, 1, 10)));
        Assert.Equal(new DateTimeOffset(2026, 1, 9, 23, 59, 59, TimeSpan.Zero), calendar.DeadlineOn(new DateOnly(2026, 1, 9)));
    }

    [Fact]
    public void WorkflowDefinitionException_OtherKind_NamesKindInMessage()
    {
        var ex = new WorkflowDefinitionException([new DefinitionFault("california.json", "$.holidays[0].month", "expected a month 1 to 12")], "calendar");

        Assert.Equal("Invalid calendar: california.json: $.holidays[0].month: expected a month 1 to 12", ex.Message);
    }

    private sealed class SaturdayClosed : IWorkCalendar
    {
        public DateTimeOffset AddDuration(DateTimeOffset start, WorkflowDuration duration) => throw new NotSupportedException();

        public DateTimeOffset SubtractDuration(DateTimeOffset deadline, WorkflowDuration duration) => throw new NotSupportedException();

        public bool IsBusinessDay(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }
}
