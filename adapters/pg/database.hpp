// A pool of PostgreSQL sessions that survives the server going away: a session found broken is
// reconnected on its next use, and failures come back as `database_unavailable` errors.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "rules/expected.hpp"

namespace soci {
class session;
}

namespace wg::pg {

/// The error a failed statement means for the caller, by its SQLSTATE (connection failures
/// aside): `conflict` for a serialization failure or deadlock, else `database`.
Error statement_error(const std::string& sqlstate, const std::string& message);

class Database {
public:
    /// Does not connect yet: sessions open on first use, so a server can start while
    /// PostgreSQL is down and become ready when it comes up.
    Database(std::string connection_string, std::size_t pool_size);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    using Work = std::function<Expected<void>(soci::session&)>;

    /// Runs `work` on a leased session. SOCI and PostgreSQL exceptions thrown by `work` become
    /// errors: `conflict` (serialization failure, deadlock), `database_unavailable` (connection
    /// lost; the session is reconnected next time), `database` (anything else, with SQLSTATE).
    Expected<void> with_session(const Work& work);

    /// True when a trivial query succeeds now.
    bool ping();

    [[nodiscard]] std::size_t pool_size() const;

    /// Sessions leased right now (0 to pool_size()), for the pool-usage gauge.
    [[nodiscard]] std::size_t sessions_in_use() const;

private:
    struct Pool;
    std::unique_ptr<Pool> pool_;
};

}  // namespace wg::pg
