// SPDX-License-Identifier: GPL-3.0-or-later
// The Sweden Connect sign request and response (include/justera/signservice/dss.hpp).
// xmlsec1 (Debian's libxmlsec1-dev, OpenSSL back end) makes and checks the
// XML signatures: XML-DSig with exclusive canonicalisation and enveloped
// references is subtle (canonical forms, transforms, key selection), and a
// well-kept implementation is safer than one written here. It runs on the
// shared libxml2 it is built with, which is why this file is a module of its
// own (justera-signservice.so) beside the executable's static libxml2.

#include "justera/signservice/dss.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/templates.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

namespace justera::signservice {

using core::Errc;
using core::Error;

namespace {

constexpr const char* k_dss = "urn:oasis:names:tc:dss:1.0:core:schema";
constexpr const char* k_csig = "http://id.elegnamnden.se/csig/1.1/dss-ext/ns";
constexpr const char* k_saml = "urn:oasis:names:tc:SAML:2.0:assertion";
constexpr const char* k_ds = "http://www.w3.org/2000/09/xmldsig#";
constexpr const char* k_xsi = "http://www.w3.org/2001/XMLSchema-instance";
constexpr const char* k_profile = "http://id.elegnamnden.se/csig/1.1/dss-ext/profile";
constexpr const char* k_entity = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";
constexpr const char* k_uri_format = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
constexpr const char* k_success = "urn:oasis:names:tc:dss:1.0:resultmajor:Success";
constexpr std::size_t k_max_response = 1024 * 1024;

const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const xmlChar* x(const std::string& s) { return x(s.c_str()); }

// ---------------------------------------------------------------- time

std::string utc(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char b[32];
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return b;
}

/// xs:dateTime in UTC ("Z", "+00:00" or no zone, fractions dropped) -> Unix seconds.
std::optional<std::int64_t> parse_utc(std::string_view s) {
    std::tm tm{};
    if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
    const auto num = [&](std::size_t at, std::size_t len) -> int {
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), se = num(17, 2);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return std::nullopt;
    std::size_t i = 19;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    }
    const std::string_view zone = s.substr(i);
    if (!(zone.empty() || zone == "Z" || zone == "+00:00" || zone == "-00:00")) return std::nullopt;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = se;
    return static_cast<std::int64_t>(timegm(&tm));
}

// ---------------------------------------------------------------- xmlsec set-up

/// xmlsec and its OpenSSL back end, initialised once for the process.
void ensure_xmlsec() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        xmlInitParser();
        ok = xmlSecInit() >= 0 && xmlSecCheckVersion() == 1 && xmlSecCryptoAppInit(nullptr) >= 0 && xmlSecCryptoInit() >= 0;
        // xmlsec prints its errors to stderr by default; they are turned into messages here.
        xmlSecErrorsDefaultCallbackEnableOutput(0);
    });
    if (!ok) throw Error(Errc::Internal, "xmlsec1 (OpenSSL) could not be initialised");
}

struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;
struct CtxFree {
    void operator()(xmlSecDSigCtx* c) const { xmlSecDSigCtxDestroy(c); }
};
using DSigCtx = std::unique_ptr<xmlSecDSigCtx, CtxFree>;

/// A key for xmlsec from an OpenSSL key (the adopted key is xmlsec's then).
xmlSecKeyPtr key_of(EVP_PKEY* pkey) {
    xmlSecKeyDataPtr data = xmlSecOpenSSLEvpKeyAdopt(pkey);
    if (!data) {
        EVP_PKEY_free(pkey);
        throw Error(Errc::Internal, "xmlsec1 did not take the key");
    }
    xmlSecKeyPtr key = xmlSecKeyCreate();
    if (!key || xmlSecKeySetValue(key, data) < 0) {
        if (key) xmlSecKeyDestroy(key);
        xmlSecKeyDataDestroy(data);
        throw Error(Errc::Internal, "xmlsec1 did not take the key");
    }
    return key;
}

/// A signature context holding `pkey` as its key (taken over, freed with the context).
DSigCtx context_with(EVP_PKEY* pkey) {
    xmlSecKeyPtr key = key_of(pkey);
    DSigCtx ctx(xmlSecDSigCtxCreate(nullptr));
    if (!ctx) {
        xmlSecKeyDestroy(key);
        throw Error(Errc::Internal, "xmlsec1 could not make a signature context");
    }
    ctx->signKey = key;
    return ctx;
}

// ---------------------------------------------------------------- building

xmlNode* child(xmlNode* parent, xmlNs* ns, const char* name, const std::string& text = {}) {
    xmlNode* n = xmlNewChild(parent, ns, x(name), nullptr);
    if (!text.empty()) xmlNodeAddContent(n, x(text));
    return n;
}

void saml_attribute(xmlNode* parent, xmlNs* saml, xmlNs* xsi, const char* name, const std::string& value) {
    xmlNode* a = child(parent, saml, "Attribute");
    xmlNewProp(a, x("Name"), x(name));
    xmlNewProp(a, x("NameFormat"), x(k_uri_format));
    xmlNode* v = child(a, saml, "AttributeValue", value);
    xmlNewNsProp(v, xsi, x("type"), x("xs:string"));
}

void requested_cert_attribute(xmlNode* parent, xmlNs* csig, const char* oid, const char* friendly, const char* saml_name, bool required,
                              const char* default_value = nullptr) {
    xmlNode* r = child(parent, csig, "RequestedCertAttribute");
    xmlNewProp(r, x("CertAttributeRef"), x(oid));
    xmlNewProp(r, x("FriendlyName"), x(friendly));
    if (default_value) xmlNewProp(r, x("DefaultValue"), x(default_value));
    xmlNewProp(r, x("Required"), x(required ? "true" : "false"));
    if (saml_name) child(r, csig, "SamlAttributeName", saml_name);
}

EVP_PKEY* private_key(const RequestInput& in) {
    std::unique_ptr<BIO, void (*)(BIO*)> bio(BIO_new_mem_buf(in.key_pem.data(), static_cast<int>(in.key_pem.size())), BIO_free_all);
    EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, const_cast<char*>(in.key_password.c_str()));
    if (!pkey) {
        const bool encrypted = in.key_pem.find("ENCRYPTED") != std::string::npos;
        throw Error(encrypted ? Errc::SignWrongPassword : Errc::SignKeyUnreadable,
                    encrypted ? "the requesting service's key does not open with the password given"
                              : "the requesting service's key is not a PEM private key",
                    {},
                    encrypted ? "den begärande tjänstens nyckel går inte att öppna med det angivna lösenordet"
                              : "den begärande tjänstens nyckel är ingen privat PEM-nyckel");
    }
    return pkey;
}

}  // namespace

Request make_request(const RequestInput& in) {
    ensure_xmlsec();
    Doc doc(xmlNewDoc(x("1.0")));
    xmlNode* root = xmlNewNode(nullptr, x("SignRequest"));
    xmlDocSetRootElement(doc.get(), root);
    xmlNs* dss = xmlNewNs(root, x(k_dss), x("dss"));
    xmlSetNs(root, dss);
    xmlNs* csig = xmlNewNs(root, x(k_csig), x("csig"));
    xmlNs* saml = xmlNewNs(root, x(k_saml), x("saml"));
    xmlNs* xsi = xmlNewNs(root, x(k_xsi), x("xsi"));
    xmlNewNs(root, x("http://www.w3.org/2001/XMLSchema"), x("xs"));
    xmlNewProp(root, x("Profile"), x(k_profile));
    xmlNewProp(root, x("RequestID"), x(in.request_id));

    xmlNode* inputs = child(root, dss, "OptionalInputs");
    xmlNode* ext = child(inputs, csig, "SignRequestExtension");
    xmlNewProp(ext, x("Version"), x("1.1"));
    child(ext, csig, "RequestTime", utc(in.now));
    xmlNode* conditions = child(ext, saml, "Conditions");
    xmlNewProp(conditions, x("NotBefore"), x(utc(in.now - 60)));
    xmlNewProp(conditions, x("NotOnOrAfter"), x(utc(in.now + in.valid_for)));
    child(child(conditions, saml, "AudienceRestriction"), saml, "Audience", in.audience);
    xmlNode* signer = child(ext, csig, "Signer");
    saml_attribute(signer, saml, xsi, k_attr_personnummer, in.personnummer);
    const auto entity = [&](const char* name, const std::string& id) {
        xmlNode* n = child(ext, csig, name, id);
        xmlNewProp(n, x("Format"), x(k_entity));
    };
    entity("IdentityProvider", in.identity_provider);
    entity("SignRequester", in.requester);
    entity("SignService", in.service);
    const bool ec = in.signature_algorithm == "ecdsa-sha256";
    child(ext, csig, "RequestedSignatureAlgorithm",
          ec ? "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256" : "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    xmlNode* props = child(ext, csig, "CertRequestProperties");
    xmlNewProp(props, x("CertType"), x("PKC"));
    if (!in.authn_context.empty()) child(props, saml, "AuthnContextClassRef", in.authn_context);
    xmlNode* wanted = child(props, csig, "RequestedCertAttributes");
    requested_cert_attribute(wanted, csig, "2.5.4.5", "serialNumber", k_attr_personnummer, true);
    requested_cert_attribute(wanted, csig, "2.5.4.42", "givenName", k_attr_given_name, true);
    requested_cert_attribute(wanted, csig, "2.5.4.4", "sn", k_attr_surname, true);
    requested_cert_attribute(wanted, csig, "2.5.4.3", "commonName", k_attr_display_name, false);
    requested_cert_attribute(wanted, csig, "2.5.4.6", "country", nullptr, true, "SE");
    xmlNode* message = child(ext, csig, "SignMessage");
    xmlNewProp(message, x("MustShow"), x("true"));
    xmlNewProp(message, x("MimeType"), x("text"));
    child(message, csig, "Message", core::base64_encode(in.sign_message));

    xmlNode* documents = child(root, dss, "InputDocuments");
    xmlNode* tasks = child(child(documents, dss, "Other"), csig, "SignTasks");
    xmlNode* task = child(tasks, csig, "SignTaskData");
    xmlNewProp(task, x("SignTaskId"), x(in.task_id));
    xmlNewProp(task, x("SigType"), x("PDF"));
    xmlNewProp(task, x("AdESType"), x("BES"));
    child(task, csig, "ToBeSignedBytes", core::base64_encode(in.to_be_signed));

    // The XML signature: enveloped, over the whole request, the last child
    // of OptionalInputs (the implementation profile, 3.1).
    EVP_PKEY* pkey = private_key(in);
    const bool key_ec = EVP_PKEY_is_a(pkey, "EC");
    if (!key_ec && !EVP_PKEY_is_a(pkey, "RSA")) {
        EVP_PKEY_free(pkey);
        throw Error(Errc::SignKeyUnreadable, "the requesting service's key is neither RSA nor EC", {},
                    "den begärande tjänstens nyckel är varken RSA eller EC");
    }
    DSigCtx ctx = context_with(pkey);
    if (xmlSecOpenSSLAppKeyCertLoadMemory(ctx->signKey, reinterpret_cast<const xmlSecByte*>(in.cert_pem.data()), static_cast<xmlSecSize>(in.cert_pem.size()),
                                          xmlSecKeyDataFormatPem) < 0) {
        throw Error(Errc::SignKeyUnreadable, "the requesting service's certificate is not a PEM certificate", {},
                    "den begärande tjänstens certifikat är inget PEM-certifikat");
    }
    xmlNode* sig = xmlSecTmplSignatureCreate(doc.get(), xmlSecTransformExclC14NId, key_ec ? xmlSecTransformEcdsaSha256Id : xmlSecTransformRsaSha256Id,
                                             nullptr);
    xmlAddChild(inputs, sig);
    xmlNode* ref = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, nullptr, x(""), nullptr);
    xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId);
    xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId);
    xmlSecTmplX509DataAddCertificate(xmlSecTmplKeyInfoAddX509Data(xmlSecTmplSignatureEnsureKeyInfo(sig, nullptr)));
    if (xmlSecDSigCtxSign(ctx.get(), sig) < 0) throw Error(Errc::Internal, "xmlsec1 could not sign the sign request");

    xmlChar* out = nullptr;
    int size = 0;
    xmlDocDumpMemoryEnc(doc.get(), &out, &size, "UTF-8");
    Request r;
    r.xml.assign(reinterpret_cast<const char*>(out), static_cast<std::size_t>(size));
    xmlFree(out);
    return r;
}

// ---------------------------------------------------------------- reading

namespace {

bool is(const xmlNode* n, const char* ns, const char* name) {
    return n && n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, x(ns)) && xmlStrEqual(n->name, x(name));
}

xmlNode* first(xmlNode* parent, const char* ns, const char* name) {
    if (!parent) return nullptr;
    for (xmlNode* n = parent->children; n; n = n->next) {
        if (is(n, ns, name)) return n;
    }
    return nullptr;
}

std::vector<xmlNode*> all(xmlNode* parent, const char* ns, const char* name) {
    std::vector<xmlNode*> out;
    if (!parent) return out;
    for (xmlNode* n = parent->children; n; n = n->next) {
        if (is(n, ns, name)) out.push_back(n);
    }
    return out;
}

std::string text(const xmlNode* n) {
    if (!n) return {};
    xmlChar* c = xmlNodeGetContent(n);
    std::string s = c ? reinterpret_cast<const char*>(c) : "";
    xmlFree(c);
    const auto b = s.find_first_not_of(" \t\r\n");
    const auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string prop(const xmlNode* n, const char* name) {
    xmlChar* c = xmlGetProp(n, x(name));
    std::string s = c ? reinterpret_cast<const char*>(c) : "";
    xmlFree(c);
    return s;
}

std::size_t count_signatures(const xmlNode* n) {
    std::size_t c = 0;
    for (const xmlNode* k = n; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE) continue;
        if (is(k, k_ds, "Signature")) ++c;
        c += count_signatures(k->children);
    }
    return c;
}

[[noreturn]] void invalid(const std::string& why, const std::string& why_sv) {
    throw Error(Errc::SignServiceResponseInvalid, "the signature service's response " + why + "; nothing was signed", {},
                "underskriftstjänstens svar " + why_sv + "; inget skrevs under");
}

/// Whether the XML signature `sig` is the service's, by one of its certificates.
bool signed_by(xmlNode* sig, const std::vector<std::string>& certs) {
    for (const std::string& der : certs) {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
        std::unique_ptr<X509, void (*)(X509*)> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())), X509_free);
        if (!cert) continue;
        EVP_PKEY* pkey = X509_get_pubkey(cert.get());
        if (!pkey) continue;
        // The key is the service's, whatever KeyInfo says (xmlsec reads
        // KeyInfo only without a key); the one reference is the whole
        // document (URI=""), with the enveloped-signature and
        // canonicalisation transforms only: no wrapping, no external or
        // XPath references, no XSLT.
        DSigCtx ctx;
        try {
            ctx = context_with(pkey);
        } catch (const Error&) {
            continue;  // a key xmlsec1 cannot use: not this certificate
        }
        ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
        for (const auto id : {xmlSecTransformEnvelopedId, xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId, xmlSecTransformInclC14NId,
                              xmlSecTransformInclC14N11Id, xmlSecTransformSha256Id, xmlSecTransformSha384Id, xmlSecTransformSha512Id}) {
            xmlSecDSigCtxEnableReferenceTransform(ctx.get(), id);
        }
        for (const auto id : {xmlSecTransformExclC14NId, xmlSecTransformInclC14NId, xmlSecTransformInclC14N11Id, xmlSecTransformRsaSha256Id,
                              xmlSecTransformRsaSha384Id, xmlSecTransformRsaSha512Id, xmlSecTransformEcdsaSha256Id, xmlSecTransformEcdsaSha384Id,
                              xmlSecTransformEcdsaSha512Id, xmlSecTransformSha256Id, xmlSecTransformSha384Id, xmlSecTransformSha512Id}) {
            xmlSecDSigCtxEnableSignatureTransform(ctx.get(), id);
        }
        if (xmlSecDSigCtxVerify(ctx.get(), sig) < 0) continue;
        if (ctx->status != xmlSecDSigStatusSucceeded) continue;
        if (xmlSecPtrListGetSize(&ctx->signedInfoReferences) != 1) continue;
        auto* ref = static_cast<xmlSecDSigReferenceCtxPtr>(xmlSecPtrListGetItem(&ctx->signedInfoReferences, 0));
        if (!ref || !ref->uri || ref->uri[0] != '\0') continue;
        return true;
    }
    return false;
}

}  // namespace

Response read_response(std::string_view response, const Expectation& expected) {
    ensure_xmlsec();
    if (response.size() > 4 * k_max_response / 3 + 16) invalid("is larger than 1 MB", "är större än 1 MB");
    std::string xml(response);
    const auto start = xml.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) invalid("is empty", "är tomt");
    if (xml[start] != '<') {
        auto decoded = core::base64_decode(xml);
        if (!decoded) invalid("is neither XML nor base64", "är varken XML eller base64");
        xml = std::move(*decoded);
    }
    if (xml.size() > k_max_response) invalid("is larger than 1 MB", "är större än 1 MB");
    // UTF-8 only, whatever the document declares (XML_PARSE_IGNORE_ENC): in
    // UTF-16 or UTF-7 a DOCTYPE would not be seen here; and none at all,
    // before and after parsing (a DTD's default attributes are not signed).
    if (xml.find('\0') != std::string::npos) invalid("is not UTF-8", "är inte UTF-8");
    if (xml.find("<!DOCTYPE") != std::string::npos || xml.find("<!ENTITY") != std::string::npos) {
        invalid("declares a DOCTYPE or entities", "deklarerar en DOCTYPE eller entiteter");
    }
    Doc doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "SignResponse", "UTF-8",
                          XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!doc) invalid("is not well-formed XML", "är inte välformad XML");
    if (doc->intSubset || doc->extSubset) invalid("declares a DOCTYPE", "deklarerar en DOCTYPE");
    xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!is(root, k_dss, "SignResponse")) invalid("is not a dss:SignResponse", "är inget dss:SignResponse");

    // The signature first: nothing else is read from an unsigned or foreign response.
    xmlNode* outputs = first(root, k_dss, "OptionalOutputs");
    xmlNode* sig = nullptr;
    if (outputs) {
        for (xmlNode* n = outputs->children; n; n = n->next) {
            if (n->type == XML_ELEMENT_NODE) sig = n;
        }
    }
    if (!is(sig, k_ds, "Signature")) {
        invalid("is not signed (no ds:Signature as the last of its OptionalOutputs)", "är inte underskrivet (inget ds:Signature sist i dess OptionalOutputs)");
    }
    if (count_signatures(root) != 1) invalid("holds more than one XML signature", "innehåller mer än en XML-underskrift");
    if (!signed_by(sig, expected.service_certs_der)) {
        invalid("is not signed by the signature service's certificate, or was changed after it was signed",
                "är inte underskrivet med underskriftstjänstens certifikat, eller har ändrats efter att det skrevs under");
    }

    Response r;
    if (prop(root, "Profile") != k_profile) {
        invalid("names another profile than " + std::string(k_profile), "anger en annan profil än " + std::string(k_profile));
    }
    if (prop(root, "RequestID") != expected.request_id) {
        invalid("answers another request (RequestID " + prop(root, "RequestID") + ")", "besvarar en annan begäran (RequestID " + prop(root, "RequestID") + ")");
    }
    xmlNode* result = first(root, k_dss, "Result");
    if (!result) invalid("has no Result", "saknar Result");
    r.major = text(first(result, k_dss, "ResultMajor"));
    r.minor = text(first(result, k_dss, "ResultMinor"));
    r.message = text(first(result, k_dss, "ResultMessage"));
    r.success = r.major == k_success;
    xmlNode* ext = first(outputs, k_csig, "SignResponseExtension");
    if (!ext) invalid("has no SignResponseExtension", "saknar SignResponseExtension");
    const auto time = parse_utc(text(first(ext, k_csig, "ResponseTime")));
    if (!time) invalid("has no ResponseTime in UTC", "saknar ResponseTime i UTC");
    r.response_time = *time;
    if (r.response_time > expected.now + 60) {
        invalid("is dated " + utc(r.response_time) + ", in the future", "är daterat " + utc(r.response_time) + ", i framtiden");
    }
    if (expected.now - r.response_time > expected.max_age) {
        invalid("is dated " + utc(r.response_time) + ", older than " + std::to_string(expected.max_age) + " seconds",
                "är daterat " + utc(r.response_time) + ", äldre än " + std::to_string(expected.max_age) + " sekunder");
    }
    if (!r.success) {
        const auto slash = r.minor.find_last_of('/');
        r.status = r.minor.empty() ? "error" : r.minor.substr(slash == std::string::npos ? 0 : slash + 1);
        return r;
    }
    r.status = "success";

    xmlNode* assertion = first(ext, k_csig, "SignerAssertionInfo");
    if (!assertion) invalid("has no SignerAssertionInfo", "saknar SignerAssertionInfo");
    xmlNode* context = first(assertion, k_csig, "ContextInfo");
    r.identity_provider = text(first(context, k_csig, "IdentityProvider"));
    r.authn_context = text(first(context, k_saml, "AuthnContextClassRef"));
    for (xmlNode* a : all(first(assertion, k_saml, "AttributeStatement"), k_saml, "Attribute")) {
        for (xmlNode* v : all(a, k_saml, "AttributeValue")) r.attributes.emplace_back(prop(a, "Name"), text(v));
    }
    xmlNode* chain = first(ext, k_csig, "SignatureCertificateChain");
    for (xmlNode* c : all(chain, k_csig, "X509Certificate")) {
        auto der = core::base64_decode(text(c));
        if (!der) invalid("has a certificate that is not base64", "har ett certifikat som inte är base64");
        r.chain_der.push_back(std::move(*der));
    }
    if (r.chain_der.empty()) invalid("has no signature certificate chain", "saknar certifikatkedja för underskriften");

    xmlNode* object = first(root, k_dss, "SignatureObject");
    xmlNode* tasks = first(first(object, k_dss, "Other"), k_csig, "SignTasks");
    const auto task_list = all(tasks, k_csig, "SignTaskData");
    if (task_list.size() != 1) {
        invalid("holds " + std::to_string(task_list.size()) + " sign tasks, not the one asked for",
                "innehåller " + std::to_string(task_list.size()) + " underskriftsuppgifter, inte den enda som begärdes");
    }
    xmlNode* task = task_list.front();
    if (prop(task, "SignTaskId") != expected.task_id) {
        invalid("answers another sign task (" + prop(task, "SignTaskId") + ")", "besvarar en annan underskriftsuppgift (" + prop(task, "SignTaskId") + ")");
    }
    auto tbs = core::base64_decode(text(first(task, k_csig, "ToBeSignedBytes")));
    xmlNode* sig_value = first(task, k_csig, "Base64Signature");
    auto value = core::base64_decode(text(sig_value));
    if (!tbs || !value) invalid("lacks the signed bytes or the signature value", "saknar de underskrivna byten eller underskriftsvärdet");
    r.to_be_signed = std::move(*tbs);
    r.signature = std::move(*value);
    r.signature_algorithm = prop(sig_value, "Type");
    return r;
}

}  // namespace justera::signservice
