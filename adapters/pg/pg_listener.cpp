// Plain libpq: SOCI has no notification API. select() on the connection's socket with a short
// timeout so that stop() is honoured quickly.
#include "adapters/pg/pg_listener.hpp"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>
#include <sys/select.h>

#include <chrono>

namespace wg::pg {
namespace {

std::shared_ptr<spdlog::logger> log() {
    auto logger = spdlog::get("pg");
    return logger ? logger : spdlog::default_logger();
}

// Connects and LISTENs on every channel; nullptr (and a log line) on failure.
PGconn* connect(const std::string& dsn, const std::map<std::string, Listener::Callback>& channels) {
    PGconn* conn = PQconnectdb((dsn + " connect_timeout=3").c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        log()->debug("listener cannot connect error={}", PQerrorMessage(conn));
        PQfinish(conn);
        return nullptr;
    }
    for (const auto& [channel, callback] : channels) {
        char* quoted = PQescapeIdentifier(conn, channel.c_str(), channel.size());
        PGresult* result = PQexec(conn, ("LISTEN " + std::string(quoted)).c_str());
        PQfreemem(quoted);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) {
            PQfinish(conn);
            return nullptr;
        }
    }
    return conn;
}

// Waits up to 250 ms for the socket; false when the connection is broken.
bool wait_readable(PGconn* conn) {
    const int socket = PQsocket(conn);
    if (socket < 0) return false;
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(socket, &readable);
    timeval timeout{0, 250'000};
    if (select(socket + 1, &readable, nullptr, nullptr, &timeout) < 0) return true;  // EINTR: try again
    return PQconsumeInput(conn) == 1;
}

}  // namespace

Listener::Listener(std::string dsn) : dsn_(std::move(dsn)) {}

Listener::~Listener() { stop(); }

void Listener::on(const std::string& channel, Callback callback) { channels_[channel] = std::move(callback); }

void Listener::start() {
    if (running_.exchange(true)) return;
    thread_ = std::thread([this] { loop(); });
}

void Listener::stop() {
    if (!running_.exchange(false)) return;
    if (thread_.joinable()) thread_.join();
}

void Listener::loop() {
    PGconn* conn = nullptr;
    while (running_) {
        if (conn == nullptr) {
            conn = connect(dsn_, channels_);
            if (conn == nullptr) {
                std::this_thread::sleep_for(std::chrono::milliseconds(500));
                continue;
            }
            // Work may have been announced while we were away: wake everyone once.
            for (const auto& [channel, callback] : channels_) callback();
        }
        if (!wait_readable(conn)) {
            log()->warn("listener lost its connection; reconnecting");
            PQfinish(conn);
            conn = nullptr;
            continue;
        }
        while (PGnotify* notice = PQnotifies(conn)) {
            if (auto it = channels_.find(notice->relname); it != channels_.end()) it->second();
            PQfreemem(notice);
        }
    }
    if (conn != nullptr) PQfinish(conn);
}

}  // namespace wg::pg
