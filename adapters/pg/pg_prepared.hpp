// Statements prepared once per PostgreSQL connection through libpq, and pipelined round trips,
// for the hot path of a step (BEGIN with the locked read, then the write with COMMIT) without
// SOCI's per-call prepare, plan and DEALLOCATE. Failures throw soci::postgresql_soci_error with
// the SQLSTATE, so that Database::with_session classifies them like SOCI's own.
#pragma once

#include <libpq-fe.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace wg::pg {

/// A statement prepared on every connection under `name`; parameters are `$1`, `$2`, …
struct PreparedSql {
    const char* name;
    const char* text;
};

/// Parameter values of one execution, as text (NULL when absent).
class Params {
public:
    Params& add(std::string value);
    Params& add_null();
    /// `value`, or NULL when `present` is false.
    Params& add_if(bool present, std::string value);

    [[nodiscard]] int size() const { return static_cast<int>(values_.size()); }
    /// Pointers for libpq, valid while this object lives unchanged.
    [[nodiscard]] std::vector<const char*> pointers() const;

private:
    std::vector<std::optional<std::string>> values_;
};

/// A libpq result, cleared when it goes out of scope.
class PgResult {
public:
    PgResult() = default;
    explicit PgResult(PGresult* result) : result_(result) {}
    ~PgResult();
    PgResult(PgResult&& other) noexcept : result_(other.release()) {}
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    [[nodiscard]] int rows() const;
    /// The text of a column ("" for NULL); the row and column must exist.
    [[nodiscard]] std::string text(int row, int column) const;
    [[nodiscard]] long long integer(int row, int column) const;
    [[nodiscard]] std::string_view command_tag() const;
    [[nodiscard]] PGresult* get() const { return result_; }
    PGresult* release();

private:
    PGresult* result_ = nullptr;
};

/// The libpq connection of a SOCI PostgreSQL session.
PGconn* native_connection(soci::session& sql);

/// The libpq connection of a SOCI PostgreSQL session, with `statements` prepared on it. They are
/// prepared once per server connection: a connection is known by its address and its backend
/// PID, so a session that reconnected prepares them again.
PGconn* prepared_connection(soci::session& sql, std::span<const PreparedSql> statements);

/// Runs the prepared statement `name` alone (one round trip) and returns its result.
PgResult execute(PGconn* conn, const char* name, const Params& params);

/// Runs a command without parameters, such as BEGIN, and returns its result (for its tag).
PgResult command(PGconn* conn, const char* text);

/// One operation of a pipeline: a prepared statement with its parameters, or a command.
struct PipelineStep {
    const char* prepared = nullptr;  // the statement's name, or null for `command`
    const Params* params = nullptr;
    const char* command = nullptr;
};

/// Sends `steps` and a Sync in one round trip and returns one result per step. When a step
/// fails, the later ones are skipped by the server and the first failure is thrown, after the
/// pipeline has been read to its end; a transaction left open stays open (see RollbackGuard).
std::vector<PgResult> pipeline(PGconn* conn, std::span<const PipelineStep> steps);

/// Like pipeline(), but returns the results when a step failed too: that step's result is the
/// error and the later ones are PGRES_PIPELINE_ABORTED. Throws only when the connection is lost.
std::vector<PgResult> pipeline_results(PGconn* conn, std::span<const PipelineStep> steps);

/// Throws `result`'s error as soci::postgresql_soci_error (with its SQLSTATE) unless it
/// succeeded; `place` names the statement in the message.
void throw_if_failed(PGconn* conn, const PgResult& result, const std::string& place);

/// Whether `result` is an error (neither a success nor a step skipped after an error).
bool failed(const PgResult& result);

/// The SQLSTATE of a failed result ("" when it has none).
std::string sqlstate_of(const PgResult& result);

/// Rolls back whatever transaction is open on the connection when it goes out of scope (after a
/// COMMIT nothing is open, so it does nothing). Never throws.
class RollbackGuard {
public:
    explicit RollbackGuard(PGconn* conn) : conn_(conn) {}
    ~RollbackGuard();
    RollbackGuard(const RollbackGuard&) = delete;
    RollbackGuard& operator=(const RollbackGuard&) = delete;

private:
    PGconn* conn_;
};

}  // namespace wg::pg
