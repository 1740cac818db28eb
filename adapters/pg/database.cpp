// The session pool. Sessions are opened lazily and reopened after a connection loss, so the
// server rides out a PostgreSQL restart without being restarted itself.
#include "adapters/pg/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace wg::pg {
namespace {

constexpr auto kLeaseTimeout = std::chrono::seconds(10);

// libpq options we always want: fail fast when the server is away, and keep NOTICEs quiet.
std::string with_defaults(std::string dsn) {
    if (dsn.find("connect_timeout") == std::string::npos) dsn += " connect_timeout=3";
    if (dsn.find("client_min_messages") == std::string::npos)
        dsn += " options='-c client_min_messages=warning'";
    return dsn;
}

struct Slot {
    std::unique_ptr<soci::session> session;
};

}  // namespace

struct Database::Pool {
    std::string dsn;
    std::vector<Slot> slots;
    std::vector<std::size_t> free;
    std::mutex mutex;
    std::condition_variable released;
};

Database::Database(std::string connection_string, std::size_t pool_size)
    : pool_(std::make_unique<Pool>()) {
    pool_->dsn = with_defaults(std::move(connection_string));
    pool_->slots.resize(pool_size == 0 ? 1 : pool_size);
    for (std::size_t i = 0; i < pool_->slots.size(); ++i) pool_->free.push_back(i);
}

Database::~Database() = default;

std::size_t Database::pool_size() const { return pool_->slots.size(); }

std::size_t Database::sessions_in_use() const {
    std::lock_guard lock(pool_->mutex);
    return pool_->slots.size() - pool_->free.size();
}

namespace {

// Classifies a SOCI failure for the caller and says whether the session must be dropped.
Error classify(const soci::soci_error& e, const soci::session* session, bool& drop) {
    std::string sqlstate;
    if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) sqlstate = pg->sqlstate();
    drop = session == nullptr || !session->is_connected() ||
           e.get_error_category() == soci::soci_error::connection_error ||
           sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
           sqlstate == "57P03";
    if (drop) return Error{"database_unavailable", "database unavailable: " + std::string(e.get_error_message()), {}, {}};
    return statement_error(sqlstate, e.get_error_message());
}

}  // namespace

Error statement_error(const std::string& sqlstate, const std::string& message) {
    if (sqlstate == "40001" || sqlstate == "40P01")
        return Error{"conflict", "concurrent update, try again (SQLSTATE " + sqlstate + ")", {}, {}};
    return Error{"database", "database error (SQLSTATE " + sqlstate + "): " + message, {}, {}};
}

Expected<void> Database::with_session(const Work& work) {
    std::size_t index = 0;
    {
        std::unique_lock lock(pool_->mutex);
        if (!pool_->released.wait_for(lock, kLeaseTimeout, [&] { return !pool_->free.empty(); }))
            return fail("database_unavailable", "all database sessions are busy");
        index = pool_->free.back();
        pool_->free.pop_back();
    }
    Slot& slot = pool_->slots[index];
    Expected<void> result;
    try {
        if (!slot.session) slot.session = std::make_unique<soci::session>(soci::postgresql, pool_->dsn);
        result = work(*slot.session);
    } catch (const soci::soci_error& e) {
        bool drop = false;
        Error error = classify(e, slot.session.get(), drop);
        if (drop) slot.session.reset();
        result = Unexpected<Error>{std::move(error)};
    } catch (const std::exception& e) {
        slot.session.reset();  // state unknown: start afresh next time
        result = fail("database", std::string("database error: ") + e.what());
    }
    {
        std::lock_guard lock(pool_->mutex);
        pool_->free.push_back(index);
    }
    pool_->released.notify_one();
    return result;
}

bool Database::ping() {
    return with_session([](soci::session& sql) -> Expected<void> {
               int one = 0;
               sql << "SELECT 1", soci::into(one);
               return {};
           })
        .has_value();
}

}  // namespace wg::pg
