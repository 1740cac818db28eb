// libpq directly, under a SOCI session: statements prepared once per connection, pipelines, and
// errors turned into soci::postgresql_soci_error so that they keep their SQLSTATE.
#include "adapters/pg/pg_prepared.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstdlib>
#include <map>
#include <mutex>

namespace wg::pg {
namespace {

constexpr const char* kConnectionFailure = "08006";
constexpr const char* kInternalError = "XX000";

[[noreturn]] void throw_error(const std::string& message, const char* sqlstate) {
    throw soci::postgresql_soci_error(
        message, sqlstate != nullptr && *sqlstate != '\0' ? sqlstate : kInternalError);
}

// The connection's own message when it has broken, which libpq reports with no SQLSTATE.
[[noreturn]] void throw_connection_error(PGconn* conn, const std::string& place) {
    throw_error(place + ": " + PQerrorMessage(conn), kConnectionFailure);
}

// Throws unless `result` succeeded; `place` names the statement in the message.
void check(PGconn* conn, const PgResult& result, const std::string& place) {
    const auto status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    if (result.get() == nullptr || PQstatus(conn) == CONNECTION_BAD)
        throw_connection_error(conn, place);
    throw_error(place + ": " + PQresultErrorMessage(result.get()),
                PQresultErrorField(result.get(), PG_DIAG_SQLSTATE));
}

// Connections that have our statements, by address, with the backend PID they had then.
struct PreparedConnections {
    std::mutex mutex;
    std::map<const PGconn*, int> backend_pid;
};

PreparedConnections& prepared_connections() {
    static PreparedConnections connections;
    return connections;
}

bool is_prepared(const PGconn* conn, int pid) {
    auto& known = prepared_connections();
    std::lock_guard lock(known.mutex);
    auto it = known.backend_pid.find(conn);
    return it != known.backend_pid.end() && it->second == pid;
}

void remember_prepared(const PGconn* conn, int pid) {
    auto& known = prepared_connections();
    std::lock_guard lock(known.mutex);
    known.backend_pid[conn] = pid;
}

// Reads what one pipelined step answered: its result, then the null that ends it.
PgResult read_step(PGconn* conn) {
    PgResult result(PQgetResult(conn));
    if (result.get() == nullptr) return result;
    while (PGresult* extra = PQgetResult(conn)) PQclear(extra);
    return result;
}

}  // namespace

Params& Params::add(std::string value) {
    values_.emplace_back(std::move(value));
    return *this;
}

Params& Params::add_null() {
    values_.emplace_back(std::nullopt);
    return *this;
}

Params& Params::add_if(bool present, std::string value) {
    return present ? add(std::move(value)) : add_null();
}

std::vector<const char*> Params::pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (const auto& value : values_) out.push_back(value ? value->c_str() : nullptr);
    return out;
}

PgResult::~PgResult() {
    if (result_ != nullptr) PQclear(result_);
}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
    if (this != &other) {
        if (result_ != nullptr) PQclear(result_);
        result_ = other.release();
    }
    return *this;
}

PGresult* PgResult::release() {
    PGresult* out = result_;
    result_ = nullptr;
    return out;
}

int PgResult::rows() const {
    return PQntuples(result_);
}

std::string PgResult::text(int row, int column) const {
    return {PQgetvalue(result_, row, column),
            static_cast<std::size_t>(PQgetlength(result_, row, column))};
}

long long PgResult::integer(int row, int column) const {
    return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}

std::string_view PgResult::command_tag() const {
    return PQcmdStatus(result_);
}

PGconn* native_connection(soci::session& sql) {
    return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

PGconn* prepared_connection(soci::session& sql, std::span<const PreparedSql> statements) {
    PGconn* conn = native_connection(sql);
    if (PQstatus(conn) != CONNECTION_OK) throw_connection_error(conn, "prepare statements");
    const int pid = PQbackendPID(conn);
    if (is_prepared(conn, pid)) return conn;
    for (const auto& statement : statements) {
        PgResult result(PQprepare(conn, statement.name, statement.text, 0, nullptr));
        check(conn, result, std::string("prepare ") + statement.name);
    }
    remember_prepared(conn, pid);
    return conn;
}

PgResult execute(PGconn* conn, const char* name, const Params& params) {
    const auto values = params.pointers();
    PgResult result(PQexecPrepared(conn, name, params.size(), values.data(), nullptr, nullptr, 0));
    check(conn, result, name);
    return result;
}

PgResult command(PGconn* conn, const char* text) {
    PgResult result(PQexec(conn, text));
    check(conn, result, text);
    return result;
}

std::vector<PgResult> pipeline(PGconn* conn, std::span<const PipelineStep> steps) {
    auto results = pipeline_results(conn, steps);
    // The first failure is the cause; the steps after it only report that they were skipped.
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (failed(results[i]))
            check(conn, results[i],
                  steps[i].prepared != nullptr ? steps[i].prepared : steps[i].command);
    return results;
}

void throw_if_failed(PGconn* conn, const PgResult& result, const std::string& place) {
    check(conn, result, place);
}

bool failed(const PgResult& result) {
    const auto status = PQresultStatus(result.get());
    return status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
           status != PGRES_PIPELINE_ABORTED;
}

std::string sqlstate_of(const PgResult& result) {
    const char* sqlstate = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    return sqlstate != nullptr ? sqlstate : "";
}

std::vector<PgResult> pipeline_results(PGconn* conn, std::span<const PipelineStep> steps) {
    if (PQenterPipelineMode(conn) != 1) throw_connection_error(conn, "enter pipeline mode");
    for (const auto& step : steps) {
        int sent = 0;
        if (step.prepared != nullptr) {
            const auto values = step.params->pointers();
            sent = PQsendQueryPrepared(conn, step.prepared, step.params->size(), values.data(),
                                       nullptr, nullptr, 0);
        } else {
            sent = PQsendQueryParams(conn, step.command, 0, nullptr, nullptr, nullptr, nullptr, 0);
        }
        if (sent != 1) throw_connection_error(conn, "send pipeline");
    }
    if (PQpipelineSync(conn) != 1) throw_connection_error(conn, "send pipeline sync");

    std::vector<PgResult> results;
    results.reserve(steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        results.push_back(read_step(conn));
        // A broken connection sends nothing more, not even the Sync: stop reading here.
        if (results.back().get() == nullptr || PQstatus(conn) == CONNECTION_BAD)
            throw_connection_error(conn, "read pipeline");
    }
    PgResult sync(PQgetResult(conn));
    if (PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC || PQexitPipelineMode(conn) != 1)
        throw_connection_error(conn, "end pipeline");
    return results;
}

RollbackGuard::~RollbackGuard() {
    if (PQstatus(conn_) != CONNECTION_OK || PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) return;
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    PQclear(PQexec(conn_, "ROLLBACK"));
}

}  // namespace wg::pg
