// Error answers: every failure a client sees is a status and a body
//   {"error": {"code": "not_permitted", "message": "..."}}
// The code is stable (scripts branch on it); the message is for people.
//
// Statuses: 400 malformed or invalid input, 401 missing or bad token, 403
// not allowed, 404 unknown id or path, 405 method, 409 conflicts with the
// current state, 413 body too large, 429 too many requests, 500 store
// failure, 503 stopping or an actor gone.
#pragma once

#include "core/error.hpp"
#include "server/api/http_types.hpp"

#include <string>
#include <string_view>

namespace livechat::server {

http_response error_response(int status, std::string_view code,
                             std::string_view message);

/// The status for a core error (e.g. unknown_chat -> 404, duplicate_name ->
/// 409, not_permitted -> 403).
int status_of(errc e) noexcept;

/// The stable code of a core error ("unknown_chat").
std::string_view code_of(errc e) noexcept;

/// A core error as an answer: code `to_string(e)`, the message `context`
/// ("user 7") followed by the error's description.
http_response error_response(errc e, std::string_view context = {});

} // namespace livechat::server
