// config/webhooks.yaml: the inbound sources (courts, arbitration commissions, platforms) that
// may POST /webhooks/{source}, and the outbound endpoints we deliver to. Secrets are never in
// the file: it names environment variables holding "whsec_…" values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rules/expected.hpp"

namespace wg::app {

struct InboundSource {
    std::string name;
    std::string role;
    std::vector<std::string> keys;              // decoded secret bytes, first = newest
    std::map<std::string, std::string> events;  // CloudEvents type → workflow event
    std::string reference_field;  // case data field holding the source's case number, e.g.
                                  // "court_case_number"
};

struct OutboundEndpoint {
    std::string name;
    std::string url;
    std::vector<std::string> keys;
    std::vector<std::string> event_types;  // "workflow.event" or "*"
    bool enabled = true;
};

struct WebhookConfig {
    std::vector<InboundSource> sources;
    std::vector<OutboundEndpoint> endpoints;
};

/// Reads the file at `path`; "" → empty config. Secrets come from the environment variables
/// each entry names in `secrets_env` (newest first). An entry none of whose variables is set is
/// left out with a warning in the log (so that the shipped file works on a machine without
/// secrets); a partly set list, a malformed secret, an unknown key or a missing field is an
/// error. All errors are reported, each located as file:line:col.
Expected<WebhookConfig, Errors> load_webhook_config(const std::string& path);

}  // namespace wg::app
