// Building a schema from dotted paths into nested record types.
#include "rules/expr/schema.hpp"

#include <span>

#include "rules/expr/lexer.hpp"

namespace wg::rules {
namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto dot = path.find('.', start);
        parts.emplace_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (dot == std::string_view::npos) return parts;
        start = dot + 1;
    }
}

Expected<Type> with_path(const Type* existing, std::span<const std::string> parts,
                         const Type& leaf, const std::string& where);

Expected<Type> with_field(const Type* existing, std::span<const std::string> parts,
                          const Type& leaf, const std::string& where) {
    if (existing != nullptr && !existing->is(TypeKind::record))
        return fail("schema", "'" + where + "' is declared as " + existing->to_string() +
                                  ", not a record");
    TypeFields fields = existing != nullptr ? existing->fields() : TypeFields{};
    const std::string& name = parts.front();
    const Type* current = existing != nullptr ? existing->field(name) : nullptr;
    auto field = with_path(current, parts, leaf, where + "." + name);
    if (!field) return field;
    std::erase_if(fields, [&](const auto& f) { return f.first == name; });
    fields.emplace_back(name, std::move(*field));
    return Type::record(std::move(fields));
}

// The type at `parts.front()` once `leaf` is placed at the end of `parts`.
Expected<Type> with_path(const Type* existing, std::span<const std::string> parts,
                         const Type& leaf, const std::string& where) {
    if (parts.size() == 1) {
        if (existing != nullptr && !(*existing == leaf))
            return fail("schema", "'" + where + "' is already declared as " +
                                      existing->to_string() + ", not " + leaf.to_string());
        return leaf;
    }
    return with_field(existing, parts.subspan(1), leaf, where);
}

}  // namespace

Expected<void> Schema::add(std::string_view path, Type type) {
    const auto parts = split_path(path);
    for (const auto& part : parts)
        if (!expr::is_identifier(part) || expr::is_keyword(part))
            return fail("schema", "'" + std::string(path) + "' is not a dotted path of names");
    const auto found = roots_.find(parts.front());
    const Type* existing = found == roots_.end() ? nullptr : &found->second;
    auto root = with_path(existing, parts, type, parts.front());
    if (!root) return Unexpected<Error>{root.error()};
    roots_.insert_or_assign(parts.front(), std::move(*root));
    return {};
}

const Type* Schema::root(std::string_view name) const {
    const auto found = roots_.find(name);
    return found == roots_.end() ? nullptr : &found->second;
}

std::vector<std::string> Schema::root_names() const {
    std::vector<std::string> names;
    for (const auto& [name, type] : roots_) names.push_back(name);
    return names;
}

}  // namespace wg::rules
