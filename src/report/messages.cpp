// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/report/messages.hpp"

namespace justera::report {

namespace {

using verify::Msg;

struct Words {
    std::string_view en;
    std::string_view sv;
};

// The English sentences are the ones the JSON report has always carried.
constexpr Words words_of(Msg m) noexcept {
    switch (m) {
        case Msg::Detail: return {"{0}", "{0}"};

        case Msg::SigObjectUnreadable: return {"object {0}: {1}", "objekt {0}: {1}"};
        case Msg::SigNotDictionary:
            return {"the field's /V (object {0}) is not a signature dictionary", "fältets /V (objekt {0}) är ingen underskriftsordlista"};
        case Msg::ByteRangeNotFour: return {"no /ByteRange of four integers", "ingen /ByteRange med fyra heltal"};
        case Msg::ContentsMissing: return {"no /Contents hex string", "ingen /Contents som hexadecimal sträng"};
        case Msg::ByteRangeWrong:
            return {"the /ByteRange [{0} {1} {2} {3}] does not leave out exactly this signature's /Contents (at bytes {4}-{5})",
                    "/ByteRange [{0} {1} {2} {3}] lämnar inte ut precis den här underskriftens /Contents (byte {4}-{5})"};
        case Msg::ByteRangeOk: return {"two ranges around this signature's /Contents", "två intervall runt den här underskriftens /Contents"};
        case Msg::CoverageOk: return {"the signed bytes end where revision {0} ends", "det underskrivna slutar där version {0} slutar"};
        case Msg::CoveragePartial:
            return {"the signed bytes end at byte {0}, not where the revision holding the signature ends ({1})",
                    "det underskrivna slutar vid byte {0}, inte där versionen med underskriften slutar ({1})"};

        case Msg::NothingChanged: return {"nothing was changed after it", "inget har ändrats efter underskriften"};
        case Msg::ChangesAllowed:
            return {"{0} later change(s), all signing or validation data", "{0} senare ändring(ar), alla underskrifter eller valideringsdata"};
        case Msg::ChangedAfterSigning: return {"changed after signing: {*}", "ändrat efter underskriften: {*}"};
        case Msg::ChangeItem: return {"object {0} {p0}: {p1}", "objekt {0} {p0}: {p1}"};
        case Msg::KindAdded: return {"added", "tillagt"};
        case Msg::KindChanged: return {"changed", "ändrat"};
        case Msg::KindFreed: return {"freed", "borttaget"};

        case Msg::DocTsSubFilter: return {"a document timestamp with /SubFilter /{0}", "en dokumenttidsstämpel med /SubFilter /{0}"};
        case Msg::NotTimestampToken: return {"the /Contents is not a timestamp token", "/Contents är ingen tidsstämpel"};
        case Msg::DocTsImprintOk:
            return {"the timestamp's imprint is the digest of the signed bytes", "tidsstämpelns avtryck är kontrollsumman av det underskrivna"};
        case Msg::DocTsImprintBad:
            return {"the timestamp's imprint or signature does not match the signed bytes",
                    "tidsstämpelns avtryck eller underskrift stämmer inte med det underskrivna"};
        case Msg::TokenNoCert: return {"the token names no certificate it carries", "tidsstämpeln pekar inte ut något certifikat som den bär"};
        case Msg::TsaChainOk:
            return {"the time-stamping authority's chain reaches a trust anchor", "tidsstämpelutfärdarens kedja når en betrodd rot"};
        case Msg::TsaNotTrusted: return {"the time-stamping authority is not trusted: {0}", "tidsstämpelutfärdaren är inte betrodd: {0}"};

        case Msg::SubFilterKnown: return {"/SubFilter /{0}", "/SubFilter /{0}"};
        case Msg::SubFilterUnknown: return {"unknown /SubFilter /{0}", "okänt /SubFilter /{0}"};
        case Msg::CmsNotOne:
            return {"the /Contents is not one DER CMS signature followed by zero padding",
                    "/Contents är inte en enda DER-kodad CMS-underskrift följd av nollor"};
        case Msg::CmsSigners: return {"the CMS has {0} signers, not one", "CMS-underskriften har {0} undertecknare, inte en"};
        case Msg::CmsNoCert: return {"the CMS does not carry the signer's certificate", "CMS-underskriften bär inte undertecknarens certifikat"};
        case Msg::SidIssuerBytes:
            return {"the signer's identifier names the certificate's issuer in other bytes than the certificate does",
                    "undertecknarens identifierare anger certifikatets utfärdare med andra byte än certifikatet självt"};
        case Msg::DigestOk:
            return {"the signed bytes have the digest the signature signs", "det underskrivna har den kontrollsumma som underskriften gäller"};
        case Msg::DigestBad:
            return {"the signed bytes were changed: their digest is not the one signed",
                    "det underskrivna har ändrats: kontrollsumman är inte den som skrevs under"};
        case Msg::DigestNotListed:
            return {"the CMS's list of digest algorithms does not name {0}, the one its signer used",
                    "CMS-underskriftens lista över algoritmer nämner inte {0}, som undertecknaren använde"};
        case Msg::SigValueOk: return {"the signature value verifies with the signer's key", "underskriftsvärdet stämmer med undertecknarens nyckel"};
        case Msg::SigValueBad: return {"the signature value does not verify", "underskriftsvärdet stämmer inte"};
        case Msg::CadesNoEss: return {"a CAdES signature without signing-certificate-v2", "en CAdES-underskrift utan signing-certificate-v2"};
        case Msg::EssOther: return {"signing-certificate-v2 names another certificate", "signing-certificate-v2 anger ett annat certifikat"};
        case Msg::EssBound: return {"bound by signing-certificate-v2", "bundet genom signing-certificate-v2"};
        case Msg::CmsNames: return {"the certificate the CMS names", "certifikatet som CMS-underskriften anger"};
        case Msg::CryptoOk: return {"{0}, {1} {2} bits", "{0}, {1} {2} bitar"};
        case Msg::CryptoWeak: return {"{*}", "{*}"};
        case Msg::WeakDigest: return {"{0} is no longer accepted", "{0} godtas inte längre"};
        case Msg::WeakKey: return {"{0} {1}-bit keys are too short", "{0}-nycklar på {1} bitar är för korta"};

        case Msg::TsCoversOk:
            return {"the signature timestamp covers this signature value", "underskriftens tidsstämpel gäller det här underskriftsvärdet"};
        case Msg::TsCoversBad:
            return {"the signature timestamp is not over this signature value (or its own signature is broken)",
                    "underskriftens tidsstämpel gäller inte det här underskriftsvärdet (eller så är dess egen underskrift trasig)"};
        case Msg::TsTrusted: return {"time-stamped {0} by a trusted authority", "tidsstämplad {0} av en betrodd utfärdare"};
        case Msg::TsUntrusted:
            return {"the time-stamping authority is not trusted ({0}): the time is only claimed",
                    "tidsstämpelutfärdaren är inte betrodd ({0}): tiden är bara uppgiven"};
        case Msg::ChainOk: return {"the chain reaches a trust anchor ({0} certificates)", "kedjan når en betrodd rot ({0} certifikat)"};
        case Msg::ExpiredPoe:
            return {"the signer's certificate had expired when the timestamp proves it signed",
                    "undertecknarens certifikat hade gått ut när tidsstämpeln visar att underskriften gjordes"};
        case Msg::ExpiredNoPoe:
            return {"the signer's certificate had expired and no timestamp proves it signed earlier",
                    "undertecknarens certifikat har gått ut och ingen tidsstämpel visar att underskriften gjordes innan dess"};
        case Msg::NotYetValid:
            return {"the signer's certificate was not yet valid when it signed", "undertecknarens certifikat gällde ännu inte när underskriften gjordes"};
        case Msg::NoChain: return {"no chain to a trust anchor: {0}", "ingen kedja till en betrodd rot: {0}"};
        case Msg::NoChainNoAnchors:
            return {"no chain to a trust anchor: {0} (no --trust anchors given)", "ingen kedja till en betrodd rot: {0} (ingen rot given med --trust)"};
        case Msg::KeyUsageOk: return {"the key may sign", "nyckeln får användas till underskrifter"};
        case Msg::KeyUsageBad:
            return {"the certificate's key usage does not allow signing", "certifikatets nyckelanvändning tillåter inte underskrifter"};
        case Msg::LockViolated:
            return {"the signer locked the document (P 1), but fields were signed after",
                    "undertecknaren låste dokumentet (P 1), men fält har skrivits under efteråt"};
        case Msg::LockKept:
            return {"the signer locked the document (P {0}); later changes keep to it",
                    "undertecknaren låste dokumentet (P {0}); senare ändringar håller sig till det"};

        case Msg::SubjectSigner: return {"signer", "undertecknarens certifikat"};
        case Msg::SubjectTsa: return {"time-stamping authority", "tidsstämpelutfärdarens certifikat"};
        case Msg::RevGood: return {"{p0} '{0}': {1} {2}", "{p0} '{0}': {1} {2}"};
        case Msg::RevokedAfter:
            return {"{p0} '{0}' was revoked {1}, after the time proven by the timestamp ({2})",
                    "{p0} '{0}' spärrades {1}, efter den tid som tidsstämpeln visar ({2})"};
        case Msg::RevokedPoe: return {"{p0} '{0}' is revoked ({1})", "{p0} '{0}' är spärrat ({1})"};
        case Msg::RevokedNoPoe:
            return {"{p0} '{0}' is revoked ({1}); without a timestamp nothing proves the signature came before",
                    "{p0} '{0}' är spärrat ({1}); utan tidsstämpel visar inget att underskriften gjordes dessförinnan"};
        case Msg::RevUnknown: return {"{p0} '{0}': no revocation data ({1})", "{p0} '{0}': inga spärruppgifter ({1})"};
        case Msg::RevNone: return {"{p0} '{0}': no OCSP response or CRL for it", "{p0} '{0}': inga spärruppgifter (inget OCSP-svar och ingen spärrlista)"};
        case Msg::RevNoneOffline:
            return {"{p0} '{0}': no OCSP response or CRL for it; --online asks the certificate's OCSP responder or CRL",
                    "{p0} '{0}': inga spärruppgifter (inget OCSP-svar och ingen spärrlista); --online frågar certifikatets OCSP-tjänst eller spärrlista"};
        case Msg::RevUnknownOffline:
            return {"{p0} '{0}': no revocation data ({1}); --online asks the certificate's OCSP responder or CRL",
                    "{p0} '{0}': inga spärruppgifter ({1}); --online frågar certifikatets OCSP-tjänst eller spärrlista"};

        case Msg::ProvenByDocTs: return {"{0} (a document timestamp)", "{0} (en dokumenttidsstämpel)"};
        case Msg::ProvenByField: return {"{0} ({1})", "{0} ({1})"};
        case Msg::ClaimedFuture:
            return {"it claims to have been signed {0}, after the validation time {1}: a time that has not come cannot be true",
                    "den uppges vara gjord {0}, efter kontrolltiden {1}: en tid som inte har kommit kan inte stämma"};
        case Msg::ClaimedBeforeProven:
            return {"it claims to have been signed {0}, but it covers {p0}, whose timestamp proves {1}: it cannot have been made before that",
                    "den uppges vara gjord {0}, men den omfattar {p0}, vars tidsstämpel visar {1}: den kan inte ha gjorts före det"};
        case Msg::OwnBeforeProven:
            return {"its timestamp says {0}, but it covers {p0}, whose timestamp proves {1}: the times are out of order",
                    "dess tidsstämpel säger {0}, men den omfattar {p0}, vars tidsstämpel visar {1}: tiderna kommer i fel ordning"};
        case Msg::ClaimedAfterOwn:
            return {"it claims to have been signed {0}, after its own timestamp {1}", "den uppges vara gjord {0}, efter sin egen tidsstämpel {1}"};
        case Msg::ClaimedBeforeCertificate:
            return {"it claims to have been signed {0}, but the signer's certificate is valid only from {1}: it cannot have been made with it then",
                    "den uppges vara gjord {0}, men undertecknarens certifikat gäller först från {1}: den kan inte ha gjorts med det då"};

        case Msg::TrailingBytes:
            return {"{0} bytes after the last %%EOF belong to no revision (an update without xref?)",
                    "{0} byte efter sista %%EOF hör inte till någon version (en uppdatering utan xref?)"};
        case Msg::FieldsUnreadable: return {"the signature fields cannot be read: {0}", "underskriftsfälten kan inte läsas: {0}"};
        case Msg::SameSignature:
            return {"the fields {0} and {1} name the same signature (object {2})", "fälten {0} och {1} pekar ut samma underskrift (objekt {2})"};
        case Msg::ClaimedRole: return {"{0} claims the role {1} but {2} is {3} in the protocol", "{0} uppger rollen {1}, men {2} är {3} i protokollet"};
        case Msg::MissingSigners:
            return {"not fully adjusted: no valid signature by {0}", "inte färdigjusterat: ingen giltig underskrift av {0}"};
        case Msg::NoJusterare:
            return {"the protocol names no justerare, so it cannot be justerat, whoever signed it",
                    "protokollet nämner ingen justerare och kan därför inte vara justerat, vem som än har skrivit under"};
        case Msg::UnknownSigner:
            return {"{0} is by {1}, whom the protocol does not name as justerare or sekreterare",
                    "{0} är gjord av {1}, som protokollet inte nämner som justerare eller sekreterare"};
        case Msg::Unsigned: return {"the PDF carries no signature", "PDF-filen har ingen underskrift"};
        case Msg::StructureUnreadable: return {"the file structure cannot be read: {0}", "filens struktur kan inte läsas: {0}"};
        case Msg::WholeUnreadable: return {"the file cannot be read as a whole: {0}", "filen kan inte läsas i sin helhet: {0}"};

        case Msg::CatalogUnreadable: return {"the catalog cannot be read: {0}", "PDF-filens katalog kan inte läsas: {0}"};
        case Msg::NoXml:
            return {"no protocol XML embedded: the protocol checks do not apply to this PDF",
                    "ingen protokoll-XML är inbäddad: protokollkontrollerna gäller inte den här PDF-filen"};
        case Msg::ForeignXml:
            return {"the embedded XML is not a justera protocol (its root <{0}> is in {p0}): the protocol checks do not apply, and the signatures are judged on their own",
                    "den inbäddade XML-filen är inget justera-protokoll (dess rot <{0}> är i {p0}): protokollkontrollerna gäller inte, och underskrifterna bedöms var för sig"};
        case Msg::ForeignXmlNamed:
            return {"the embedded XML {1} is not a justera protocol (its root <{0}> is in {p0}): the protocol checks do not apply, and the signatures are judged on their own",
                    "den inbäddade XML-filen {1} är inget justera-protokoll (dess rot <{0}> är i {p0}): protokollkontrollerna gäller inte, och underskrifterna bedöms var för sig"};
        case Msg::NoNamespace: return {"no namespace", "ingen namnrymd"};
        case Msg::Namespace: return {"namespace {0}", "namnrymden {0}"};
        case Msg::XmlValid:
            return {"the embedded protocol XML is valid against the schema", "den inbäddade protokoll-XML-filen är giltig enligt schemat"};
        case Msg::XmpOk:
            return {"the XMP records the embedded XML's fingerprint", "XMP-metadata anger den inbäddade XML-filens fingeravtryck"};
        case Msg::XmpOther: return {"the XMP records {0}, the embedded XML is {1}", "XMP-metadata anger {0}, den inbäddade XML-filen är {1}"};
        case Msg::XmpNone:
            return {"the XMP records no fingerprint, the embedded XML is {0}", "XMP-metadata anger inget fingeravtryck, den inbäddade XML-filen är {0}"};
        case Msg::XmlBad: return {"the embedded XML: {0}", "den inbäddade XML-filen: {0}"};
        case Msg::VisibleAll:
            return {"the pages show all {0} paragraph titles and decision points of the XML",
                    "sidorna visar alla {0} paragrafrubriker och beslutspunkter i XML-filen"};
        case Msg::VisibleAllPoppler:
            return {"the pages show all {0} paragraph titles and decision points of the XML (read by poppler: {1})",
                    "sidorna visar alla {0} paragrafrubriker och beslutspunkter i XML-filen (lästa av poppler: {1})"};
        case Msg::VisibleMissing: return {"the pages do not show what the XML says: {*}", "sidorna visar inte det som står i XML-filen: {*}"};
        case Msg::VisibleMissingPoppler:
            return {"the pages do not show what the XML says: {*} (read by poppler: {0})",
                    "sidorna visar inte det som står i XML-filen: {*} (lästa av poppler: {0})"};
        case Msg::MissingTitle: return {"\u00A7 {0} title \u00AB{1}\u00BB", "\u00A7 {0} rubriken \u00AB{1}\u00BB"};
        case Msg::MissingDecision: return {"\u00A7 {0} decision \u00AB{1}\u00BB", "\u00A7 {0} beslutet \u00AB{1}\u00BB"};
        case Msg::MissingDecisionItem: return {"\u00A7 {0} decision item \u00AB{1}\u00BB", "\u00A7 {0} beslutspunkten \u00AB{1}\u00BB"};
        case Msg::MissingMore: return {"and {0} more", "och {0} till"};
        case Msg::PagesUnreadable: return {"the text of the pages cannot be read: {0}", "sidornas text kan inte läsas: {0}"};
        case Msg::NoticeXmlValid:
            return {"the embedded XML is a notice of justering (anslag) of the protocol {0}, valid against the schema",
                    "den inbäddade XML-filen är ett anslag om justeringen av protokollet {0}, giltigt enligt schemat"};
        case Msg::NoticeVisibleAll:
            return {"the page shows all {0} lines of the notice in the XML", "sidan visar alla {0} rader i anslaget i XML-filen"};
        case Msg::MissingNoticeText: return {"the line \u00AB{0}\u00BB", "raden \u00AB{0}\u00BB"};

        case Msg::CatalogReplaced: return {"the trailer names another catalog", "trailern pekar ut en annan katalog"};
        case Msg::ObjectFreed: return {"an object of the signed revision was freed", "ett objekt i den underskrivna versionen har tagits bort"};
        case Msg::XrefBack:
            return {"its xref entry points back into signed bytes (at byte {0})", "dess xref-post pekar tillbaka in i det underskrivna (vid byte {0})"};
        case Msg::ObjectUnreadable: return {"unreadable: {0}", "kan inte läsas: {0}"};
        case Msg::AppearanceOfField: return {"{p0} of the appearance of signature field {0}", "{p0} i utseendet för underskriftsfältet {0}"};
        case Msg::Rewritten: return {"rewritten without change", "omskrivet utan ändring"};
        case Msg::CatalogDss: return {"catalog: validation data (/DSS) added", "katalogen: valideringsdata (/DSS) tillagda"};
        case Msg::CatalogChanged: return {"catalog entries changed:{0}", "katalogens poster har ändrats:{0}"};
        case Msg::DssChanged: return {"the DSS changed:{0}", "DSS har ändrats:{0}"};
        case Msg::DssExtended: return {"validation data (DSS) extended", "valideringsdata (DSS) utökade"};
        case Msg::ContainerDss: return {"validation data (DSS /{0})", "valideringsdata (DSS /{0})"};
        case Msg::ContainerFormResources: return {"the form's default resources", "formulärets standardresurser"};
        case Msg::ContainerFormResourcesKey: return {"the form's default resources (/{0})", "formulärets standardresurser (/{0})"};
        case Msg::ContainerChanged: return {"{p0} changed, not only extended", "{p0} har ändrats, inte bara utökats"};
        case Msg::ContainerExtended: return {"{p0} extended", "{p0} utökade"};
        case Msg::SignedFieldChanged: return {"the signed field {0} was changed", "det underskrivna fältet {0} har ändrats"};
        case Msg::FieldChangedKeys: return {"signature field {0} changed:{1}", "underskriftsfältet {0} har ändrats:{1}"};
        case Msg::FieldValueNotNew:
            return {"signature field {0} changed: its value is not a new signature", "underskriftsfältet {0} har ändrats: dess värde är ingen ny underskrift"};
        case Msg::FieldChangedUnsigned: return {"signature field {0} changed without a signature", "underskriftsfältet {0} har ändrats utan underskrift"};
        case Msg::FieldSigned: return {"signature field {0} signed", "underskriftsfältet {0} har skrivits under"};
        case Msg::FormFieldAdded: return {"form: a signed signature field added", "formuläret: ett underskrivet underskriftsfält har lagts till"};
        case Msg::FormChanged: return {"form changed:{0}", "formuläret har ändrats:{0}"};
        case Msg::FormChangedFields:
            return {"form changed: fields other than a new signed signature field", "formuläret har ändrats: andra fält än ett nytt underskrivet underskriftsfält"};
        case Msg::PageFieldAdded:
            return {"page {0}: a signed signature field added to its annotations", "sidan {0}: ett underskrivet underskriftsfält har lagts till bland sidans anteckningar"};
        case Msg::PageAnnotsArray:
            return {"the annotations of page {0}, with a signed signature field added", "anteckningarna på sidan {0}, med ett underskrivet underskriftsfält tillagt"};
        case Msg::PageChanged: return {"page {0} changed:{1}", "sidan {0} har ändrats:{1}"};
        case Msg::AnnotsFieldAdded: return {"annotations: a signed signature field added", "anteckningar: ett underskrivet underskriftsfält har lagts till"};
        case Msg::InfoSaved: return {"document information: modification date or producer", "dokumentinformation: ändringsdatum eller program"};
        case Msg::InfoChanged: return {"document information changed:{0}", "dokumentinformationen har ändrats:{0}"};
        case Msg::XmpSaved: return {"XMP metadata: dates, producer or history", "XMP-metadata: datum, program eller historik"};
        case Msg::XmpChanged: return {"XMP metadata changed:{+}", "XMP-metadata har ändrats:{+}"};
        case Msg::XmpProp: return {"{0}", "{0}"};
        case Msg::XmpPropAdded: return {"{0} (added)", "{0} (tillagd)"};
        case Msg::XmpPropRemoved: return {"{0} (removed)", "{0} (borttagen)"};
        case Msg::XmpOldUnreadable: return {"(the signed XMP cannot be read as RDF)", "(den underskrivna XMP-metadatan kan inte läsas som RDF)"};
        case Msg::XmpNewUnreadable: return {"(the new XMP is not RDF justera can read)", "(den nya XMP-metadatan är inte RDF som justera kan läsa)"};
        case Msg::XmpUnreadable: return {"(unreadable: {0})", "(kan inte läsas: {0})"};
        case Msg::XmpStreamChanged: return {"XMP metadata stream changed:{0}", "XMP-metadataströmmen har ändrats:{0}"};
        case Msg::Orphaned: return {"{p0} that nothing refers to any more", "{p0} som inget längre hänvisar till"};
        case Msg::ObjectChanged: return {"{p0} changed", "{p0} har ändrats"};
        case Msg::PageContentChanged: return {"what page {0} shows changed (its content stream)", "det som sidan {0} visar har ändrats (dess innehållsström)"};
        case Msg::PageResourceChanged: return {"{p0} that page {0} uses (a font or an image) changed", "{p0} som sidan {0} använder (ett typsnitt eller en bild) har ändrats"};
        case Msg::DocTsAdded: return {"a document timestamp", "en dokumenttidsstämpel"};
        case Msg::SignatureAdded: return {"a signature", "en underskrift"};
        case Msg::DssAdded: return {"validation data (DSS)", "valideringsdata (DSS)"};
        case Msg::FieldWithoutSignature:
            return {"a new signature field {0} without a signature in the same revision", "ett nytt underskriftsfält {0} utan underskrift i samma version"};
        case Msg::InvisibleField: return {"an invisible signature field {0}", "ett osynligt underskriftsfält {0}"};
        case Msg::VisibleField:
            return {"a new signature field {0} on page {1} at {2}, signed in the same revision",
                    "ett nytt underskriftsfält {0} på sidan {1} vid {2}, underskrivet i samma version"};
        case Msg::VisibleFieldNoPage:
            return {"a new signature field {0} at {1}, signed in the same revision", "ett nytt underskriftsfält {0} vid {1}, underskrivet i samma version"};
        case Msg::OfValidationData: return {"{p0} of the validation data", "{p0} i valideringsdata"};
        case Msg::OfAppearance: return {"{p0} of a signature's appearance", "{p0} i en underskrifts utseende"};
        case Msg::Unreferenced: return {"{p0} that nothing refers to", "{p0} som inget hänvisar till"};
        case Msg::Unexplained:
            return {"{p0} that no signature, field or validation data explains", "{p0} som ingen underskrift, inget fält och inga valideringsdata förklarar"};
        case Msg::AStream: return {"a stream", "en ström"};
        case Msg::AnArray: return {"an array", "en lista"};
        case Msg::ADictionary: return {"a dictionary", "en ordlista"};
        case Msg::AValue: return {"a value", "ett värde"};
    }
    return {"", ""};
}

constexpr Words labels_of(Label l) noexcept {
    // Column labels are padded to one width in each language.
    switch (l) {
        case Label::Revision: return {" revision, ", " version, "};
        case Label::Revisions: return {" revisions, ", " versioner, "};
        case Label::SignatureOrTimestamp: return {" signature or timestamp", " underskrift eller tidsstämpel"};
        case Label::SignaturesAndTimestamps: return {" signatures and timestamps", " underskrifter och tidsstämplar"};
        case Label::Signature: return {"signature", "underskrift"};
        case Label::DocumentTimestamp: return {"document timestamp", "dokumenttidsstämpel"};
        case Label::InField: return {" in the field ", " i fältet "};
        case Label::Result: return {"Result        ", "Resultat      "};
        case Label::Signer: return {"Signer        ", "Undertecknare "};
        case Label::Issuer: return {"Issuer        ", "Utfärdare     "};
        case Label::Role: return {"Role          ", "Roll          "};
        case Label::NoRole: return {"none in the protocol", "ingen i protokollet"};
        case Label::NameInUse: return {", the name in use", ", tilltalsnamnet"};
        case Label::CaseDiffers: return {", letter case differs", ", skiftläget skiljer"};
        case Label::ClaimedRole: return {", claimed role: ", ", uppgiven roll: "};
        case Label::Time: return {"Time          ", "Tid           "};
        case Label::TimeUnknown: return {"unknown", "okänd"};
        case Label::ByTimestamp: return {" (timestamp)", " (tidsstämpel)"};
        case Label::ClaimedOnly: return {" (claimed by the signer, not proven)", " (uppgiven av undertecknaren, ej bevisad)"};
        case Label::Level: return {"Level         ", "Nivå          "};
        case Label::Locks: return {", locks the document", ", låser dokumentet"};
        case Label::Changes: return {"Changes       ", "Ändringar     "};
        case Label::NoChanges: return {"none after the signature", "inga efter underskriften"};
        case Label::ChangesAllowed: return {" allowed (signatures, validation data)", " tillåtna (underskrifter, valideringsdata)"};
        case Label::ChangesDisallowed: return {"DISALLOWED changes after the signature", "OTILLÅTNA ändringar efter underskriften"};
        case Label::CheckFailed: return {"FAIL ", "FEL "};
        case Label::CheckWarning: return {"NOTE ", "OBS "};
        case Label::CheckOther: return {"?    ", "?   "};
        case Label::FindingError: return {"ERROR ", "FEL "};
        case Label::FindingWarning: return {"NOTE  ", "OBS "};
        case Label::ProtocolSigners: return {"The protocol's signers", "Protokollets underskrivare"};
        case Label::RoleSigned: return {"signed  ", "signerat"};
        case Label::RoleMissing: return {"missing ", "saknas  "};
        case Label::Document: return {"The document: ", "Dokumentet: "};
        case Label::Passed: return {"VALID (TOTAL_PASSED)", "GILTIG (TOTAL_PASSED)"};
        case Label::Failed: return {"FAILED (TOTAL_FAILED)", "UNDERKÄND (TOTAL_FAILED)"};
        case Label::Indeterminate: return {"UNDECIDED (INDETERMINATE)", "OAVGJORD (INDETERMINATE)"};
        case Label::SummarySignatures: return {" signature(s)", " underskrift(er)"};
        case Label::SummarySigners: return {" signers of the protocol", " av protokollets underskrivare"};
    }
    return {"", ""};
}

}  // namespace

std::string_view label(Label l, core::Language lang) noexcept {
    const Words w = labels_of(l);
    return lang == core::Language::English ? w.en : w.sv;
}

std::string_view pattern(verify::Msg m, core::Language lang) noexcept {
    const Words w = words_of(m);
    return lang == core::Language::English ? w.en : w.sv;
}

std::string words(const verify::Said& said, core::Language lang) {
    const std::string_view p = pattern(said.msg, lang);
    std::string out;
    out.reserve(p.size() + 32);
    for (std::size_t i = 0; i < p.size(); ++i) {
        const std::size_t close = p[i] == '{' ? p.find('}', i) : std::string_view::npos;
        if (close == std::string_view::npos) {
            out.push_back(p[i]);
            continue;
        }
        const std::string_view name = p.substr(i + 1, close - i - 1);
        const std::string_view digits = !name.empty() && name.front() == 'p' ? name.substr(1) : name;
        const bool slot = name == "*" || name == "+" || (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos);
        if (!slot) {  // braces that name no slot are text
            out.push_back(p[i]);
            continue;
        }
        if (name == "*") {
            for (std::size_t k = 0; k < said.parts.size(); ++k) out += (k ? "; " : "") + words(said.parts[k], lang);
        } else if (name == "+") {
            for (const auto& part : said.parts) out += " " + words(part, lang);
        } else {
            const bool part = name.front() == 'p';
            std::size_t n = 0;
            for (const char c : digits) n = n * 10 + static_cast<std::size_t>(c - '0');
            if (part && n < said.parts.size()) out += words(said.parts[n], lang);
            if (!part && n < said.facts.size()) out += said.facts[n];
        }
        i = close;
    }
    return out;
}

}  // namespace justera::report
