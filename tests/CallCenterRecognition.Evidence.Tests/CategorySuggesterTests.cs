namespace CallCenterRecognition.Evidence.Tests;

public sealed class CategorySuggesterTests
{
    private static readonly CategorySuggester Untaught = CategorySuggester.Create([]);

    [Theory]
    [InlineData("duty_statement.pdf", "duty-statements")]
    [InlineData("Org Chart 2026.pdf", "org-charts")]
    [InlineData("aux codes.xlsx", "phone-codes")]
    [InlineData("QA form - March.pdf", "quality-assessments")]
    [InlineData("customer survey results.pdf", "customer-surveys")]
    [InlineData("Corrective action memo.docx", "performance-documents")]
    [InlineData("overtime sign-up.xlsx", "other")]
    public void Suggest_FileNameOnly_UsesTheNamesWords(string fileName, string expected)
    {
        Assert.Equal(expected, Untaught.Suggest(fileName, "").Category);
    }

    [Fact]
    public void Suggest_OcrNoisyDutyStatement_DutyStatements()
    {
        const string text = "POSITI0N DUTY STATEMENT  Classif1cation: Program Techn- ician II\n70%  Answers incom ing te1ephone calls ;; from claimants\n 20% Upd ates records .. |  10% other dut1es as required";

        var suggestion = Untaught.Suggest("scan0001.pdf", text);

        Assert.Equal("duty-statements", suggestion.Category);
        Assert.InRange(suggestion.Confidence, 0.5, 1);
    }

    [Fact]
    public void Suggest_ClearDocument_MoreConfidentThanEmptyOne()
    {
        var clear = Untaught.Suggest("ACD report.pdf", "ACD report: calls offered 9,812, abandoned 2,406, service level 12%, average handle time 7:39.");
        var empty = Untaught.Suggest("scan0002.pdf", "");

        Assert.Equal("phone-system", clear.Category);
        Assert.True(clear.Confidence > empty.Confidence, $"{clear.Confidence} vs {empty.Confidence}");
        Assert.InRange(empty.Confidence, 0, 1);
    }

    [Fact]
    public void Create_ConfirmedLookAlikes_TeachTheUnusualKind()
    {
        const string unusual = "Secret shopper report 5. The shopper posed as a claimant asking about a missed payment. Ring time before pickup 3 minutes. Greeted by name, verified identity, explained the issue. Grade B.";
        CategoryExample[] confirmed =
        [
            new("customer-surveys", "secret shopper 1.pdf", "Secret shopper report 1. The shopper posed as an employer asking about a rate notice. Ring time before pickup 6 minutes. Greeted, verified, answer was correct. Grade A."),
            new("customer-surveys", "secret shopper 2.pdf", "Secret shopper report 2. The shopper posed as a claimant with a address change. Pickup after 11 minutes. Not greeted by name. Grade C."),
            new("customer-surveys", "secret shopper 3.pdf", "Secret shopper report 3. Shopper posed as a parent asking about a payment. Ring time 2 minutes. Friendly, explained next steps. Grade A."),
        ];

        var before = Untaught.Suggest("report.pdf", unusual);
        var taught = CategorySuggester.Create(confirmed);
        var after = taught.Suggest("report.pdf", unusual);

        Assert.NotEqual("customer-surveys", before.Category);
        Assert.Equal("customer-surveys", after.Category);
        Assert.Equal(3, taught.ConfirmedCount);
    }

    [Fact]
    public void Create_UnknownCategory_IsSkipped()
    {
        var taught = CategorySuggester.Create([new CategoryExample("invoices", "invoice.pdf", "Invoice 42")]);

        Assert.Equal(0, taught.ConfirmedCount);
        Assert.Contains(taught.Suggest("invoice.pdf", "Invoice 42").Category, CategorySuggester.Categories);
    }

    [Fact]
    public void Categories_MatchTheCcwgListAndOther()
    {
        Assert.Equal(11, CategorySuggester.Categories.Count);
        Assert.Equal("other", CategorySuggester.Categories[^1]);
    }
}
