// SPDX-License-Identifier: GPL-3.0-or-later
// In-process timings: text -> model (parse), model -> canonical XML (serialize),
// and canonical XML -> validated model (load), for the seeds and any files
// named on the command line (bench/run.sh passes a 1,000-paragraph protocol).

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "justera/core/diagnostics.hpp"
#include "justera/ingest/ingest.hpp"
#include "justera/xml/xml.hpp"

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

justera::ingest::ParseResult parse(const std::string& text) {
    justera::core::Diagnostics d;
    justera::ingest::ParseOptions o;
    o.file_name = "bench";
    return justera::ingest::parse_text(text, o, d);
}

void register_file(const std::filesystem::path& path) {
    const auto text = std::make_shared<std::string>(slurp(path));
    const std::string name = path.filename().string();
    benchmark::RegisterBenchmark(("parse/" + name).c_str(), [text](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(parse(*text));
        st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(text->size()));
    })->Unit(benchmark::kMillisecond);
    const auto doc = std::make_shared<justera::ingest::Document>(parse(*text).document);
    benchmark::RegisterBenchmark(("serialize/" + name).c_str(), [doc](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(justera::xml::to_xml(*doc));
    })->Unit(benchmark::kMillisecond);
    const auto xml = std::make_shared<std::string>(justera::xml::to_xml(*doc));
    benchmark::RegisterBenchmark(("load+validate/" + name).c_str(), [xml](benchmark::State& st) {
        const justera::core::Limits limits;
        for (auto _ : st) benchmark::DoNotOptimize(justera::xml::load(*xml, "bench.xml", limits));
    })->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    const std::filesystem::path seeds = std::filesystem::path(JUSTERA_SOURCE_DIR) / "tests" / "fixtures" / "seeds";
    for (const char* s : {"000_9b82ca12656ff44a.txt", "001_79249be5eea60560.txt", "002_7ac823c5cdfc07f6.txt",
                          "003_cf49da6b8fe401db.txt", "004_187fbd7e2f1d6b52.txt"}) {
        register_file(seeds / s);
    }
    for (int i = 1; i < argc; ++i) register_file(argv[i]);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
