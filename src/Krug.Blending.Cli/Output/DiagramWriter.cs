using System.CommandLine;
using System.Globalization;
using System.Text;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;
using Serilog;

namespace Krug.Blending.Cli.Output;

/// <summary>The two diagram languages <c>--diagram</c> writes, chosen by the file's extension.</summary>
internal enum DiagramFormat
{
    /// <summary>A Mermaid flowchart (<c>.mmd</c>); render with <c>mmdc -i plan.mmd -o plan.svg</c>.</summary>
    Mermaid,

    /// <summary>A Graphviz digraph (<c>.dot</c>, <c>.gv</c>); render with <c>dot -Tsvg plan.dot -o plan.svg</c>.</summary>
    Dot,
}

/// <summary>
/// Draws a plan for people: every tank the plan touches is a node labelled with its id, capacity
/// and contents; each step is a box (subgraph) holding its transfers and the tanks they fill; the
/// tanks holding the final blend are highlighted. A tank appears once per state it passes through,
/// so the picture reads left to right like the work order.
/// </summary>
internal static class DiagramWriter
{
    /// <summary>Most wines listed in a node; a blend of 140 wines would make the picture unreadable.</summary>
    public const int MaxWinesPerNode = 6;

    /// <summary>Creates the <c>--diagram</c> option, whose extension is checked while parsing (a wrong one is a usage error).</summary>
    public static Option<string?> CreateOption()
    {
        var option = new Option<string?>("--diagram")
        {
            Description = "Also draw the plan to this file: a Mermaid flowchart for .mmd, Graphviz DOT for .dot or .gv " +
                "(render with 'mmdc -i plan.mmd -o plan.svg' or 'dot -Tsvg plan.dot -o plan.svg'). Written atomically.",
            HelpName = "plan.mmd|plan.dot",
        };
        option.Validators.Add(result =>
        {
            var path = result.GetValueOrDefault<string?>();
            if (path is not null && FormatOf(path) is null)
            {
                result.AddError($"--diagram {path}: the file name must end in .mmd (Mermaid) or .dot/.gv (Graphviz).");
            }
        });
        return option;
    }

    /// <summary>The format a file name asks for, or <see langword="null"/> for an unknown extension.</summary>
    public static DiagramFormat? FormatOf(string path) =>
        Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".MMD" => DiagramFormat.Mermaid,
            ".DOT" or ".GV" => DiagramFormat.Dot,
            _ => null,
        };

    /// <summary>
    /// Writes the diagram to <paramref name="path"/> when it is set; logs and returns <see langword="false"/>
    /// when the file could not be written. Without a plan there is nothing to draw: a warning, and <see langword="true"/>.
    /// </summary>
    /// <param name="path">The <c>--diagram</c> value, or <see langword="null"/> when it was not given.</param>
    /// <param name="cellar">The cellar at the start.</param>
    /// <param name="plan">The plan, or <see langword="null"/> when none was found.</param>
    /// <param name="transferBlends">What each transfer poured (from the verifier); a transfer missing here is drawn without contents.</param>
    /// <param name="inputs">The input files, which must not be overwritten.</param>
    /// <param name="logger">Where to report.</param>
    public static bool WriteIfAsked(
        string? path,
        Cellar cellar,
        Plan? plan,
        IReadOnlyDictionary<int, Composition>? transferBlends,
        IEnumerable<string> inputs,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(cellar);
        ArgumentNullException.ThrowIfNull(logger);
        if (path is null)
        {
            return true;
        }

        if (plan is null)
        {
            logger.Warning("No plan, so no diagram was written.");
            return true;
        }

        var format = FormatOf(path) ?? throw new ArgumentException($"{path} is not a diagram file name.", nameof(path));
        var text = Render(format, cellar, plan, transferBlends ?? new Dictionary<int, Composition>());
        if (AtomicFile.TryWrite(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)), inputs, out var error))
        {
            logger.Information("Wrote {File}.", path);
            return true;
        }

        logger.Error("{Error}", error);
        return false;
    }

    /// <summary>The diagram as text, with <c>\n</c> line ends.</summary>
    public static string Render(DiagramFormat format, Cellar cellar, Plan plan, IReadOnlyDictionary<int, Composition> transferBlends)
    {
        ArgumentNullException.ThrowIfNull(cellar);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(transferBlends);
        var graph = Graph.Build(cellar, plan, transferBlends);
        return format == DiagramFormat.Mermaid ? Mermaid(graph) : Dot(graph);
    }

    private static string Mermaid(Graph graph)
    {
        var text = new StringBuilder();
        text.Append("%% Blending plan drawn by krug-blend. Render: mmdc -i plan.mmd -o plan.svg\n");
        text.Append("flowchart LR\n");
        foreach (var group in graph.Groups)
        {
            text.Append(CultureInfo.InvariantCulture, $"  subgraph {group.Id}[\"{MermaidText(group.Title)}\"]\n");
            text.Append("    direction TB\n");
            foreach (var node in group.Nodes)
            {
                var label = MermaidText(string.Join('\n', node.Lines)).Replace("\n", "<br/>", StringComparison.Ordinal);
                text.Append(node.IsTransfer
                    ? $"    {node.Id}{{{{\"{label}\"}}}}\n"
                    : $"    {node.Id}[\"{label}\"]\n");
            }

            text.Append("  end\n");
        }

        foreach (var edge in graph.Edges)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {edge.From} -->|\"{MermaidText(edge.Label)}\"| {edge.To}\n");
        }

        text.Append("  classDef tank fill:#fdfaf3,stroke:#7a6a4f\n");
        text.Append("  classDef transfer fill:#e8eef7,stroke:#4f6a8f\n");
        text.Append("  classDef final fill:#f6d776,stroke:#8a6d00,stroke-width:3px\n");
        AppendClass(text, "tank", graph.Nodes.Where(n => !n.IsTransfer && !n.IsFinal));
        AppendClass(text, "transfer", graph.Nodes.Where(n => n.IsTransfer));
        AppendClass(text, "final", graph.Nodes.Where(n => n.IsFinal));
        return text.ToString();
    }

    private static void AppendClass(StringBuilder text, string name, IEnumerable<Node> nodes)
    {
        var ids = nodes.Select(n => n.Id).ToList();
        if (ids.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  class {string.Join(',', ids)} {name}\n");
        }
    }

    private static string Dot(Graph graph)
    {
        var text = new StringBuilder();
        text.Append("// Blending plan drawn by krug-blend. Render: dot -Tsvg plan.dot -o plan.svg\n");
        text.Append("digraph plan {\n");
        text.Append("  rankdir=LR;\n");
        text.Append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#fdfaf3\", color=\"#7a6a4f\", fontname=\"Helvetica\"];\n");
        text.Append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        foreach (var group in graph.Groups)
        {
            text.Append(CultureInfo.InvariantCulture, $"  subgraph cluster_{group.Id} {{\n");
            text.Append(CultureInfo.InvariantCulture, $"    label=\"{DotText(group.Title)}\";\n");
            text.Append("    style=dashed;\n");
            foreach (var node in group.Nodes)
            {
                var label = DotText(string.Join('\n', node.Lines));
                var style = node.IsTransfer ? ", shape=hexagon, fillcolor=\"#e8eef7\", color=\"#4f6a8f\""
                    : node.IsFinal ? ", fillcolor=\"#f6d776\", color=\"#8a6d00\", penwidth=3"
                    : string.Empty;
                text.Append(CultureInfo.InvariantCulture, $"    {node.Id} [label=\"{label}\"{style}];\n");
            }

            text.Append("  }\n");
        }

        foreach (var edge in graph.Edges)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {edge.From} -> {edge.To} [label=\"{DotText(edge.Label)}\"];\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    // Mermaid has no backslash escapes inside quoted labels; its entity codes keep quotes and markup characters literal.
    private static string MermaidText(string value) => value
        .Replace("&", "#amp;", StringComparison.Ordinal)
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal);

    private static string DotText(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed record Node(string Id, IReadOnlyList<string> Lines, bool IsTransfer, bool IsFinal);

    private sealed record Edge(string From, string To, string Label);

    private sealed record Group(string Id, string Title, IReadOnlyList<Node> Nodes);

    private sealed class Graph
    {
        public List<Group> Groups { get; } = [];

        public List<Edge> Edges { get; } = [];

        public IEnumerable<Node> Nodes => Groups.SelectMany(g => g.Nodes);

        public static Graph Build(Cellar cellar, Plan plan, IReadOnlyDictionary<int, Composition> transferBlends)
        {
            var unit = cellar.Unit;
            var graph = new Graph();
            var final = plan.FinalTransfer;

            // The latest node of each tank; a tank the plan has not touched yet gets its start node on first use.
            var current = new Dictionary<string, string>(StringComparer.Ordinal);
            var start = new List<Node>();
            var tankNumber = 0;

            string StartNode(string tankId)
            {
                if (current.TryGetValue(tankId, out var id))
                {
                    return id;
                }

                id = "t" + (++tankNumber).ToString(CultureInfo.InvariantCulture);
                var tank = cellar.ById.TryGetValue(tankId, out var known) ? known : null;
                var contents = tank is null ? "not in the cellar" : tank.Lot is { } lot ? "lot " + lot.Name : tank.Content ?? "empty";
                start.Add(new Node(id, [tankId, Capacity(tank), contents], IsTransfer: false, IsFinal: false));
                current[tankId] = id;
                return id;
            }

            string Capacity(Tank? tank) => tank is null ? "?" : unit.Format(tank.Capacity) + " " + unit.Label;

            var steps = new List<Group>();
            foreach (var step in plan.Steps)
            {
                var nodes = new List<Node>();
                foreach (var transfer in step.Transfers)
                {
                    var transferId = "x" + transfer.Number.ToString(CultureInfo.InvariantCulture);
                    var isFinal = ReferenceEquals(transfer, final);
                    nodes.Add(new Node(
                        transferId,
                        [$"Transfer {transfer.Number.ToString(CultureInfo.InvariantCulture)}", Volume(transfer.VolumeDrawn)],
                        IsTransfer: true,
                        IsFinal: false));
                    foreach (var source in transfer.From)
                    {
                        var tank = cellar.ById.GetValueOrDefault(source.TankId);
                        var drawn = tank is not null && source.Volume < tank.Capacity
                            ? Volume(source.Volume) + " (rest wasted)"
                            : Volume(source.Volume);
                        graph.Edges.Add(new Edge(StartNode(source.TankId), transferId, drawn));
                    }

                    var contents = transferBlends.TryGetValue(transfer.Number, out var blend)
                        ? Contents(blend, cellar.NameOf(blend))
                        : ["blend of transfer " + transfer.Number.ToString(CultureInfo.InvariantCulture)];
                    foreach (var target in transfer.To)
                    {
                        var id = "t" + (++tankNumber).ToString(CultureInfo.InvariantCulture);
                        var tank = cellar.ById.GetValueOrDefault(target.TankId);
                        List<string> lines = [target.TankId, Capacity(tank), .. contents];
                        if (isFinal)
                        {
                            lines.Insert(0, "FINAL BLEND");
                        }

                        nodes.Add(new Node(id, lines, IsTransfer: false, IsFinal: isFinal));
                        graph.Edges.Add(new Edge(transferId, id, Volume(target.Volume)));
                        current[target.TankId] = id;
                    }
                }

                steps.Add(new Group("step" + step.Number.ToString(CultureInfo.InvariantCulture), "Step " + step.Number.ToString(CultureInfo.InvariantCulture), nodes));
            }

            graph.Groups.Add(new Group("start", "Start", start));
            graph.Groups.AddRange(steps);
            return graph;

            string Volume(long volume) => unit.Format(volume) + " " + unit.Label;
        }

        private static List<string> Contents(Composition blend, string? name)
        {
            if (blend.IsPure)
            {
                return [blend.Shares.Keys.Single()];
            }

            if (name is not null)
            {
                // A lot moved or split unchanged: its name says more than its make-up.
                return ["lot " + name];
            }

            var ordered = blend.Shares
                .OrderByDescending(s => s.Value)
                .ThenBy(s => s.Key, StringComparer.Ordinal)
                .ToList();
            var lines = ordered
                .Take(MaxWinesPerNode)
                .Select(s => ReportNumbers.Percent(s.Value, 1) + " % " + s.Key)
                .ToList();
            if (ordered.Count > MaxWinesPerNode)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"+ {ordered.Count - MaxWinesPerNode} more wines"));
            }

            return lines;
        }
    }
}
