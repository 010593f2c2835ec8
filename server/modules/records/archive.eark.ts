import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { localDateTime } from '../../common/time-zones.js';
import { derivedId } from './record.casefile.js';
import { RecordDirection } from './record.entity.js';
import { RECORD_WORDS } from './record.words.js';
import {
  contentFile,
  madeFile,
  xmlSafe,
  type ArchiveInput,
  type ArchivePackage,
  type AuthorityRecord,
  type PackageFile,
} from './archive.model.js';

/**
 * An E-ARK submission information package (CSIP 2.2 and SIP 2.2 METS profiles) of one authority's
 * part of one case, the structure FGS Paketstruktur builds on:
 *
 *   METS.xml                           package METS: agents, the ERMS and PREMIS files, schemas, documentation, rep1
 *   metadata/descriptive/erms.xml      the case in CITS ERMS 3 (the E-ARK counterpart of FGS Ärendehantering)
 *   metadata/preservation/premis.xml   PREMIS 3: every data file with its SHA-256 and size, creation and deletion events
 *   representations/rep1/METS.xml      the representation: every data file with its checksum
 *   representations/rep1/data/...      the records' contents, every version
 *   schemas/                           the schemas the XML files use
 *   documentation/package.md           what the package holds, and which FGS rules could not be checked
 *
 * Riksarkivet's own FGS extension schemas are not available here, so the package uses the E-ARK
 * (DILCIS) namespaces and vocabularies, not FGS's `ext:` attributes (README: Public records).
 */

const NS = {
  mets: 'http://www.loc.gov/METS/',
  csip: 'https://DILCIS.eu/XML/METS/CSIPExtensionMETS',
  sip: 'https://DILCIS.eu/XML/METS/SIPExtensionMETS',
  xlink: 'http://www.w3.org/1999/xlink',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  premis: 'http://www.loc.gov/premis/v3',
  erms: 'https://DILCIS.eu/XML/ERMS',
};

/** The schema files a package carries (in schemas/), and where each is in the shared reference data. */
export const EARK_SCHEMAS: Record<string, string> = {
  'mets.xsd': 'e-ark/mets/mets.xsd',
  'xlink.xsd': 'e-ark/xlink/xlink.xsd',
  'DILCISExtensionMETS.xsd': 'e-ark/csip/schema/DILCISExtensionMETS.xsd',
  'DILCISExtensionSIPMETS.xsd': 'e-ark/sip/schema/DILCISExtensionSIPMETS.xsd',
  'premis-v3-0.xsd': 'e-ark/premis/premis-v3-0.xsd',
  'ERMS_v3.xsd': 'e-ark/erms/schema/ERMS_v3.xsd',
};

const SIP_PROFILE = 'https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml';
const SOFTWARE = 'Samverka';
const SOFTWARE_VERSION = '0.1.0';
const REP = 'representations/rep1';

type Node = XMLBuilder;

function leaf(parent: Node, name: string, value: string | number | null | undefined, attrs = {}): Node {
  if (value === null || value === undefined || value === '') return parent;
  return parent
    .ele(name, attrs)
    .txt(xmlSafe(String(value)))
    .up();
}

const xml = (root: Node) => Buffer.from(root.end({ prettyPrint: true }), 'utf8');
/** XML IDs are NCNames: a UUID (which may start with a digit) gets a prefix. */
const xmlId = (prefix: string, id: string) => `${prefix}-${id}`;
const schemaLocation = (base: string) =>
  [
    `${NS.mets} ${base}mets.xsd`,
    `${NS.xlink} ${base}xlink.xsd`,
    `${NS.csip} ${base}DILCISExtensionMETS.xsd`,
    `${NS.sip} ${base}DILCISExtensionSIPMETS.xsd`,
  ].join(' ');

const DIRECTION: Record<RecordDirection, string> = {
  RECEIVED: 'incoming',
  SENT: 'outgoing',
  INTERNAL: 'internal_memo_without_follow-up',
};

export function earkPackage(input: ArchiveInput): ArchivePackage {
  const { caseFile, authority, exportedAt } = input;
  const root = `uuid-${derivedId('eark', authority.id, caseFile.id, exportedAt.toISOString())}`;
  const at = exportedAt.toISOString();
  const data: PackageFile[] = [];
  for (const r of input.records) for (const c of r.record.contents) data.push(contentFile(`${REP}/data`, c));

  const erms = madeFile('metadata/descriptive/erms.xml', ermsXml(input), 'application/xml', exportedAt);
  const premis = madeFile('metadata/preservation/premis.xml', premisXml(input, root), 'application/xml', exportedAt);
  const documentation = madeFile(
    'documentation/package.md',
    Buffer.from(documentationText(input, root), 'utf8'),
    'text/markdown',
    exportedAt,
  );
  const schemas = Object.keys(EARK_SCHEMAS).map((name) =>
    madeFile(`schemas/${name}`, input.schemas.get(name)!, 'application/xml', exportedAt),
  );

  // ---- the representation's METS: its data files ----
  const { mets: rep } = metsRoot(`${root}-rep1`, `${caseFile.title} (rep1)`, '../../schemas/', at);
  const repFiles = rep.ele('fileSec', { ID: 'ID-filesec-rep1' }).ele('fileGrp', { ID: 'ID-filegrp-data', USE: 'Data' });
  for (const f of data) fileEntry(repFiles, f, f.path.slice(REP.length + 1));
  const repDiv = rep
    .ele('structMap', { ID: 'ID-structmap-rep1', TYPE: 'PHYSICAL', LABEL: 'CSIP' })
    .ele('div', { ID: 'ID-div-rep1', LABEL: `${root}-rep1` });
  repDiv.ele('div', { ID: 'ID-div-rep1-data', LABEL: 'Data' }).ele('fptr', { FILEID: 'ID-filegrp-data' });
  const repMets = madeFile(`${REP}/METS.xml`, xml(rep), 'application/xml', exportedAt);

  // ---- the package's METS ----
  const { mets, hdr } = metsRoot(root, caseFile.title, 'schemas/', at);
  const archivist = hdr.ele('agent', { ROLE: 'ARCHIVIST', TYPE: 'ORGANIZATION' });
  leaf(archivist, 'name', authority.name);
  leaf(archivist, 'note', authority.organisationNumber, { 'csip:NOTETYPE': 'IDENTIFICATIONCODE' });
  const submitter = hdr.ele('agent', { ROLE: 'CREATOR', TYPE: 'ORGANIZATION' });
  leaf(submitter, 'name', authority.name);
  leaf(submitter, 'note', authority.organisationNumber, { 'csip:NOTETYPE': 'IDENTIFICATIONCODE' });
  leaf(hdr, 'altRecordID', `${input.caseNumber.year}/${input.caseNumber.sequence}`, { TYPE: 'REFERENCECODE' });
  const ref = (parent: Node, f: PackageFile, mdType: Record<string, string>) =>
    parent.ele('mdRef', {
      LOCTYPE: 'URL',
      'xlink:type': 'simple',
      'xlink:href': f.path,
      ...mdType,
      MIMETYPE: f.mediaType,
      SIZE: String(f.size),
      CREATED: f.createdAt.toISOString(),
      CHECKSUM: f.sha256,
      CHECKSUMTYPE: 'SHA-256',
    });
  ref(mets.ele('dmdSec', { ID: 'ID-dmd-erms', CREATED: at, STATUS: 'CURRENT' }), erms, {
    MDTYPE: 'OTHER',
    OTHERMDTYPE: 'ERMS',
    MDTYPEVERSION: '3.0',
  });
  ref(mets.ele('amdSec', { ID: 'ID-amd' }).ele('digiprovMD', { ID: 'ID-digiprov-premis', STATUS: 'CURRENT' }), premis, {
    MDTYPE: 'PREMIS',
    MDTYPEVERSION: '3.0',
  });
  const fileSec = mets.ele('fileSec', { ID: 'ID-filesec' });
  const docs = fileSec.ele('fileGrp', { ID: 'ID-filegrp-documentation', USE: 'Documentation' });
  fileEntry(docs, documentation, documentation.path);
  const schemaGroup = fileSec.ele('fileGrp', { ID: 'ID-filegrp-schemas', USE: 'Schemas' });
  for (const s of schemas) fileEntry(schemaGroup, s, s.path);
  const repGroup = fileSec.ele('fileGrp', {
    ID: 'ID-filegrp-rep1',
    USE: 'Representations/rep1',
    'csip:CONTENTINFORMATIONTYPE': 'citserms_v3_0',
  });
  fileEntry(repGroup, repMets, repMets.path);
  const div = mets
    .ele('structMap', { ID: 'ID-structmap', TYPE: 'PHYSICAL', LABEL: 'CSIP' })
    .ele('div', { ID: 'ID-div-root', LABEL: root });
  div.ele('div', { ID: 'ID-div-metadata', LABEL: 'Metadata', DMDID: 'ID-dmd-erms', ADMID: 'ID-digiprov-premis' });
  div
    .ele('div', { ID: 'ID-div-documentation', LABEL: 'Documentation' })
    .ele('fptr', { FILEID: 'ID-filegrp-documentation' });
  div.ele('div', { ID: 'ID-div-schemas', LABEL: 'Schemas' }).ele('fptr', { FILEID: 'ID-filegrp-schemas' });
  const repDivision = div.ele('div', { ID: 'ID-div-rep1', LABEL: 'Representations/rep1' });
  repDivision.ele('mptr', {
    LOCTYPE: 'URL',
    'xlink:type': 'simple',
    'xlink:href': repMets.path,
    'xlink:title': 'rep1',
  });
  repDivision.ele('fptr', { FILEID: 'ID-filegrp-rep1' });

  const packageMets = madeFile('METS.xml', xml(mets), 'application/xml', exportedAt);
  return {
    format: 'eark',
    root,
    files: [packageMets, erms, premis, documentation, ...schemas, repMets, ...dedupe(data)],
  };
}

const dedupe = (files: PackageFile[]) => [...new Map(files.map((f) => [f.path, f])).values()];

/** A METS root with its header and the creating software (CSIP1-16, SIP2, SIP4). */
function metsRoot(objId: string, label: string, schemas: string, at: string): { mets: Node; hdr: Node } {
  const mets = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.mets, 'mets', {
    'xmlns:csip': NS.csip,
    'xmlns:sip': NS.sip,
    'xmlns:xlink': NS.xlink,
    'xmlns:xsi': NS.xsi,
    'xsi:schemaLocation': schemaLocation(schemas),
    OBJID: objId,
    LABEL: xmlSafe(label),
    TYPE: 'Mixed',
    'csip:CONTENTINFORMATIONTYPE': 'citserms_v3_0',
    PROFILE: SIP_PROFILE,
  });
  const hdr = mets.ele('metsHdr', { CREATEDATE: at, RECORDSTATUS: 'NEW', 'csip:OAISPACKAGETYPE': 'SIP' });
  const software = hdr.ele('agent', { ROLE: 'CREATOR', TYPE: 'OTHER', OTHERTYPE: 'SOFTWARE' });
  leaf(software, 'name', SOFTWARE);
  leaf(software, 'note', SOFTWARE_VERSION, { 'csip:NOTETYPE': 'SOFTWARE VERSION' });
  return { mets, hdr };
}

/** A file with its size, time and SHA-256 (CSIP66-79), at `href` relative to the METS that lists it. */
function fileEntry(group: Node, f: PackageFile, href: string): void {
  group
    .ele('file', {
      ID: xmlId('ID', f.path.replace(/[^A-Za-z0-9._-]/g, '_')),
      MIMETYPE: f.mediaType,
      SIZE: String(f.size),
      CREATED: f.createdAt.toISOString(),
      CHECKSUM: f.sha256,
      CHECKSUMTYPE: 'SHA-256',
    })
    .ele('FLocat', { LOCTYPE: 'URL', 'xlink:type': 'simple', 'xlink:href': href });
}

/** The case in CITS ERMS 3: one caseFile aggregation with a record per record the authority took part in. */
function ermsXml(input: ArchiveInput): Buffer {
  const { caseFile, authority, exportedAt } = input;
  const words = RECORD_WORDS[input.locale];
  const caseNumber = `${input.caseNumber.year}/${input.caseNumber.sequence}`;
  const erms = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.erms, 'erms', {
    'xmlns:xsi': NS.xsi,
    'xsi:schemaLocation': `${NS.erms} ../../schemas/ERMS_v3.xsd`,
  });
  const control = erms.ele('control');
  leaf(control, 'identification', SOFTWARE, { identificationType: 'system' });
  const maintenance = control.ele('maintenanceInformation');
  maintenance.ele('maintenanceStatus', { value: 'new' });
  const agency = maintenance.ele('maintenanceAgency');
  leaf(agency, 'agencyCode', authority.organisationNumber, { type: 'organisationNumber' });
  leaf(agency, 'agencyName', authority.name);
  const event = maintenance.ele('maintenanceHistory').ele('maintenanceEvent');
  event.ele('eventType', { value: 'created' });
  leaf(event, 'eventDateTime', exportedAt.toISOString());
  leaf(event.ele('agent', { agentType: 'creator' }), 'name', SOFTWARE);

  const aggregation = erms
    .ele('aggregations')
    .ele('aggregation', { systemIdentifier: caseFile.id, aggregationType: 'caseFile' });
  leaf(aggregation, 'objectId', caseNumber);
  leaf(aggregation, 'extraId', caseFile.id, { extraIdType: 'samverka' });
  leaf(aggregation, 'title', caseFile.title);
  aggregation.ele('status', { value: caseFile.closedAt ? 'closed' : 'in_progress' });
  const owner = aggregation.ele('agents').ele('agent', { agentType: 'owner' });
  leaf(owner, 'name', authority.name);
  leaf(owner, 'idNumber', authority.organisationNumber, { idNumberType: 'organisationNumber' });
  leaf(aggregation, 'description', `${caseFile.groupName}: ${caseFile.description}`);
  const dates = aggregation.ele('dates');
  leaf(dates, 'date', caseFile.createdAt.toISOString(), { dateType: 'created' });
  if (caseFile.closedAt) leaf(dates, 'date', caseFile.closedAt.toISOString(), { dateType: 'closed' });

  for (const r of input.records) record(aggregation, r, input, words, caseNumber);
  return xml(erms);
}

function record(
  parent: Node,
  r: AuthorityRecord,
  input: ArchiveInput,
  words: (typeof RECORD_WORDS)['en'],
  caseNumber: string,
): void {
  const { record: rec, mark, direction } = r;
  const el = parent.ele('record', {
    systemIdentifier: rec.id,
    recordType: rec.kind,
    recordPhysicalOrDigital: 'digital',
  });
  leaf(el, 'objectId', mark ? `${caseNumber}-${mark.casePosition}` : rec.id);
  if (mark) leaf(el, 'extraId', `${mark.journalYear}/${mark.journalSequence}`, { extraIdType: 'journalNumber' });
  leaf(el, 'title', rec.title);
  // Received, or sent (expedited); an internal record was neither.
  if (direction !== RecordDirection.INTERNAL) {
    el.ele('status', { value: direction === RecordDirection.RECEIVED ? 'received' : 'expedited' });
  }
  if (mark?.classification === 'EXEMPT') {
    const restriction = el.ele('restriction', { restrictionType: 'confidential' });
    leaf(restriction, 'explanatoryText', r.legalBasis?.description);
    leaf(restriction, 'regulation', r.legalBasis?.reference ?? mark.legalBasis);
  }
  el.ele('direction', { directionDefinition: DIRECTION[direction] });
  const agents = el.ele('agents');
  const agent = (type: string, name: string, organisation?: string) => {
    const a = agents.ele('agent', { agentType: type });
    leaf(a, 'name', name);
    leaf(a, 'organisation', organisation);
  };
  agent('sender', rec.author || rec.origin.name, rec.origin.name);
  if (direction === RecordDirection.RECEIVED) agent('receiver', input.authority.name, input.authority.name);
  else {
    for (const id of rec.recipients) {
      const name = input.caseFile.authorities.get(id)?.name ?? id;
      agent('receiver', name, name);
    }
    if (rec.external) agent('receiver', rec.external);
  }
  leaf(el, 'description', rec.description);
  const dates = el.ele('dates');
  leaf(dates, 'date', rec.createdAt.toISOString(), { dateType: 'created' });
  leaf(dates, 'date', rec.createdAt.toISOString(), {
    dateType:
      direction === RecordDirection.RECEIVED ? 'received' : direction === RecordDirection.SENT ? 'sent' : 'originated',
  });
  if (mark) leaf(dates, 'date', mark.createdAt.toISOString(), { dateType: 'captured' });
  if (rec.deleted) leaf(dates, 'date', rec.deleted.at.toISOString(), { dateType: 'deleted' });
  if (rec.deleted) {
    leaf(
      el.ele('notes'),
      'note',
      `${words.label.deleted} ${localDateTime(rec.deleted.at, input.timeZone)} ${words.label.by} ${rec.deleted.by}`,
      { noteType: 'deleted', noteDate: rec.deleted.at.toISOString() },
    );
  }
  const extra = el.ele('additionalInformation');
  for (const c of rec.contents) {
    extra.ele('appendix', {
      name: `${words.journal.version} ${c.version}`,
      path: `${REP}/data/${c.id}.${c.extension}`,
      fileFormat: c.mediaType,
    });
  }
}

/** PREMIS 3: each data file with its fixity, the records' creation and deletion, and the agents. */
function premisXml(input: ArchiveInput, root: string): Buffer {
  const premis = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.premis, 'premis', {
    'xmlns:xsi': NS.xsi,
    'xsi:schemaLocation': `${NS.premis} ../../schemas/premis-v3-0.xsd`,
    version: '3.0',
  });
  const software = { type: 'local', value: SOFTWARE };
  const authority = { type: 'organisationNumber', value: input.authority.organisationNumber };
  const events: { id: string; type: string; at: Date; detail: string; object: string; agent: typeof software }[] = [];
  for (const r of input.records) {
    for (const c of r.record.contents) {
      const o = premis.ele('object', { 'xsi:type': 'file' });
      const oid = o.ele('objectIdentifier');
      leaf(oid, 'objectIdentifierType', 'UUID');
      leaf(oid, 'objectIdentifierValue', c.id);
      const ch = o.ele('objectCharacteristics');
      leaf(ch, 'compositionLevel', 0);
      const fixity = ch.ele('fixity');
      leaf(fixity, 'messageDigestAlgorithm', 'SHA-256');
      leaf(fixity, 'messageDigest', c.sha256);
      leaf(fixity, 'messageDigestOriginator', SOFTWARE);
      leaf(ch, 'size', c.size);
      leaf(ch.ele('format').ele('formatDesignation'), 'formatName', c.mediaType);
      leaf(o, 'originalName', c.originalName ?? `${REP}/data/${c.id}.${c.extension}`);
      const created = derivedId(root, c.id, 'creation');
      events.push({
        id: created,
        type: 'creation',
        at: c.createdAt,
        detail: c.createdBy,
        object: c.id,
        agent: software,
      });
      const link = o.ele('linkingEventIdentifier');
      leaf(link, 'linkingEventIdentifierType', 'UUID');
      leaf(link, 'linkingEventIdentifierValue', created);
    }
    if (r.record.deleted && r.record.contents.length) {
      const last = r.record.contents[r.record.contents.length - 1];
      events.push({
        id: derivedId(root, r.record.id, 'deletion'),
        type: 'deletion',
        at: r.record.deleted.at,
        detail: `${r.record.deleted.by}: withdrawn in ${SOFTWARE}; the text is kept as sent`,
        object: last.id,
        agent: software,
      });
    }
  }
  for (const e of events) {
    const ev = premis.ele('event');
    const id = ev.ele('eventIdentifier');
    leaf(id, 'eventIdentifierType', 'UUID');
    leaf(id, 'eventIdentifierValue', e.id);
    leaf(ev, 'eventType', e.type);
    leaf(ev, 'eventDateTime', e.at.toISOString());
    if (e.detail) leaf(ev.ele('eventDetailInformation'), 'eventDetail', e.detail);
    leaf(ev.ele('eventOutcomeInformation'), 'eventOutcome', 'success');
    const agent = ev.ele('linkingAgentIdentifier');
    leaf(agent, 'linkingAgentIdentifierType', e.agent.type);
    leaf(agent, 'linkingAgentIdentifierValue', e.agent.value);
    const object = ev.ele('linkingObjectIdentifier');
    leaf(object, 'linkingObjectIdentifierType', 'UUID');
    leaf(object, 'linkingObjectIdentifierValue', e.object);
  }
  for (const [a, name, type] of [
    [software, SOFTWARE, 'software'],
    [authority, input.authority.name, 'organization'],
  ] as const) {
    const agent = premis.ele('agent');
    const id = agent.ele('agentIdentifier');
    leaf(id, 'agentIdentifierType', a.type);
    leaf(id, 'agentIdentifierValue', a.value);
    leaf(agent, 'agentName', name);
    leaf(agent, 'agentType', type);
  }
  return xml(premis);
}

function documentationText(input: ArchiveInput, root: string): string {
  const { caseFile, authority } = input;
  const counts = new Map<string, number>();
  for (const r of input.records) counts.set(r.direction, (counts.get(r.direction) ?? 0) + 1);
  return [
    `# ${caseFile.title}`,
    '',
    `E-ARK SIP ${root}, made by ${SOFTWARE} ${SOFTWARE_VERSION} on ${input.exportedAt.toISOString()} for ${authority.name} (${authority.organisationNumber}).`,
    '',
    `Case ${input.caseNumber.year}/${input.caseNumber.sequence} (${caseFile.groupName}). Records: ${input.records.length}` +
      ` (received ${counts.get('RECEIVED') ?? 0}, sent ${counts.get('SENT') ?? 0}, internal ${counts.get('INTERNAL') ?? 0});` +
      ` marked for the authority's diary: ${input.records.filter((r) => r.mark).length}.`,
    '',
    'The package holds only what this authority sent, received or made internally in the case; a deleted message',
    'is kept with its text and the deletion recorded (ERMS note and date `deleted`, PREMIS event `deletion`).',
    '',
    'Structure: E-ARK CSIP 2.2 and SIP 2.2 METS profiles; the case in CITS ERMS 3.0 (metadata/descriptive/erms.xml);',
    'PREMIS 3.0 (metadata/preservation/premis.xml). Checksums are SHA-256.',
    '',
    "Not checked: Riksarkivet's FGS Paketstruktur and FGS Ärendehantering extension schemas (CSPackageMETS.xsd,",
    'Arendehantering.xsd) were not available; the package uses the E-ARK (DILCIS) namespaces and vocabularies instead.',
    '',
  ].join('\n');
}
