// SPDX-License-Identifier: GPL-3.0-or-later
#include "http.hpp"

#include <curl/curl.h>

namespace justera::sign::detail {

namespace {

struct Sink {
    std::string* out;
    std::size_t max;
    bool overflow = false;
};

std::size_t write_cb(char* ptr, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    if (sink->out->size() + size * n > sink->max) {
        sink->overflow = true;
        return 0;
    }
    sink->out->append(ptr, size * n);
    return size * n;
}

}  // namespace

HttpResult http_exchange(const std::string& url, const std::string& content_type, const std::string& body,
                         std::size_t max_bytes, long timeout_seconds) {
    HttpResult r;
    CURL* curl = curl_easy_init();
    if (!curl) {
        r.error = "libcurl could not start";
        return r;
    }
    Sink sink{&r.body, max_bytes};
    curl_slist* headers = nullptr;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
    if (!content_type.empty()) {
        headers = curl_slist_append(nullptr, ("Content-Type: " + content_type).c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, std::min(timeout_seconds, 10L));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    const CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (sink.overflow) {
        r.error = "the answer is larger than " + std::to_string(max_bytes / 1024) + " KiB";
    } else if (rc != CURLE_OK) {
        r.error = curl_easy_strerror(rc);
    } else if (r.status != 200) {
        r.error = "HTTP " + std::to_string(r.status);
    } else {
        r.ok = true;
    }
    return r;
}

}  // namespace justera::sign::detail
