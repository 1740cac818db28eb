// API tokens in PostgreSQL (table api_tokens, migration 0006).
#pragma once

#include "adapters/app/access.hpp"

namespace wg::pg {

class Database;

class PgTokenStore final : public app::TokenStore {
public:
    explicit PgTokenStore(Database& database) : database_(database) {}
    Expected<std::pair<app::TokenRecord, std::string>> create(const std::string& name, const std::string& role,
                                                              const std::string& region, rules::Instant now) override;
    Expected<std::vector<app::TokenRecord>> list() override;
    Expected<app::TokenRecord> revoke(const std::string& id_or_prefix, rules::Instant now) override;
    Expected<app::TokenRecord> find_live(const std::string& hash) override;

private:
    Database& database_;
};

}  // namespace wg::pg
