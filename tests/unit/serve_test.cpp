// SPDX-License-Identifier: GPL-3.0-or-later
// The verification page's parts: the worker pool (time limit, replacement,
// isolation, queueing, recycling) against a stand-in worker, the verdict in
// plain words, and the HTML's escaping of what an uploaded file says.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/serve/analysis.hpp"
#include "justera/serve/page.hpp"
#include "justera/serve/server.hpp"
#include "justera/workers/pool.hpp"

#ifndef JUSTERA_FAKE_WORKER
#error "JUSTERA_FAKE_WORKER: the path of fake_serve_worker"
#endif

namespace {

using namespace justera;
using Clock = std::chrono::steady_clock;

workers::PoolOptions fake(unsigned workers, std::chrono::milliseconds limit) {
    workers::PoolOptions o;
    o.executable = JUSTERA_FAKE_WORKER;
    o.workers = workers;
    o.time_limit = limit;
    o.queue_limit = std::chrono::milliseconds(20000);
    return o;
}

workers::Request named(const std::string& name) { return workers::Request{name, "", std::string(100000, 'x')}; }

long long pid_of(const workers::Answer& a) { return nlohmann::json::parse(a.json).at("pid").get<long long>(); }

TEST(WorkerPool, FieldsPackAndUnpackOnlyWhenWhole) {
    const std::string p = workers::pack({"1", "", std::string("a\0b", 3)});
    const auto f = workers::unpack(p, 3);
    ASSERT_TRUE(f);
    EXPECT_EQ((*f)[0], "1");
    EXPECT_EQ((*f)[1], "");
    EXPECT_EQ((*f)[2], std::string("a\0b", 3));
    EXPECT_FALSE(workers::unpack(p, 2));                          // more than asked
    EXPECT_FALSE(workers::unpack(p, 4));                          // fewer
    EXPECT_FALSE(workers::unpack(p.substr(0, p.size() - 1), 3));  // cut short
    EXPECT_FALSE(workers::unpack(std::string(8, '\xFF') + "x", 1)); // a length past the end
    EXPECT_FALSE(workers::unpack("1234567", 1));                  // no whole length
}

TEST(WorkerPool, AnswersThroughTheFrames) {
    workers::WorkerPool pool(fake(1, std::chrono::seconds(10)));
    const auto a = pool.run(named("protokoll.pdf"));
    ASSERT_EQ(a.kind, workers::Answer::Kind::Done);
    const auto j = nlohmann::json::parse(a.json);
    EXPECT_EQ(j["echo"], "protokoll.pdf");
    EXPECT_EQ(j["bytes"], 100000);  // the whole upload went through the pipe
}

TEST(WorkerPool, AWorkerOverTheTimeLimitIsKilledAndReplaced) {
    workers::WorkerPool pool(fake(1, std::chrono::milliseconds(300)));
    const long long first = pid_of(pool.run(named("a")));
    const auto t0 = Clock::now();
    EXPECT_EQ(pool.run(named("sleep")).kind, workers::Answer::Kind::TimedOut);
    EXPECT_LT(Clock::now() - t0, std::chrono::seconds(5));
    const auto next = pool.run(named("b"));
    ASSERT_EQ(next.kind, workers::Answer::Kind::Done);
    EXPECT_NE(pid_of(next), first);
    EXPECT_EQ(pool.started(), 2U);
}

TEST(WorkerPool, AWorkerGivenUpIsKilledWithWhatItStarted) {
    const std::string path = ::testing::TempDir() + "/justera-orphan-pid";
    std::remove(path.c_str());
    workers::WorkerPool pool(fake(1, std::chrono::milliseconds(500)));
    EXPECT_EQ(pool.run(named("orphan:" + path)).kind, workers::Answer::Kind::TimedOut);
    std::FILE* f = std::fopen(path.c_str(), "r");
    ASSERT_NE(f, nullptr);
    int child = 0;
    ASSERT_EQ(std::fscanf(f, "%d", &child), 1);
    std::fclose(f);
    std::remove(path.c_str());
    // Gone, or a zombie waiting for init to reap it: not running on.
    bool running = true;
    for (int i = 0; i < 100 && running; ++i) {
        std::FILE* st = std::fopen(("/proc/" + std::to_string(child) + "/stat").c_str(), "r");
        char state = 'X';
        if (st) {
            int pid = 0;
            char comm[256];
            if (std::fscanf(st, "%d %255s %c", &pid, comm, &state) != 3) state = 'X';
            std::fclose(st);
        }
        running = st && state != 'Z' && state != 'X';
        if (running) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_FALSE(running) << "the worker's child " << child << " still runs";
}

TEST(WorkerPool, OneSlowFileDoesNotHoldUpTheOthers) {
    workers::WorkerPool pool(fake(2, std::chrono::seconds(3)));
    auto slow = std::async(std::launch::async, [&] { return pool.run(named("sleep")); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the slow one holds a worker
    const auto t0 = Clock::now();
    for (int i = 0; i < 20; ++i) ASSERT_EQ(pool.run(named("quick")).kind, workers::Answer::Kind::Done);
    EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(2500));  // all done while the slow one still runs
    EXPECT_EQ(slow.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
    EXPECT_EQ(slow.get().kind, workers::Answer::Kind::TimedOut);
}

TEST(WorkerPool, AWorkerThatDiesIsReportedWithItsCauseAndReplaced) {
    workers::WorkerPool pool(fake(1, std::chrono::seconds(10)));
    const auto a = pool.run(named("abort"));
    ASSERT_EQ(a.kind, workers::Answer::Kind::Died);
    EXPECT_NE(a.detail.find("signal 6"), std::string::npos) << a.detail;
    const auto g = pool.run(named("garbage"));
    EXPECT_EQ(g.kind, workers::Answer::Kind::Died);
    const auto e = pool.run(named("exit"));
    EXPECT_EQ(e.kind, workers::Answer::Kind::Died);
    EXPECT_NE(e.detail.find("exit status 0"), std::string::npos) << e.detail;
    EXPECT_EQ(pool.run(named("after")).kind, workers::Answer::Kind::Done);
    EXPECT_EQ(pool.started(), 4U);
}

TEST(WorkerPool, RequestsWaitForAFreeWorkerUpToTheQueueLimit) {
    auto o = fake(1, std::chrono::seconds(2));
    o.queue_limit = std::chrono::milliseconds(200);
    workers::WorkerPool pool(o);
    auto slow = std::async(std::launch::async, [&] { return pool.run(named("sleep")); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(pool.run(named("queued")).kind, workers::Answer::Kind::Busy);
    EXPECT_EQ(slow.get().kind, workers::Answer::Kind::TimedOut);
    EXPECT_EQ(pool.run(named("later")).kind, workers::Answer::Kind::Done);
}

TEST(WorkerPool, WorkersAreReplacedAfterTheirShareOfRequests) {
    auto o = fake(1, std::chrono::seconds(10));
    o.requests_per_worker = 3;
    workers::WorkerPool pool(o);
    std::set<long long> pids;
    for (int i = 0; i < 7; ++i) pids.insert(pid_of(pool.run(named("r"))));
    EXPECT_EQ(pids.size(), 3U);
}

TEST(WorkerPool, ManyThreadsAtOnce) {
    workers::WorkerPool pool(fake(3, std::chrono::seconds(10)));
    std::atomic<int> done{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < 8; ++t) {
        ts.emplace_back([&] {
            for (int i = 0; i < 25; ++i) done += pool.run(named("c")).kind == workers::Answer::Kind::Done ? 1 : 0;
        });
    }
    for (auto& t : ts) t.join();
    EXPECT_EQ(done.load(), 200);
    EXPECT_EQ(pool.started(), 3U);
}

TEST(WorkerPool, WorkersInheritNoDescriptorsAndNoBlockedSignals) {
    // As in the server: a descriptor without close-on-exec (httplib's client
    // sockets are such) and SIGTERM blocked in the spawning thread.
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    sigset_t term, old;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &term, &old);
    {
        workers::WorkerPool pool(fake(1, std::chrono::seconds(10)));
        const auto fds = pool.run(named("fds"));
        ASSERT_EQ(fds.kind, workers::Answer::Kind::Done);
        EXPECT_EQ(nlohmann::json::parse(fds.json)["fds"], 3) << fds.json;  // standard input, output and error only
        const auto mask = pool.run(named("sigmask"));
        ASSERT_EQ(mask.kind, workers::Answer::Kind::Done);
        EXPECT_EQ(nlohmann::json::parse(mask.json)["sigterm_held"], false);
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    ::close(p[0]);
    ::close(p[1]);
}

TEST(ServeRequest, FramesRoundTripAndRefuseTheOversized) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    const std::string frame = workers::encode_request({"a.pdf", "2024-03-25", "%PDF-1.7 ..."}) + workers::encode_request({"b.pdf", "", std::string(2000, 'y')});
    ASSERT_TRUE(core::write_all(p[1], frame));
    ::close(p[1]);
    workers::Request r;
    ASSERT_TRUE(workers::read_request(p[0], r, 1000));
    EXPECT_EQ(r.name, "a.pdf");
    EXPECT_EQ(r.anslag, "2024-03-25");
    EXPECT_EQ(r.pdf, "%PDF-1.7 ...");
    EXPECT_THROW(workers::read_request(p[0], r, 1000), core::Error);  // 2000 bytes over a limit of 1000
    ::close(p[0]);
}

verify::SignatureReport sig(const std::string& name, verify::Indication ind, verify::SubIndication sub = verify::SubIndication::None) {
    verify::SignatureReport s;
    s.kind = verify::SignatureKind::Signature;
    s.signer.name = name;
    s.indication = ind;
    s.subindication = sub;
    return s;
}

TEST(PlainVerdict, SaysWhatHappenedInWords) {
    verify::Report r;
    r.document.protocol = true;
    r.verdict = verify::Indication::TotalPassed;
    r.signatures = {sig("A", verify::Indication::TotalPassed), sig("B", verify::Indication::TotalPassed)};
    r.roles = {{"justerare", "A", "sig-1"}, {"sekreterare", "B", "sig-2"}};
    EXPECT_EQ(serve::plain_verdict(r).key, "justerat");
    EXPECT_EQ(serve::plain_verdict(r).sv, "Protokollet är justerat och oförändrat");

    r.roles.push_back({"justerare", "C", ""});
    r.verdict = verify::Indication::Indeterminate;
    EXPECT_EQ(serve::plain_verdict(r).sv, "Alla justerare har inte signerat");
    r.roles.pop_back();
    // A protocol that names no justerare is never justerat, whoever signed.
    r.findings.push_back(verify::Finding{verify::Severity::Warning, verify::FindingId::NoJusterare, verify::say(verify::Msg::NoJusterare)});
    EXPECT_EQ(serve::plain_verdict(r).key, "no_justerare");
    EXPECT_EQ(serve::plain_verdict(r).sv, "Protokollet namnger inga justerare och kan därför inte vara justerat");
    r.findings.clear();
    r.roles[1].signed_by.clear();
    EXPECT_EQ(serve::plain_verdict(r).key, "secretary_unsigned");
    r.roles[1].signed_by = "sig-2";

    r.signatures[0].indication = verify::Indication::TotalFailed;
    r.signatures[0].subindication = verify::SubIndication::HashFailure;
    r.verdict = verify::Indication::TotalFailed;
    EXPECT_EQ(serve::plain_verdict(r).sv, "Protokollet har ändrats efter att det signerades");
    r.signatures[0].subindication = verify::SubIndication::None;
    r.signatures[0].changes.push_back({2, 7, verify::ChangeKind::Changed, verify::say(verify::Msg::PageChanged, 1, " /Contents"), verify::ChangeCategory::Disallowed});
    EXPECT_EQ(serve::plain_verdict(r).key, "changed");
    r.signatures[0].changes.clear();
    r.signatures[0].subindication = verify::SubIndication::Revoked;
    EXPECT_EQ(serve::plain_verdict(r).key, "revoked");

    r.signatures = {sig("A", verify::Indication::Indeterminate, verify::SubIndication::NoCertificateChainFound)};
    r.roles = {{"justerare", "A", "sig-1"}};
    r.verdict = verify::Indication::Indeterminate;
    EXPECT_EQ(serve::plain_verdict(r).key, "untrusted");
    r.signatures.clear();
    r.roles.clear();
    EXPECT_EQ(serve::plain_verdict(r).key, "unsigned");
}

TEST(Page, EscapesWhatTheFileSays) {
    EXPECT_EQ(serve::escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    nlohmann::ordered_json a;
    a["verdict"] = {{"key", "justerat"}, {"sv", "<b>sv</b>"}, {"en", "en"}};
    nlohmann::ordered_json s = {{"id", "sig-1"}, {"kind", "signature"}, {"indication", "TOTAL_PASSED"}, {"role", "justerare"},
                                {"protocol_name", "<script>alert(1)</script>"}, {"signing_time", "2026-03-22T09:15:00Z"}, {"time_source", "timestamp"},
                                {"signer", {{"name", "X"}, {"issuer", "CN=\"><img src=x onerror=alert(2)>"}}}, {"checks", nlohmann::ordered_json::array()},
                                {"modifications_after", {{"changes", {{{"revision", 2}, {"object", 7}, {"kind", "changed"}, {"what", "page content <b>x</b>"},
                                                                       {"category", "disallowed"}}}}}}};
    a["report"] = {{"verdict", "TOTAL_PASSED"}, {"signatures", {s}}, {"roles", nlohmann::ordered_json::array()}, {"findings", nlohmann::ordered_json::array()},
                   {"document", {{"checks", nlohmann::ordered_json::array()}}}};
    a["protocol"] = nullptr;
    a["check"] = nullptr;
    a["embedded_xml"] = nullptr;
    serve::PageContext c;
    c.max_upload = 50U << 20U;
    const std::string html = serve::result_page(a, "<evil>.pdf", c);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos);
    EXPECT_EQ(html.find("<img src=x"), std::string::npos);
    EXPECT_EQ(html.find("<evil>"), std::string::npos);
    EXPECT_EQ(html.find("<b>sv</b>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    // A change after the signature that is not allowed is named on the card,
    // in English where the analysis has no Swedish words for it...
    EXPECT_NE(html.find("<li><span lang=\"sv\">page content &lt;b&gt;x&lt;/b&gt;</span><span lang=\"en\">page content &lt;b&gt;x&lt;/b&gt;</span></li>"),
              std::string::npos);
    EXPECT_EQ(html.find("<b>x</b>"), std::string::npos);
    // ... and in Swedish where it has (report_sv), escaped too.
    a["report_sv"] = {{"signatures", {{{"checks", nlohmann::ordered_json::array()}, {"changes", {"sidan 1 har ändrats: <i>/Contents</i>"}}}}},
                      {"document", {{"checks", nlohmann::ordered_json::array()}}},
                      {"findings", nlohmann::ordered_json::array()}};
    const std::string sv = serve::result_page(a, "p.pdf", c);
    EXPECT_NE(sv.find("<li><span lang=\"sv\">sidan 1 har ändrats: &lt;i&gt;/Contents&lt;/i&gt;</span><span lang=\"en\">page content &lt;b&gt;x&lt;/b&gt;</span></li>"),
              std::string::npos);
    // 09:15 UTC on 22 March is 10:15 in Stockholm (CET); in summer, +2.
    EXPECT_NE(html.find(">2026-03-22 10:15</time>"), std::string::npos);
    EXPECT_EQ(std::count(html.begin(), html.end(), '\0'), 0);
}

TEST(Page, RefusalsSpeakBothLanguages) {
    const auto r = serve::refusal_of("pdf-malformed", "not a PDF (no %PDF- header)");
    EXPECT_EQ(r.status, 415);
    EXPECT_NE(r.sv.find("inte en PDF"), std::string::npos);
    EXPECT_NE(r.en.find("not a PDF"), std::string::npos);
    EXPECT_EQ(serve::refusal_of("pdf-over-limit", "too many objects").status, 422);
    // The embedded XML's limits are told as limits, not as a damaged file.
    for (const char* code : {"pdf-over-limit", "input-too-large", "xml-too-deep", "xml-too-many-nodes"}) {
        EXPECT_NE(serve::refusal_of(code, "x").sv.find("större eller mer invecklad"), std::string::npos) << code;
    }
    EXPECT_EQ(serve::refusal_of("pdf-malformed", "bad xref").sv.find("större"), std::string::npos);
}

}  // namespace
