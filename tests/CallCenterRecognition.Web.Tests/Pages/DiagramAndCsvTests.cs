using System.Xml.Linq;
using CallCenterRecognition.Web.Features.Dashboard;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterRecognition.Web.Tests.Pages;

public sealed class DiagramAndCsvTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string Stateless = """
        stateDiagram-v2
        	documentcollection : document-collection
        	intake --> referral : refer
        	intake --> intake : add-note [Function]
        	referral --> documentcollection : accept
        	documentcollection --> referral : send-back
        	intake --> withdrawn : withdraw
        	referral --> withdrawn : withdraw
        [*] --> intake
        """;

    [Fact]
    public void MermaidParse_StatelessOutput_ReadsAliasesEdgesAndStart()
    {
        var diagram = MermaidSvg.Parse(Stateless);

        Assert.Equal("intake", diagram.Initial);
        Assert.Equal("document-collection", diagram.Names["documentcollection"]);
        Assert.Equal(["documentcollection", "intake", "referral", "withdrawn"], diagram.Nodes.Order(StringComparer.Ordinal));
        Assert.Contains(new MermaidSvg.Edge("intake", "intake", "add-note"), diagram.Edges);
        Assert.Contains(new MermaidSvg.Edge("documentcollection", "referral", "send-back"), diagram.Edges);
        Assert.Equal(6, diagram.Edges.Count);
    }

    [Fact]
    public void MermaidRender_CurrentStage_IsTheOnlyHighlightedNodeAndTextIsEscaped()
    {
        var svg = XDocument.Parse(MermaidSvg.Render(Stateless, "document-collection", s => s == "intake" ? "Intake <&> \"start\"" : null, "Title & more"));
        XNamespace ns = "http://www.w3.org/2000/svg";

        var current = Assert.Single(svg.Descendants(ns + "g"), g => ((string?)g.Attribute("class"))?.Contains("current", StringComparison.Ordinal) == true);
        Assert.Equal("document-collection", (string?)current.Attribute("data-stage"));
        Assert.Equal("step", (string?)current.Attribute("aria-current"));
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "Intake <&> \"start\"");
        Assert.Equal("Title & more", svg.Descendants(ns + "title").First().Value);
        Assert.Equal(4, svg.Descendants(ns + "g").Count(g => ((string?)g.Attribute("class"))?.StartsWith("stage", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void MermaidRender_RealDefinition_PlacesOutcomesBelowTheStepsThatLeadToThem()
    {
        var engine = factory.Services.GetRequiredService<WorkflowEngine>();
        var definition = engine.Registry.FindLatest("article-21-4-recognition")!;
        var svg = XDocument.Parse(MermaidSvg.Render(WorkflowEngine.ToMermaid(definition), "intake", s => definition.StagesById.GetValueOrDefault(s)?.Name, "diagram"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        double Top(string stage) => (double)svg.Descendants(ns + "g").Single(g => (string?)g.Attribute("data-stage") == stage).Element(ns + "rect")!.Attribute("y")!;

        Assert.Equal(definition.Stages.Count, svg.Descendants(ns + "g").Count(g => g.Attribute("data-stage") is not null));
        Assert.True(Top("intake") < Top("referral"));
        Assert.True(Top("referral") < Top("document-collection"));
        Assert.True(Top("document-collection") < Top("calhr-review"));
        Assert.True(Top("calhr-review") < Top("recognized"));
        Assert.True(Top("recognized") < Top("differential-granted"));
        Assert.True(Top("denied") < Top("withdrawn"));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("Call Center, North", "\"Call Center, North\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1 916", "'+1 916")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("", "")]
    public void CsvField_Value_IsQuotedAndFormulasNeutralised(string value, string expected) =>
        Assert.Equal(expected, Csv.Field(value));

    [Theory]
    [InlineData(new double[0], 0)]
    [InlineData(new[] { 3.0 }, 3)]
    [InlineData(new[] { 1.0, 2, 10 }, 2)]
    [InlineData(new[] { 1.0, 2, 4, 10 }, 3)]
    public void Median_SortedValues_IsMiddleOrMeanOfTwoMiddles(double[] values, double expected) =>
        Assert.Equal(expected, DashboardQuery.Median(values));
}
