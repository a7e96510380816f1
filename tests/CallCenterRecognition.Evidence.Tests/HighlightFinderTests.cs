namespace CallCenterRecognition.Evidence.Tests;

public sealed class HighlightFinderTests
{
    [Theory]
    [InlineData(HighlightKinds.CallsItselfCallCenter, "The Disability Insurance Call Center serves claimants statewide.")]
    [InlineData(HighlightKinds.CallsItselfCallCenter, "Call the Vehicle Registration help line with questions.")]
    [InlineData(HighlightKinds.TimeOnPhone, "Staff spend 80% of the time on the telephone with claimants.")]
    [InlineData(HighlightKinds.TimeOnPhone, "75% Answers inbound calls from employers about tax accounts.")]
    [InlineData(HighlightKinds.TimeOnPhone, "Technicians are on the phones the majority of the day.")]
    [InlineData(HighlightKinds.PhoneSystem, "Calls are routed by the ACD to the next available agent.")]
    [InlineData(HighlightKinds.PhoneSystem, "The IVR offers claim status before a caller reaches a person.")]
    [InlineData(HighlightKinds.PhoneSystem, "Computer telephony integration opens the account when the call arrives.")]
    [InlineData(HighlightKinds.CallVolume, "The unit answered 12,450 calls in October.")]
    [InlineData(HighlightKinds.CallVolume, "Average handle time rose to 9 minutes.")]
    [InlineData(HighlightKinds.ScriptsAndCodes, "Read the verification script before you discuss the account.")]
    [InlineData(HighlightKinds.ScriptsAndCodes, "Use Aux 3 for meetings and Aux 4 for training.")]
    [InlineData(HighlightKinds.CustomerService, "Provides information to the public about license renewals.")]
    [InlineData(HighlightKinds.CustomerService, "Responds to inquiries from taxpayers and resolves account problems.")]
    public void Find_TypicalSentence_FindsItsKind(string kind, string sentence)
    {
        var highlights = HighlightFinder.Find([sentence]);

        var highlight = Assert.Single(highlights, h => h.Kind == kind);
        Assert.Equal(sentence, highlight.Quote);
        Assert.Equal(1, highlight.Page);
    }

    [Theory]
    [InlineData("30% Processes correspondence and updates claimant records.")]
    [InlineData("Documents waiting in the print queue are released at noon.")]
    [InlineData("She calls the regional office when a file is missing.")]
    [InlineData("The page uses JavaScript to show the form.")]
    [InlineData("Contact the IT help desk if your password expires.")]
    [InlineData("92% of respondents were satisfied with the new form.")]
    [InlineData("Applications not ready for processing go back to the mail room.")]
    [InlineData("Spend most of the day reviewing appeals files.")]
    public void Find_SentenceWithoutPhoneWork_FindsNothing(string sentence)
    {
        Assert.Empty(HighlightFinder.Find([sentence]));
    }

    [Fact]
    public void Find_SentenceWrappedAndHyphenatedOverLines_QuotesItWhole()
    {
        const string page = """
            Duties
            The Program Technician spends approximately 80 percent of each day answer-
            ing telephone calls from claimants about their unemployment claims and pay-
            ments. Other duties as assigned.
            """;

        var highlight = Assert.Single(HighlightFinder.Find([page]), h => h.Kind == HighlightKinds.CallsItselfCallCenter || h.Kind == HighlightKinds.TimeOnPhone);

        Assert.Equal(HighlightKinds.TimeOnPhone, highlight.Kind);
        Assert.Equal("The Program Technician spends approximately 80 percent of each day answering telephone calls from claimants about their unemployment claims and payments.", highlight.Quote);
    }

    [Fact]
    public void Find_SeveralPages_NumbersPagesFromOneInPageOrder()
    {
        var highlights = HighlightFinder.Find(["Cover page without evidence.", "The Contact Center opens at 8.", "", "The IVR was replaced in May."]);

        Assert.Collection(highlights,
            h => Assert.Equal((HighlightKinds.CallsItselfCallCenter, 2), (h.Kind, h.Page)),
            h => Assert.Equal((HighlightKinds.PhoneSystem, 4), (h.Kind, h.Page)));
    }

    [Fact]
    public void Find_SameSentenceOnEveryPage_QuotesItOnceOnItsFirstPage()
    {
        const string header = "Taxpayer Services Call Center - Internal Use Only";

        var highlights = HighlightFinder.Find([header + "\n\nPage one.", header + "\n\nPage two.", header]);

        Assert.Equal(1, Assert.Single(highlights).Page);
    }

    [Fact]
    public void Find_ListItems_StayApart()
    {
        const string page = """
            60% Answer incoming calls from parents about child support payments
            30% Update case records
            10% Attend meetings
            """;

        var highlight = Assert.Single(HighlightFinder.Find([page]), h => h.Kind == HighlightKinds.TimeOnPhone);

        Assert.Equal("60% Answer incoming calls from parents about child support payments", highlight.Quote);
    }

    [Fact]
    public void Find_LongSentence_QuotesAboutQuoteLengthAroundTheMatch()
    {
        var filler = string.Join(" ", Enumerable.Repeat("the unit also reviews the forms received by mail", 12));
        var sentence = $"Before anything else {filler} and the unit is the department's call center for employers {filler}.";

        var highlight = Assert.Single(HighlightFinder.Find([sentence]));

        Assert.Contains("call center for employers", highlight.Quote, StringComparison.Ordinal);
        Assert.InRange(highlight.Quote.Length, 100, HighlightFinder.QuoteLength + 2);
        Assert.StartsWith("…", highlight.Quote, StringComparison.Ordinal);
        Assert.EndsWith("…", highlight.Quote, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_OcrMisreadLetters_StillFound()
    {
        var highlight = Assert.Single(HighlightFinder.Find(["Welcome to the EDD Ca1l Center training."]), h => h.Kind == HighlightKinds.CallsItselfCallCenter);

        Assert.Equal("Welcome to the EDD Ca1l Center training.", highlight.Quote);
    }

    [Fact]
    public void Find_SentenceShowingTwoKinds_ListedUnderEachOnce()
    {
        var highlights = HighlightFinder.Find(["The Call Center took 3,100 calls on Monday. The Call Center took 3,100 calls on Monday."]);

        Assert.Equal([HighlightKinds.CallsItselfCallCenter, HighlightKinds.CallVolume], highlights.Select(h => h.Kind));
    }
}
