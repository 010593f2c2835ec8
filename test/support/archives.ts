import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fontoxpath from 'fontoxpath';
import { Schema } from 'node-schematron';
import { parseXmlDocument, type Document, type Node } from 'slimdom';
import { validateXML } from 'xmllint-wasm';
import yauzl from 'yauzl';
import { sharedPath } from './shared.js';

/**
 * Reading archive packages back and checking them against the official schemas in ../shared
 * (noark5/ and e-ark/, see their READMEs) with xmllint (libxml2 in WebAssembly), and every file
 * against the checksum its package states.
 */

export type Files = Map<string, Buffer>;

/** Every file of a zip by its path inside the package's root folder (which must be the only top-level entry). */
export async function unzip(body: Buffer): Promise<{ root: string; files: Files }> {
  const zip = await yauzl.fromBufferPromise(body, { lazyEntries: true });
  const files: Files = new Map();
  const roots = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          const [root, ...rest] = entry.fileName.split('/');
          roots.add(root);
          files.set(rest.join('/'), Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  if (roots.size !== 1) throw new Error(`expected one root folder, got ${[...roots].join(', ')}`);
  return { root: [...roots][0], files };
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// ---- XML queries ----

export const NS: Record<string, string> = {
  n5: 'http://www.arkivverket.no/standarder/noark5/arkivstruktur',
  lj: 'http://www.arkivverket.no/standarder/noark5/loependeJournal',
  oj: 'http://www.arkivverket.no/standarder/noark5/offentligJournal',
  el: 'http://www.arkivverket.no/standarder/noark5/endringslogg',
  addml: 'http://www.arkivverket.no/standarder/addml',
  mets: 'http://www.loc.gov/METS/',
  xlink: 'http://www.w3.org/1999/xlink',
  premis: 'http://www.loc.gov/premis/v3',
  erms: 'https://DILCIS.eu/XML/ERMS',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};
const options = { namespaceResolver: (p: string) => NS[p] ?? null };

export const parse = (xml: Buffer | string): Document => parseXmlDocument(xml.toString());
export const nodes = (ctx: Node, xpath: string) =>
  fontoxpath.evaluateXPathToNodes(xpath, ctx, null, {}, options) as Node[];
export const strings = (ctx: Node, xpath: string) => fontoxpath.evaluateXPathToStrings(xpath, ctx, null, {}, options);
export const string = (ctx: Node, xpath: string) => fontoxpath.evaluateXPathToString(xpath, ctx, null, {}, options);

// ---- schemas ----

const file = (dir: string, name: string, as = name) => ({
  fileName: as,
  contents: readFileSync(path.join(dir, name), 'utf8'),
});

async function xsd(
  xml: Buffer,
  fileName: string,
  schema: { fileName: string; contents: string },
  preload: { fileName: string; contents: string }[],
) {
  const result = await validateXML({
    xml: [{ fileName, contents: xml.toString('utf8') }],
    schema: [schema],
    preload,
    maxMemoryPages: 16 * 1024,
    // Offline only: a schema that reached for the network would fail, never pass by luck.
    modifyArguments: (args) => ['--nonet', ...args],
  });
  return result.valid ? [] : result.errors.map((e) => `${fileName}: ${e.rawMessage}`);
}

const NOARK = sharedPath('noark5');
const NOARK_FILES: Record<string, string> = {
  'arkivstruktur.xml': 'arkivstruktur.xsd',
  'loependeJournal.xml': 'loependeJournal.xsd',
  'offentligJournal.xml': 'offentligJournal.xsd',
  'endringslogg.xml': 'endringslogg.xsd',
  'arkivuttrekk.xml': 'addml.xsd',
};

/** Schema errors of a Noark 5 extract's XML files (each against its schema in ../shared/noark5). */
export async function noarkErrors(files: Files): Promise<string[]> {
  const errors: string[] = [];
  for (const [name, schema] of Object.entries(NOARK_FILES)) {
    const xml = files.get(name);
    if (!xml) continue;
    errors.push(...(await xsd(xml, name, file(NOARK, schema), [file(NOARK, 'metadatakatalog.xsd')])));
  }
  return errors;
}

const EARK = sharedPath('e-ark');

/**
 * The XML catalog of ../shared/e-ark/README.md: mets.xsd imports XLink by its absolute URL, which
 * the catalog maps to the local copy. xmllint-wasm has no catalog support (no XML_CATALOG_FILES,
 * no --catalogs), so the mapping is applied here, the way libxml2 applies it: every schemaLocation
 * that is a catalogued systemId is read from the catalogued file.
 */
export const EARK_CATALOG = `<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="http://www.loc.gov/standards/xlink/xlink.xsd" uri="file://${EARK}/xlink/xlink.xsd"/>
  <uri name="http://www.loc.gov/standards/xlink/xlink.xsd" uri="file://${EARK}/xlink/xlink.xsd"/>
</catalog>`;

function catalogued(name: string): { fileName: string; contents: string } {
  const entries = strings(parse(EARK_CATALOG), '//*:system/(@systemId || " " || @uri)').map((e) => e.split(' '));
  let contents = readFileSync(path.join(EARK, name), 'utf8');
  for (const [systemId, uri] of entries) {
    const local = path.relative(path.dirname(path.join(EARK, name)), uri.replace(/^file:\/\//, ''));
    contents = contents.split(`schemaLocation="${systemId}"`).join(`schemaLocation="${local}"`);
  }
  return { fileName: name, contents };
}

/** The driver schema the README suggests: METS with the CSIP and SIP extension attributes checked. */
const DRIVER = {
  fileName: 'eark-driver.xsd',
  contents: `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:samverka:test:eark-driver">
  <xs:import namespace="http://www.loc.gov/METS/" schemaLocation="mets/mets.xsd"/>
  <xs:import namespace="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" schemaLocation="csip/schema/DILCISExtensionMETS.xsd"/>
  <xs:import namespace="https://DILCIS.eu/XML/METS/SIPExtensionMETS" schemaLocation="sip/schema/DILCISExtensionSIPMETS.xsd"/>
</xs:schema>`,
};

/** Schema errors of an E-ARK SIP: both METS files, the PREMIS and the ERMS file; and the ERMS Schematron's failures. */
export async function earkErrors(files: Files): Promise<string[]> {
  const mets = [
    'mets/mets.xsd',
    'xlink/xlink.xsd',
    'csip/schema/DILCISExtensionMETS.xsd',
    'sip/schema/DILCISExtensionSIPMETS.xsd',
  ].map(catalogued);
  const errors: string[] = [];
  for (const name of ['METS.xml', 'representations/rep1/METS.xml']) {
    errors.push(...(await xsd(files.get(name)!, name, DRIVER, mets)));
  }
  errors.push(
    ...(await xsd(
      files.get('metadata/preservation/premis.xml')!,
      'premis.xml',
      file(EARK, 'premis/premis-v3-0.xsd', 'premis.xsd'),
      [],
    )),
    ...(await xsd(
      files.get('metadata/descriptive/erms.xml')!,
      'erms.xml',
      file(EARK, 'erms/schema/ERMS_v3.xsd', 'erms.xsd'),
      [],
    )),
  );
  errors.push(...ermsSchematron(files.get('metadata/descriptive/erms.xml')!).map((f) => `erms.xml schematron: ${f}`));
  return errors;
}

/**
 * The CITS ERMS Schematron (erms_v3.sch: co-occurrence rules, XPath 1 tests although it says xslt2)
 * run with fontoxpath: node-schematron reads the rules, but its own validator cannot word a failure
 * (the messages hold <emph>), so it could never report one. Schematron's semantics: each rule's
 * context is a pattern matched anywhere; within a pattern a node is checked by the first rule that
 * matches it. Returns the failed asserts' tests.
 */
export function ermsSchematron(xml: Buffer): string[] {
  const schema = Schema.fromString(readFileSync(path.join(EARK, 'erms/schema/erms_v3.sch'), 'utf8'));
  const namespaces = Object.fromEntries(schema.namespaces.map((n) => [n.prefix, n.uri]));
  const o = { namespaceResolver: (p: string) => namespaces[p] ?? null };
  const doc = parse(xml);
  const failed: string[] = [];
  for (const pattern of schema.patterns) {
    const checked = new Set<Node>();
    for (const rule of pattern.rules) {
      const match = rule.context.startsWith('/') ? rule.context : `//${rule.context}`;
      for (const node of fontoxpath.evaluateXPathToNodes(match, doc, null, {}, o) as Node[]) {
        if (checked.has(node)) continue;
        checked.add(node);
        for (const a of rule.asserts) {
          if (fontoxpath.evaluateXPathToBoolean(a.test, node, null, {}, o) === a.isReport)
            failed.push(`${rule.context}: ${a.test}`);
        }
      }
    }
  }
  return failed;
}

/** How many rules and asserts the ERMS Schematron has (so a test can tell it ran something). */
export function ermsSchematronSize(): { rules: number; asserts: number } {
  const schema = Schema.fromString(readFileSync(path.join(EARK, 'erms/schema/erms_v3.sch'), 'utf8'));
  const rules = schema.patterns.flatMap((p) => p.rules);
  return { rules: rules.length, asserts: rules.reduce((n, r) => n + r.asserts.length, 0) };
}

/** Whether the package's copy of each schema is byte for byte the official one. */
export function schemaCopies(files: Files, copies: Record<string, string>): string[] {
  return Object.entries(copies).flatMap(([inPackage, official]) => {
    const copy = files.get(inPackage);
    return copy && sha256(copy) === sha256(readFileSync(sharedPath(official)))
      ? []
      : [`${inPackage} differs from ${official}`];
  });
}

// ---- checksums ----

export interface Stated {
  path: string;
  size: number | null;
  sha256: string;
}

/** What the stated checksums say against the files: a line per mismatch or missing file. */
export function checksumProblems(files: Files, stated: Stated[]): string[] {
  return stated.flatMap((s) => {
    const f = files.get(s.path);
    if (!f) return [`${s.path}: missing`];
    const problems: string[] = [];
    if (sha256(f) !== s.sha256.toLowerCase()) problems.push(`${s.path}: SHA-256 ${sha256(f)}, stated ${s.sha256}`);
    if (s.size !== null && f.length !== s.size) problems.push(`${s.path}: ${f.length} bytes, stated ${s.size}`);
    return problems;
  });
}

/** Every checksum a Noark 5 extract states: each dokumentobjekt's file, and each XML and schema file in arkivuttrekk.xml. */
export function noarkStated(files: Files): Stated[] {
  const arkiv = parse(files.get('arkivstruktur.xml')!);
  const objects = nodes(arkiv, '//n5:dokumentobjekt').map((o) => ({
    path: string(o, 'n5:referanseDokumentfil'),
    size: Number(string(o, 'n5:filstoerrelse')),
    sha256: string(o, 'n5:sjekksum'),
  }));
  const addml = parse(files.get('arkivuttrekk.xml')!);
  const listed = nodes(addml, '//addml:property[@name = "file"]').map((f) => ({
    path: string(f, 'addml:properties/addml:property[@name = "name"]/addml:value'),
    size: null,
    sha256: string(f, './/addml:property[@name = "checksum"]//addml:property[@name = "value"]/addml:value'),
  }));
  return [...objects, ...listed];
}

/** Every checksum an E-ARK SIP states: METS files and metadata references (both METS files) and PREMIS fixity. */
export function earkStated(files: Files): Stated[] {
  const fromMets = (name: string, base: string) =>
    nodes(parse(files.get(name)!), '//mets:file | //mets:mdRef').map((f) => {
      const href = string(f, 'if (self::mets:file) then mets:FLocat/@xlink:href else @xlink:href');
      return { path: path.posix.join(base, href), size: Number(string(f, '@SIZE')), sha256: string(f, '@CHECKSUM') };
    });
  const premis = parse(files.get('metadata/preservation/premis.xml')!);
  const fixity = nodes(premis, '//premis:object').map((o) => {
    const prefix = `representations/rep1/data/${string(o, 'premis:objectIdentifier/premis:objectIdentifierValue')}.`;
    return {
      path: [...files.keys()].find((p) => p.startsWith(prefix)) ?? `${prefix}(missing)`,
      size: Number(string(o, 'premis:objectCharacteristics/premis:size')),
      sha256: string(o, 'premis:objectCharacteristics/premis:fixity/premis:messageDigest'),
    };
  });
  return [...fromMets('METS.xml', ''), ...fromMets('representations/rep1/METS.xml', 'representations/rep1'), ...fixity];
}
