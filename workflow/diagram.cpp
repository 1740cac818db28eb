// Diagrams of a workflow. The definition is first laid out as a neutral graph (nodes with
// label lines, edges with a kind and label lines, the case path marked on both), which two
// small writers then print in Graphviz dot and in Mermaid, each with its own escaping.
#include "workflow/diagram.hpp"

#include "rules/join.hpp"

#include <algorithm>
#include <map>

namespace wg::workflow {
namespace {

using rules::join;

constexpr std::string_view kPathColour = "#c0392b";
constexpr std::string_view kCurrentFill = "#fadbd8";
constexpr std::string_view kFont = "Helvetica,Arial,sans-serif";
constexpr std::string_view kCurrentMark = "● current";

enum class EdgeKind { event, deadline, extension };

struct Node {
    std::string name;
    std::vector<std::string> lines;
    bool final = false;
    bool visited = false;
    bool current = false;
};

struct Edge {
    std::string from;
    std::string event;
    std::string to;
    EdgeKind kind = EdgeKind::event;
    std::vector<std::string> lines;
    bool on_path = false;
};

struct Graph {
    std::string title;
    std::string initial;
    std::vector<Node> nodes;
    std::vector<Edge> edges;
};

// --- text helpers ----------------------------------------------------------------------------

// Whitespace runs (a guard folded over YAML lines) become one space.
std::string one_line(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (!space)
            out += c;
        else if (!out.empty() && out.back() != ' ')
            out += ' ';
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Cuts after `width` characters (UTF-8 code points, so Chinese is never split mid-character).
std::string abbreviate(std::string_view text, std::size_t width) {
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool starts_character = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
        if (starts_character && characters++ == width) return std::string(text.substr(0, i)) + "…";
    }
    return std::string(text);
}

// --- layout: definition -> graph -------------------------------------------------------------

std::vector<std::string> node_lines(const State& state) {
    std::vector<std::string> lines;
    if (!state.label.zh.empty()) lines.push_back(state.label.zh);
    if (!state.label.en.empty()) lines.push_back(state.label.en);
    if (lines.empty()) lines.push_back(state.name);
    if (!state.owner.empty()) lines.push_back("owner: " + state.owner);
    return lines;
}

// "by inspector, supervisor"; `system` is left out where the edge is a deadline's.
std::string roles_line(const std::vector<std::string>& roles, bool without_system) {
    std::vector<std::string> shown;
    for (const auto& role : roles)
        if (!without_system || role != kSystemRole) shown.push_back(role);
    return shown.empty() ? std::string() : "by " + join(shown, ", ");
}

// "5 working days → acceptance_overdue (D1)", "until data.due_date → order_overdue (D4)".
std::string deadline_line(const Deadline& deadline) {
    std::string when = "deadline";
    if (deadline.within)
        when = rules::format_period_en(*deadline.within) + (deadline.from ? " from " + one_line(deadline.from->source) : "");
    else if (deadline.until)
        when = "until " + one_line(deadline.until->source);
    std::string line = when + " → " + deadline.fires;
    if (!deadline.basis.empty()) line += " (" + deadline.basis + ")";
    return line;
}

Edge transition_edge(const State& state, const Transition& transition,
                     const DiagramOptions& options) {
    const bool expiry = state.deadline && state.deadline->fires == transition.event;
    Edge edge{state.name, transition.event, transition.target};
    edge.kind = expiry ? EdgeKind::deadline : EdgeKind::event;
    edge.lines.push_back(expiry ? deadline_line(*state.deadline) : transition.event);
    if (transition.guard)
        edge.lines.push_back(
            "[" + abbreviate(one_line(transition.guard->source), options.guard_width) + "]");
    if (auto roles = roles_line(transition.roles, expiry); !roles.empty())
        edge.lines.push_back(roles);
    return edge;
}

// A deadline nobody handles still shows, as a dashed loop saying so.
void add_deadline_edges(const State& state, std::vector<Edge>& edges) {
    if (!state.deadline) return;
    const Deadline& deadline = *state.deadline;
    if (state.find_transition(deadline.fires) == nullptr) {
        Edge edge{state.name, deadline.fires, state.name, EdgeKind::deadline};
        edge.lines = {deadline_line(deadline), "(no transition handles it)"};
        edges.push_back(std::move(edge));
    }
    if (!deadline.extend) return;
    const DeadlineExtension& extend = *deadline.extend;
    Edge edge{state.name, extend.event, state.name, EdgeKind::extension};
    edge.lines.push_back(extend.event);
    std::string by = "+" + rules::format_period_en(extend.by);
    if (extend.times > 1) by += ", up to " + std::to_string(extend.times) + " times";
    edge.lines.push_back(by);
    if (auto roles = roles_line(extend.roles, false); !roles.empty()) edge.lines.push_back(roles);
    edges.push_back(std::move(edge));
}

void mark_path(Graph& graph, const CasePath& path) {
    for (const auto& step : path.steps)
        for (auto& edge : graph.edges)
            if (edge.from == step.from && edge.event == step.event && edge.to == step.to)
                edge.on_path = true;
    for (auto& node : graph.nodes) {
        node.current = node.name == path.current;
        const auto passes = [&](const PathStep& step) {
            return step.from == node.name || step.to == node.name;
        };
        node.visited = node.current || std::any_of(path.steps.begin(), path.steps.end(), passes);
        if (node.current) node.lines.emplace_back(kCurrentMark);
    }
}

Graph layout(const Definition& definition, const DiagramOptions& options) {
    Graph graph;
    std::vector<std::string> title;
    for (const auto& part : {definition.title.zh, definition.title.en})
        if (!part.empty()) title.push_back(part);
    graph.title = title.empty() ? definition.name : join(title, " · ");
    graph.initial = definition.initial;
    for (const auto& state : definition.states) {
        graph.nodes.push_back({state.name, node_lines(state), state.final});
        for (const auto& transition : state.transitions)
            graph.edges.push_back(transition_edge(state, transition, options));
        add_deadline_edges(state, graph.edges);
    }
    if (options.path) mark_path(graph, *options.path);
    return graph;
}

// --- Graphviz dot ----------------------------------------------------------------------------

// Inside a dot string only `"` is escaped; labels then read `\` escapes, so `\` doubles.
std::string dot_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string dot_quote(std::string_view text) {
    return "\"" + dot_escape(text) + "\"";
}

// Lines joined by dot's `\n` line break.
std::string dot_label(const std::vector<std::string>& lines) {
    std::vector<std::string> escaped;
    for (const auto& line : lines) escaped.push_back(dot_escape(one_line(line)));
    return "\"" + join(escaped, "\\n") + "\"";
}

std::string dot_node(const Node& node) {
    std::string attributes = "label=" + dot_label(node.lines);
    if (node.final) attributes += ", shape=doublecircle";
    if (node.visited) attributes += ", color=\"" + std::string(kPathColour) + "\", penwidth=2";
    if (node.current)
        attributes += std::string(", style=\"") +
                      (node.final ? "filled,bold" : "rounded,filled,bold") + "\", fillcolor=\"" +
                      std::string(kCurrentFill) + "\"";
    return "  " + dot_quote(node.name) + " [" + attributes + "];\n";
}

std::string dot_edge(const Edge& edge) {
    std::string attributes = "label=" + dot_label(edge.lines);
    if (edge.kind == EdgeKind::deadline) attributes += ", style=dashed";
    if (edge.kind == EdgeKind::extension) attributes += ", style=dotted";
    if (edge.on_path)
        attributes += ", color=\"" + std::string(kPathColour) + "\", fontcolor=\"" +
                      std::string(kPathColour) + "\", penwidth=2.5";
    return "  " + dot_quote(edge.from) + " -> " + dot_quote(edge.to) + " [" + attributes + "];\n";
}

// --- Mermaid ---------------------------------------------------------------------------------

// Mermaid reads `#name;` entity codes inside quoted text; `#` itself must become one first.
std::string mermaid_text(std::string_view text) {
    std::string out;
    for (const char c : one_line(text)) {
        switch (c) {
            case '#': out += "#35;"; break;
            case '"': out += "#quot;"; break;
            case '<': out += "#lt;"; break;
            case '>': out += "#gt;"; break;
            case '&': out += "#amp;"; break;
            case '|': out += "#124;"; break;
            default: out += c;
        }
    }
    return out;
}

// The title sits in YAML front matter, a double-quoted YAML string: `\` and `"` are escaped
// with a backslash there too.
std::string yaml_quote(std::string_view text) {
    return "\"" + dot_escape(one_line(text)) + "\"";
}

std::string mermaid_label(const std::vector<std::string>& lines) {
    std::vector<std::string> escaped;
    for (const auto& line : lines) escaped.push_back(mermaid_text(line));
    return "\"" + join(escaped, "<br/>") + "\"";
}

// Node ids: `s_NAME` for plain names (the prefix keeps Mermaid keywords such as `end` out),
// `sN` for anything else.
class MermaidIds {
public:
    const std::string& operator()(const std::string& name) {
        auto [it, added] = ids_.try_emplace(name);
        if (!added) return it->second;
        const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_';
        });
        it->second = plain ? "s_" + name : "s" + std::to_string(next_++);
        return it->second;
    }

private:
    std::map<std::string, std::string> ids_;
    int next_ = 0;
};

std::string mermaid_arrow(EdgeKind kind) {
    return kind == EdgeKind::event ? "-->" : "-.->";
}

std::string mermaid_classes(const Graph& graph, MermaidIds& id) {
    std::vector<std::string> visited;
    std::vector<std::string> current;
    for (const auto& node : graph.nodes) {
        if (node.current)
            current.push_back(id(node.name));
        else if (node.visited)
            visited.push_back(id(node.name));
    }
    std::string out;
    out += "    classDef visited stroke:" + std::string(kPathColour) + ",stroke-width:2px\n";
    out += "    classDef current fill:" + std::string(kCurrentFill) +
           ",stroke:" + std::string(kPathColour) + ",stroke-width:3px\n";
    if (!visited.empty()) out += "    class " + join(visited, ",") + " visited\n";
    if (!current.empty()) out += "    class " + join(current, ",") + " current\n";
    return out;
}

}  // namespace

std::string to_dot(const Definition& definition, const DiagramOptions& options) {
    const Graph graph = layout(definition, options);
    const std::string font = dot_quote(kFont);
    std::string out = "digraph " + dot_quote(definition.name) + " {\n";
    out += "  graph [label=" + dot_quote(graph.title) + ", labelloc=t, fontname=" + font + "];\n";
    out += "  node [shape=box, style=rounded, fontname=" + font + "];\n";
    out += "  edge [fontname=" + font + ", fontsize=10];\n";
    out += "  \"(start)\" [shape=point, width=0.15, label=\"\"];\n";
    for (const auto& node : graph.nodes) out += dot_node(node);
    if (!graph.initial.empty()) out += "  \"(start)\" -> " + dot_quote(graph.initial) + ";\n";
    for (const auto& edge : graph.edges) out += dot_edge(edge);
    return out + "}\n";
}

std::string to_mermaid(const Definition& definition, const DiagramOptions& options) {
    const Graph graph = layout(definition, options);
    MermaidIds id;
    std::string out = "---\ntitle: " + yaml_quote(graph.title) + "\n---\nflowchart TD\n";
    out += "    wg_start((\" \"))\n";
    for (const auto& node : graph.nodes) {
        const auto label = mermaid_label(node.lines);
        out += "    " + id(node.name) + (node.final ? "(((" + label + ")))" : "[" + label + "]") +
               "\n";
    }
    std::vector<std::string> path_links;
    int link = 0;  // linkStyle counts links in the order written, the start arrow first
    if (!graph.initial.empty()) {
        out += "    wg_start --> " + id(graph.initial) + "\n";
        ++link;
    }
    for (const auto& edge : graph.edges) {
        out += "    " + id(edge.from) + " " + mermaid_arrow(edge.kind) + "|" +
               mermaid_label(edge.lines) + "| " + id(edge.to) + "\n";
        if (edge.on_path) path_links.push_back(std::to_string(link));
        ++link;
    }
    out += "    style wg_start fill:#333,stroke:#333\n";
    if (!path_links.empty())
        out += "    linkStyle " + join(path_links, ",") + " stroke:" + std::string(kPathColour) +
               ",stroke-width:3px,color:" + std::string(kPathColour) + "\n";
    const auto visited = [](const Node& node) { return node.visited; };
    if (std::any_of(graph.nodes.begin(), graph.nodes.end(), visited))
        out += mermaid_classes(graph, id);
    return out;
}

}  // namespace wg::workflow
