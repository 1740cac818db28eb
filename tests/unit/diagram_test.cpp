// Workflow diagrams in dot and Mermaid, drawn from hand-built definitions: every state and
// transition shows, deadlines are dashed, a case's path is highlighted, labels are escaped.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "rules/expr/expression.hpp"
#include "workflow/diagram.hpp"

using namespace wg::workflow;
using wg::rules::Period;
using wg::rules::PeriodUnit;
using wg::rules::Type;

namespace {

CompiledExpression expression(const std::string& source) {
    wg::rules::Schema schema;
    REQUIRE(schema.add("data.amount", Type::money()));
    REQUIRE(schema.add("data.paid_amount", Type::money()));
    REQUIRE(schema.add("data.due_date", Type::date()));
    REQUIRE(schema.add("data.reason", Type::string()));
    auto compiled = wg::rules::compile_expression(source, schema, wg::rules::FunctionRegistry{});
    REQUIRE_MESSAGE(compiled, source);
    return {source, *compiled, {}};
}

Transition transition(std::string event, std::string target, std::vector<std::string> roles) {
    Transition t;
    t.event = std::move(event);
    t.target = std::move(target);
    t.roles = std::move(roles);
    return t;
}

State state(std::string name, Label label, std::string owner, std::vector<Transition> transitions) {
    State s;
    s.name = std::move(name);
    s.label = std::move(label);
    s.owner = std::move(owner);
    s.transitions = std::move(transitions);
    return s;
}

State final_state(std::string name, Label label) {
    State s = state(std::move(name), std::move(label), "", {});
    s.final = true;
    return s;
}

// The README's wage complaint, in short: two `within` deadlines (one extensible), one `until`.
Definition wage_complaint() {
    Definition d;
    d.name = "wage_complaint";
    d.title = {"欠薪投诉", "Wage arrears complaint"};
    d.roles = {"worker", "inspector", "supervisor", "system"};
    d.initial = "pending_acceptance";

    State pending = state("pending_acceptance", {"待受理", "Pending acceptance"}, "inspector",
                          {transition("accept", "investigating", {"inspector"}),
                           transition("refuse", "refused", {"inspector"}),
                           transition("acceptance_overdue", "pending_acceptance", {"system"})});
    pending.deadline = Deadline{Period{5, PeriodUnit::working_days},
                                std::nullopt,
                                "acceptance_overdue",
                                "D1",
                                std::nullopt,
                                {}};

    State investigating = state("investigating", {"调查中", "Investigating"}, "inspector",
                                {transition("order_payment", "payment_ordered", {"inspector"}),
                                 transition("investigation_overdue", "investigating", {"system"})});
    investigating.transitions[0].guard = expression("data.amount > ¥0.00");
    investigating.deadline = Deadline{
        Period{60, PeriodUnit::working_days},
        std::nullopt,
        "investigation_overdue",
        "D2",
        DeadlineExtension{
            Period{30, PeriodUnit::working_days}, "extend_investigation", {"supervisor"}, 1},
        {}};

    State ordered = state("payment_ordered", {"已责令支付", "Payment ordered"}, "inspector",
                          {transition("payment_recorded", "paid", {"inspector"}),
                           transition("order_overdue", "refused", {"system", "supervisor"})});
    ordered.transitions[0].guard = expression("data.paid_amount >= data.amount");
    ordered.deadline = Deadline{
        std::nullopt, expression("data.due_date"), "order_overdue", "D4", std::nullopt, {}};

    d.states = {pending, investigating, ordered,
                final_state("paid", {"已支付结案", "Paid and closed"}),
                final_state("refused", {"不予受理", "Not accepted"})};
    return d;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::vector<std::string> lines_with(const std::string& text, const std::string& part) {
    std::vector<std::string> found;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        std::string line = text.substr(start, end - start);
        if (contains(line, part)) found.push_back(line);
        start = end + 1;
    }
    return found;
}

// The one dot edge line from `from` to `to` whose label starts with `label`.
std::string dot_edge(const std::string& dot, const std::string& from, const std::string& to,
                     const std::string& label) {
    const auto found = lines_with(dot, "\"" + from + "\" -> \"" + to + "\" [label=\"" + label);
    REQUIRE_MESSAGE(found.size() == 1, from << " -> " << to << " " << label);
    return found[0];
}

// The dot line declaring state `name`.
std::string dot_node(const std::string& dot, const std::string& name) {
    const auto found = lines_with(dot, "  \"" + name + "\" [label=");
    REQUIRE_MESSAGE(found.size() == 1, name);
    return found[0];
}

CasePath path_of(const std::string& text) {
    auto path = parse_case_path(text);
    REQUIRE_MESSAGE(path, text);
    return *path;
}

// The mermaid link indices listed by `linkStyle`, as written.
std::string mermaid_link_styles(const std::string& mermaid) {
    const auto styles = lines_with(mermaid, "linkStyle ");
    if (styles.empty()) return {};
    REQUIRE(styles.size() == 1);
    const auto start = styles[0].find("linkStyle ") + 10;
    return styles[0].substr(start, styles[0].find(' ', start) - start);
}

}  // namespace

TEST_SUITE("diagram") {
    TEST_CASE("the dot diagram draws every state with its Chinese and English labels and owner") {
        const auto dot = to_dot(wage_complaint());

        CHECK(contains(dot, "digraph \"wage_complaint\" {"));
        CHECK(contains(
            dot,
            "\"pending_acceptance\" [label=\"待受理\\nPending acceptance\\nowner: inspector\"];"));
        CHECK(contains(dot,
                       "\"investigating\" [label=\"调查中\\nInvestigating\\nowner: inspector\"];"));
        CHECK(contains(
            dot,
            "\"payment_ordered\" [label=\"已责令支付\\nPayment ordered\\nowner: inspector\"];"));
        CHECK(contains(dot,
                       "\"paid\" [label=\"已支付结案\\nPaid and closed\", shape=doublecircle];"));
        CHECK(
            contains(dot, "\"refused\" [label=\"不予受理\\nNot accepted\", shape=doublecircle];"));
        CHECK(contains(dot, "欠薪投诉 · Wage arrears complaint"));
    }

    TEST_CASE(
        "the dot diagram draws every transition with its event and roles, and an initial marker") {
        const auto dot = to_dot(wage_complaint());

        CHECK(contains(dot, "\"(start)\" [shape=point"));
        CHECK(contains(dot, "\"(start)\" -> \"pending_acceptance\";"));
        CHECK(dot_edge(dot, "pending_acceptance", "investigating", "accept\\nby inspector\"") !=
              "");
        CHECK(dot_edge(dot, "pending_acceptance", "refused", "refuse\\nby inspector\"") != "");
        CHECK(dot_edge(dot, "investigating", "payment_ordered",
                       "order_payment\\n[data.amount > ¥0.00]\\nby inspector\"") != "");
        CHECK(dot_edge(dot, "payment_ordered", "paid",
                       "payment_recorded\\n[data.paid_amount >= data.amount]") != "");
        CHECK(lines_with(dot, " -> ").size() == 9);  // the start arrow, 7 transitions, 1 extension
    }

    TEST_CASE("a state without labels is drawn with its name") {
        Definition d;
        d.name = "tiny";
        d.initial = "open";
        d.states = {state("open", {}, "", {transition("close", "closed", {"inspector"})}),
                    final_state("closed", {})};

        const auto dot = to_dot(d);

        CHECK(contains(dot, "\"open\" [label=\"open\"];"));
        CHECK(contains(dot, "\"closed\" [label=\"closed\", shape=doublecircle];"));
        CHECK(contains(dot, "graph [label=\"tiny\""));
    }

    TEST_CASE(
        "deadline expiry edges are dashed and labelled with the period, the event and the basis") {
        const auto dot = to_dot(wage_complaint());

        const auto acceptance = dot_edge(dot, "pending_acceptance", "pending_acceptance",
                                         "5 working days → acceptance_overdue (D1)\"");
        CHECK(contains(acceptance, "style=dashed"));
        const auto investigation = dot_edge(dot, "investigating", "investigating",
                                            "60 working days → investigation_overdue (D2)\"");
        CHECK(contains(investigation, "style=dashed"));
        const auto order = dot_edge(dot, "payment_ordered", "refused",
                                    "until data.due_date → order_overdue (D4)\\nby supervisor\"");
        CHECK(contains(order, "style=dashed"));
        CHECK(lines_with(dot, "style=dashed").size() == 3);
        CHECK_FALSE(
            contains(dot_edge(dot, "pending_acceptance", "investigating", "accept"), "dashed"));
    }

    TEST_CASE("a deadline extension is a dotted loop with its event, period and roles") {
        const auto dot = to_dot(wage_complaint());

        const auto extension =
            dot_edge(dot, "investigating", "investigating",
                     "extend_investigation\\n+30 working days\\nby supervisor\"");
        CHECK(contains(extension, "style=dotted"));
    }

    TEST_CASE("a deadline that no transition handles still shows, as a dashed loop saying so") {
        Definition d = wage_complaint();
        d.states[0].transitions.pop_back();  // drop acceptance_overdue

        const auto dot = to_dot(d);

        const auto loop =
            dot_edge(dot, "pending_acceptance", "pending_acceptance",
                     "5 working days → acceptance_overdue (D1)\\n(no transition handles it)\"");
        CHECK(contains(loop, "style=dashed"));
    }

    TEST_CASE("long guards are cut after the given width without splitting a character") {
        Definition d = wage_complaint();
        d.states[1].transitions[0].guard =
            expression("data.reason == \"欠薪欠薪欠薪欠薪欠薪欠薪\"");
        DiagramOptions options;
        options.guard_width = 20;

        const auto dot = to_dot(d, options);

        CHECK(contains(dot, "[data.reason == \\\"欠薪欠薪…]"));
    }

    TEST_CASE("the case path highlights exactly the edges the case took, in dot") {
        DiagramOptions options;
        options.path = path_of(
            "pending_acceptance, acceptance_overdue, pending_acceptance, accept, investigating, "
            "extend_investigation, investigating, order_payment, payment_ordered");

        const auto dot = to_dot(wage_complaint(), options);

        const auto bold = lines_with(dot, "penwidth=2.5");
        REQUIRE(bold.size() == 4);
        CHECK(contains(bold[0], "\"pending_acceptance\" -> \"investigating\" [label=\"accept"));
        CHECK(contains(bold[1],
                       "\"pending_acceptance\" -> \"pending_acceptance\" [label=\"5 working days"));
        CHECK(contains(bold[2], "\"investigating\" -> \"payment_ordered\" [label=\"order_payment"));
        CHECK(contains(bold[3],
                       "\"investigating\" -> \"investigating\" [label=\"extend_investigation"));
        CHECK_FALSE(contains(dot_edge(dot, "investigating", "investigating", "60 working days"),
                             "penwidth"));
    }

    TEST_CASE(
        "the current state is filled and marked, and the states passed through are outlined") {
        DiagramOptions options;
        options.path = path_of("pending_acceptance,accept,investigating");

        const auto dot = to_dot(wage_complaint(), options);

        const auto current = dot_node(dot, "investigating");
        CHECK(contains(current, "● current\""));
        CHECK(contains(current, "style=\"rounded,filled,bold\""));
        const auto passed = dot_node(dot, "pending_acceptance");
        CHECK(contains(passed, "color=\"#c0392b\""));
        CHECK_FALSE(contains(passed, "filled"));
        CHECK_FALSE(contains(dot_node(dot, "paid"), "color="));
        CHECK(lines_with(dot, "● current").size() == 1);
    }

    TEST_CASE("a case still in its initial state marks it current and highlights no edge") {
        DiagramOptions options;
        options.path = path_of("pending_acceptance");

        const auto dot = to_dot(wage_complaint(), options);
        const auto mermaid = to_mermaid(wage_complaint(), options);

        CHECK(lines_with(dot, "penwidth=2.5").empty());
        CHECK(contains(dot_node(dot, "pending_acceptance"), "● current"));
        CHECK(mermaid_link_styles(mermaid).empty());
        CHECK(contains(mermaid, "class s_pending_acceptance current"));
    }

    TEST_CASE(
        "quotes and backslashes in labels are escaped for dot; Chinese text passes unchanged") {
        Definition d;
        d.name = "quote\"d";
        d.title = {"标题\"", "Title with \\ backslash"};
        d.initial = "open";
        d.states = {state("open", {"开\"启\"", "Say \"hi\" \\n"}, "",
                          {transition("close", "closed", {"inspector"})}),
                    final_state("closed", {})};
        d.states[0].transitions[0].guard = expression("data.reason != \"a \\\"b\\\"\"");

        const auto dot = to_dot(d);

        CHECK(contains(dot, "digraph \"quote\\\"d\" {"));
        CHECK(contains(dot, "label=\"标题\\\" · Title with \\\\ backslash\""));
        CHECK(contains(dot, "\"open\" [label=\"开\\\"启\\\"\\nSay \\\"hi\\\" \\\\n\"];"));
        CHECK(contains(dot, "[data.reason != \\\"a \\\\\\\"b\\\\\\\"\\\"]"));
    }

    TEST_CASE(
        "the mermaid diagram draws every state, final states as double circles, and an initial "
        "marker") {
        const auto mermaid = to_mermaid(wage_complaint());

        CHECK(contains(mermaid, "flowchart TD\n"));
        CHECK(contains(mermaid, "title: \"欠薪投诉 · Wage arrears complaint\""));
        CHECK(contains(
            mermaid,
            "s_pending_acceptance[\"待受理<br/>Pending acceptance<br/>owner: inspector\"]"));
        CHECK(contains(mermaid,
                       "s_investigating[\"调查中<br/>Investigating<br/>owner: inspector\"]"));
        CHECK(contains(
            mermaid, "s_payment_ordered[\"已责令支付<br/>Payment ordered<br/>owner: inspector\"]"));
        CHECK(contains(mermaid, "s_paid(((\"已支付结案<br/>Paid and closed\")))"));
        CHECK(contains(mermaid, "s_refused(((\"不予受理<br/>Not accepted\")))"));
        CHECK(contains(mermaid, "wg_start --> s_pending_acceptance\n"));
    }

    TEST_CASE("the mermaid diagram draws every transition, with deadline edges dashed") {
        const auto mermaid = to_mermaid(wage_complaint());

        CHECK(contains(mermaid,
                       "s_pending_acceptance -->|\"accept<br/>by inspector\"| s_investigating\n"));
        CHECK(
            contains(mermaid, "s_pending_acceptance -->|\"refuse<br/>by inspector\"| s_refused\n"));
        CHECK(contains(
            mermaid,
            "s_investigating -->|\"order_payment<br/>[data.amount #gt; ¥0.00]<br/>by inspector\"| "
            "s_payment_ordered\n"));
        CHECK(contains(mermaid,
                       "s_pending_acceptance -.->|\"5 working days → acceptance_overdue (D1)\"| "
                       "s_pending_acceptance\n"));
        CHECK(contains(mermaid,
                       "s_payment_ordered -.->|\"until data.due_date → order_overdue (D4)<br/>by "
                       "supervisor\"| "
                       "s_refused\n"));
        CHECK(contains(
            mermaid,
            "s_investigating -.->|\"extend_investigation<br/>+30 working days<br/>by supervisor\"| "
            "s_investigating\n"));
        CHECK(lines_with(mermaid, "-.->").size() == 4);
        CHECK(lines_with(mermaid, "-->").size() == 5);  // the start arrow and four event edges
    }

    TEST_CASE("the case path highlights exactly the edges the case took, in mermaid") {
        DiagramOptions options;
        options.path =
            path_of("pending_acceptance,accept,investigating,order_payment,payment_ordered");

        const auto mermaid = to_mermaid(wage_complaint(), options);

        // Links in order: 0 start, 1 accept, 2 refuse, 3 acceptance_overdue, 4 order_payment, …
        CHECK(mermaid_link_styles(mermaid) == "1,4");
        CHECK(contains(mermaid, "class s_pending_acceptance,s_investigating visited\n"));
        CHECK(contains(mermaid, "class s_payment_ordered current\n"));
        CHECK(contains(mermaid,
                       "s_payment_ordered[\"已责令支付<br/>Payment ordered<br/>owner: "
                       "inspector<br/>● current\"]"));
    }

    TEST_CASE("quotes, angle brackets, hashes and pipes are entity codes in mermaid labels") {
        Definition d;
        d.name = "escapes";
        d.title = {"", "A \"title\" \\ x"};
        d.initial = "end";
        d.states = {state("end", {"", "a <b> & c # d | e \"f\""}, "", {}),
                    state("état", {}, "", {})};
        d.states[0].transitions = {transition("go", "état", {})};

        const auto mermaid = to_mermaid(d);

        CHECK(contains(mermaid, "title: \"A \\\"title\\\" \\\\ x\"\n"));
        CHECK(contains(mermaid, "s_end[\"a #lt;b#gt; #amp; c #35; d #124; e #quot;f#quot;\"]"));
        CHECK(contains(mermaid, "s0[\"état\"]"));  // a name Mermaid cannot take as an id
        CHECK(contains(mermaid, "s_end -->|\"go\"| s0\n"));
    }

    TEST_CASE("a path is read from comma-separated states and events") {
        const auto path = path_of(" a , go , b,stop,c ");

        REQUIRE(path.steps.size() == 2);
        CHECK(path.steps[0] == PathStep{"a", "go", "b"});
        CHECK(path.steps[1] == PathStep{"b", "stop", "c"});
        CHECK(path.current == "c");
    }

    TEST_CASE("a path that is empty, has an empty item or ends with an event is refused") {
        CHECK(parse_case_path("").error().code == "path");
        CHECK(parse_case_path("a,,b").error().message == "path item 2 is empty");
        CHECK(contains(parse_case_path("a,go").error().message, "ends with event 'go'"));
    }

    TEST_CASE("a path is checked against the definition, step by step") {
        const auto definition = wage_complaint();

        CHECK(check_case_path(definition, path_of("pending_acceptance,accept,investigating")));
        CHECK(check_case_path(definition,
                              path_of("investigating,extend_investigation,investigating")));
        CHECK(check_case_path(definition, path_of("payment_ordered,order_overdue,refused")));
        CHECK(check_case_path(definition, path_of("refused")));

        CHECK(check_case_path(definition, path_of("pending_acceptance,acept,investigating"))
                  .error()
                  .message ==
              "path step 1: state 'pending_acceptance' has no event 'acept' (did you mean "
              "'accept'?)");
        CHECK(check_case_path(definition, path_of("pending_acceptance,accept,paid"))
                  .error()
                  .message ==
              "path step 1: event 'accept' leads from 'pending_acceptance' to 'investigating', not "
              "to 'paid'");
        CHECK(
            contains(check_case_path(definition, path_of("pendng_acceptance,accept,investigating"))
                         .error()
                         .message,
                     "unknown state 'pendng_acceptance' (did you mean 'pending_acceptance'?)"));
        CHECK(contains(check_case_path(definition, path_of("closed")).error().message,
                       "unknown current state 'closed'"));
    }

    TEST_CASE("a path whose steps do not join up is refused") {
        CasePath path{{{"pending_acceptance", "accept", "investigating"},
                       {"payment_ordered", "payment_recorded", "paid"}},
                      "paid"};

        const auto checked = check_case_path(wage_complaint(), path);

        CHECK(
            checked.error().message ==
            "path step 2 starts in 'payment_ordered' but the step before ended in 'investigating'");
    }

}  // TEST_SUITE
