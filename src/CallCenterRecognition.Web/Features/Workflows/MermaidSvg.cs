using System.Globalization;
using System.Net;
using System.Text;

namespace CallCenterRecognition.Web.Features.Workflows;

// Draws the stateDiagram-v2 subset Stateless writes (`a --> b : label`, `[*] --> x`, `alias : name`) as SVG on the server,
// so pages need no diagram script. Layout: layers by longest path from the start; one-layer steps straight down with labels;
// longer forward edges as arcs on the left; edges back up as arcs on the right; actions that stay in a stage inside its box.
public static class MermaidSvg
{
    public sealed record Diagram(IReadOnlyList<string> Nodes, IReadOnlyDictionary<string, string> Names, string? Initial, IReadOnlyList<Edge> Edges);

    public sealed record Edge(string From, string To, string Label);

    private const double CharWidth = 7.2, NodeHeight = 36, LayerGap = 78, NodeGap = 28, Margin = 20, ArcStep = 16;

    public static Diagram Parse(string mermaid)
    {
        var nodes = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var edges = new List<Edge>();
        string? initial = null;
        void Node(string id)
        {
            if (!nodes.Contains(id))
            {
                nodes.Add(id);
            }
        }

        foreach (var raw in mermaid.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("%%", StringComparison.Ordinal) || line.StartsWith("stateDiagram", StringComparison.Ordinal) ||
                line.StartsWith("direction ", StringComparison.Ordinal))
            {
                continue;
            }

            var arrow = line.IndexOf("-->", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                var from = line[..arrow].Trim();
                var rest = line[(arrow + 3)..];
                var colon = rest.IndexOf(':', StringComparison.Ordinal);
                var to = (colon >= 0 ? rest[..colon] : rest).Trim();
                var label = colon >= 0 ? rest[(colon + 1)..].Replace("[Function]", string.Empty, StringComparison.Ordinal).Trim() : string.Empty;
                if (to == "[*]" || to.Length == 0 || from.Length == 0)
                {
                    continue;
                }

                Node(to);
                if (from == "[*]")
                {
                    initial ??= to;
                    continue;
                }

                Node(from);
                edges.Add(new Edge(from, to, label));
                continue;
            }

            var separator = line.IndexOf(':', StringComparison.Ordinal);
            if (separator > 0)
            {
                var alias = line[..separator].Trim();
                Node(alias);
                names[alias] = line[(separator + 1)..].Trim();
            }
            else if (!line.Contains(' ', StringComparison.Ordinal) && !line.Contains('{', StringComparison.Ordinal) && !line.Contains('}', StringComparison.Ordinal))
            {
                Node(line);
            }
        }

        return new Diagram(nodes, names, initial ?? nodes.FirstOrDefault(), edges);
    }

    /// <param name="mermaid">The diagram text.</param>
    /// <param name="current">Stage id to highlight, or null.</param>
    /// <param name="label">Human name of a stage id; the id itself when null.</param>
    /// <param name="title">Accessible title of the figure.</param>
    public static string Render(string mermaid, string? current, Func<string, string?>? label, string title)
    {
        var diagram = Parse(mermaid);
        string StageId(string node) => diagram.Names.GetValueOrDefault(node) ?? node;
        string Text(string node) => label?.Invoke(StageId(node)) ?? StageId(node);

        var layer = Layers(diagram);
        var layers = diagram.Nodes.GroupBy(n => layer[n]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var grouped = diagram.Edges.GroupBy(e => (e.From, e.To)).Select(g => new Edge(g.Key.From, g.Key.To, string.Join(", ", g.Select(e => e.Label).Where(l => l.Length > 0).Distinct()))).ToList();
        var loops = grouped.Where(e => e.From == e.To).ToDictionary(e => e.From, e => "↻ " + e.Label, StringComparer.Ordinal);
        var steps = grouped.Where(e => layer[e.To] == layer[e.From] + 1).ToList();
        var longEdges = grouped.Where(e => layer[e.To] > layer[e.From] + 1).ToList();
        var arcs = grouped.Where(e => e.From != e.To && layer[e.To] <= layer[e.From]).ToList();

        // A stage's box holds its name and, smaller, the actions that keep it in place; its slot is wide enough for the labels arriving at it.
        var width = new Dictionary<string, double>(StringComparer.Ordinal);
        var height = new Dictionary<string, double>(StringComparer.Ordinal);
        var slot = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var node in diagram.Nodes)
        {
            var loopWidth = loops.TryGetValue(node, out var loopText) ? loopText.Length * CharWidth * 0.8 : 0;
            width[node] = Math.Max(90, Math.Max(Text(node).Length * CharWidth, loopWidth) + 28);
            height[node] = loopText is null ? NodeHeight : NodeHeight + 12;
            var incoming = steps.Where(e => e.To == node).Select(e => LabelWidth(e.Label)).DefaultIfEmpty(0).Max();
            slot[node] = Math.Max(width[node], incoming);
        }

        var rowWidths = layers.Select(row => row.Sum(n => slot[n]) + (NodeGap * (row.Count - 1))).ToList();
        var contentWidth = rowWidths.Count == 0 ? 200 : rowWidths.Max();
        var leftGutter = (longEdges.Count * ArcStep) + 10;
        var arcLabelWidth = arcs.Select(a => LabelWidth(a.Label)).DefaultIfEmpty(0).Max();
        var totalWidth = Margin + leftGutter + contentWidth + 20 + (arcs.Count * ArcStep) + arcLabelWidth + Margin;
        var startY = Margin + 24;
        var rowHeight = NodeHeight + 12 + LayerGap;

        var x = new Dictionary<string, double>(StringComparer.Ordinal);
        var y = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < layers.Count; i++)
        {
            var left = Margin + leftGutter + ((contentWidth - rowWidths[i]) / 2);
            foreach (var node in layers[i])
            {
                x[node] = left + ((slot[node] - width[node]) / 2);
                y[node] = startY + 30 + (i * rowHeight);
                left += slot[node] + NodeGap;
            }
        }

        // Ids unique per diagram, so several diagrams on one page keep their own title and arrowhead.
        var id = "wf" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(title + "\n" + mermaid)))[..10].ToLowerInvariant();
        var totalHeight = startY + 30 + (layers.Count * rowHeight) - LayerGap + Margin;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" viewBox="0 0 {N(totalWidth)} {N(totalHeight)}" width="{N(totalWidth)}" height="{N(totalHeight)}" role="img" aria-labelledby="{id}-title">""");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"""<defs><marker id="{id}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>""");

        double Cx(string n) => x[n] + (width[n] / 2);
        double Cy(string n) => y[n] + (height[n] / 2);
        if (diagram.Initial is { } initial && x.ContainsKey(initial))
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<circle class="start" cx="{N(Cx(initial))}" cy="{N(startY)}" r="8"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<line class="edge" x1="{N(Cx(initial))}" y1="{N(startY + 8)}" x2="{N(Cx(initial))}" y2="{N(y[initial])}" marker-end="url(#{id}-arrow)"/>""");
        }

        var labels = new StringBuilder();
        // Edges that skip layers leave to the left, run down a gutter, and come into the stage from above along a shared bus.
        for (var i = 0; i < longEdges.Count; i++)
        {
            var edge = longEdges[i];
            var bend = Margin + leftGutter - (ArcStep * (i + 1));
            var (sx, sy, tx, bus) = (x[edge.From], Cy(edge.From), x[edge.To] + 14, y[edge.To] - (LayerGap / 2) - 6);
            svg.Append(CultureInfo.InvariantCulture, $"""<path class="edge long" d="M{N(sx)},{N(sy)} C{N(bend)},{N(sy)} {N(bend)},{N(sy)} {N(bend)},{N(sy + 24)} L{N(bend)},{N(bus - 12)} Q{N(bend)},{N(bus)} {N(bend + 12)},{N(bus)} L{N(tx - 10)},{N(bus)} Q{N(tx)},{N(bus)} {N(tx)},{N(bus + 10)} L{N(tx)},{N(y[edge.To])}" marker-end="url(#{id}-arrow)"><title>{E(edge.Label)}</title></path>""");
        }

        foreach (var bus in longEdges.GroupBy(e => e.To))
        {
            foreach (var text in bus.Select(e => e.Label).Where(l => l.Length > 0).Distinct())
            {
                AppendLabel(labels, Margin + leftGutter + 6, y[bus.Key] - (LayerGap / 2) - 6, text, "start");
            }
        }

        foreach (var edge in steps)
        {
            var (x1, y1, x2, y2) = (Cx(edge.From), y[edge.From] + height[edge.From], Cx(edge.To), y[edge.To]);
            svg.Append(CultureInfo.InvariantCulture, $"""<line class="edge" x1="{N(x1)}" y1="{N(y1)}" x2="{N(x2)}" y2="{N(y2)}" marker-end="url(#{id}-arrow)"><title>{E(edge.Label)}</title></line>""");
        }

        // Step labels sit just above the stage they lead to (its slot is wide enough), stacked when different steps arrive there.
        foreach (var arriving in steps.GroupBy(e => e.To))
        {
            var texts = arriving.Select(e => e.Label).Where(l => l.Length > 0).Distinct().ToList();
            for (var k = 0; k < texts.Count; k++)
            {
                AppendLabel(labels, Cx(arriving.Key), y[arriving.Key] - 14 - (k * 17), texts[k], "middle");
            }
        }

        var arcX = Margin + leftGutter + contentWidth + 20;
        foreach (var edge in arcs)
        {
            arcX += ArcStep;
            var (sx, sy, tx, ty) = (x[edge.From] + width[edge.From], Cy(edge.From), x[edge.To] + width[edge.To], Cy(edge.To) + 6);
            svg.Append(CultureInfo.InvariantCulture, $"""<path class="edge back" d="M{N(sx)},{N(sy)} C{N(arcX)},{N(sy)} {N(arcX)},{N(ty)} {N(tx)},{N(ty)}" marker-end="url(#{id}-arrow)"><title>{E(edge.Label)}</title></path>""");
            AppendLabel(labels, (arcX * 0.75) + (Math.Max(sx, tx) * 0.25) + 4, (sy + ty) / 2, edge.Label, "start");
        }

        foreach (var node in diagram.Nodes)
        {
            var stage = StageId(node);
            var isCurrent = stage == current;
            var isFinal = grouped.All(e => e.From != node || e.To == node);
            var cls = "stage" + (isCurrent ? " current" : string.Empty) + (isFinal ? " final" : string.Empty);
            svg.Append(CultureInfo.InvariantCulture, $"""<g class="{cls}" data-stage="{E(stage)}"{(isCurrent ? " aria-current=\"step\"" : string.Empty)}>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{N(x[node])}" y="{N(y[node])}" width="{N(width[node])}" height="{N(height[node])}" rx="10"/>""");
            if (loops.TryGetValue(node, out var loopText))
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(Cx(node))}" y="{N(y[node] + 20)}" text-anchor="middle">{E(Text(node))}</text>""");
                svg.Append(CultureInfo.InvariantCulture, $"""<text class="loop-label" x="{N(Cx(node))}" y="{N(y[node] + 38)}" text-anchor="middle">{E(loopText)}</text>""");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(Cx(node))}" y="{N(Cy(node) + 5)}" text-anchor="middle">{E(Text(node))}</text>""");
            }

            svg.Append("</g>");
        }

        svg.Append(labels);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static double LabelWidth(string text) => text.Length == 0 ? 0 : (text.Length * CharWidth * 0.85) + 12;

    private static void AppendLabel(StringBuilder labels, double x, double cy, string text, string anchor)
    {
        if (text.Length == 0)
        {
            return;
        }

        var w = LabelWidth(text) - 4;
        var left = anchor == "middle" ? x - (w / 2) : x - 2;
        labels.Append(CultureInfo.InvariantCulture, $"""<rect class="edge-label-bg" x="{N(left)}" y="{N(cy - 10)}" width="{N(w)}" height="15" rx="3"/>""");
        labels.Append(CultureInfo.InvariantCulture, $"""<text class="edge-label" x="{N(anchor == "middle" ? x : x + 2)}" y="{N(cy + 1)}" text-anchor="{anchor}">{E(text)}</text>""");
    }

    // Longest path from the start over the edges left after removing the ones that close a cycle (found by depth-first search),
    // so outcomes sit below the steps that lead to them and only true loops (an appeal) point back up.
    private static Dictionary<string, int> Layers(Diagram diagram)
    {
        var back = new HashSet<Edge>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        void Visit(string node)
        {
            state[node] = 1;
            foreach (var edge in diagram.Edges.Where(e => e.From == node && e.To != node))
            {
                switch (state.GetValueOrDefault(edge.To))
                {
                    case 0:
                        Visit(edge.To);
                        break;
                    case 1:
                        back.Add(edge);
                        break;
                }
            }

            state[node] = 2;
        }

        foreach (var node in (diagram.Initial is { } first ? [first] : Array.Empty<string>()).Concat(diagram.Nodes))
        {
            if (state.GetValueOrDefault(node) == 0)
            {
                Visit(node);
            }
        }

        var forward = diagram.Edges.Where(e => e.From != e.To && !back.Contains(e)).ToList();
        var layer = diagram.Nodes.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        for (var pass = 0; pass < diagram.Nodes.Count; pass++)
        {
            var changed = false;
            foreach (var edge in forward.Where(e => layer[e.To] < layer[e.From] + 1))
            {
                layer[edge.To] = layer[edge.From] + 1;
                changed = true;
            }

            if (!changed)
            {
                break;
            }
        }

        return layer;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
