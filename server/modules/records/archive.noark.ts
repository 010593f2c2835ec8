import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { localDate, localDateTime } from '../../common/time-zones.js';
import { CaseScope, RecordDirection } from './record.entity.js';
import { derivedId } from './record.casefile.js';
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
 * A Noark 5 archive extract (arkivuttrekk, Noark 5 v5.0 / 5.5 schemas) of one authority's part of
 * one case: arkivstruktur.xml (arkiv > arkivdel > klassifikasjonssystem > klasse > saksmappe >
 * registreringer > dokumentbeskrivelse > dokumentobjekt, every version with its file, size and
 * SHA-256), the running and the public journal, the change log, arkivuttrekk.xml (ADDML 8.3) naming
 * every XML file, its schema and their checksums, the schemas themselves, and dokumenter/.
 *
 * A record the authority marked is a journalpost with its journal number, type (incoming, outgoing,
 * internal), status and access restriction; one it did not mark is a plain registrering (Noark 5.0
 * merged basisregistrering into it): it is kept, but not journalled. The journals and the change log
 * need at least one entry (their schemas say so), so a file with nothing to say is left out, and
 * arkivuttrekk.xml lists only the files present.
 */

const NS = {
  arkivstruktur: 'http://www.arkivverket.no/standarder/noark5/arkivstruktur',
  loependeJournal: 'http://www.arkivverket.no/standarder/noark5/loependeJournal',
  offentligJournal: 'http://www.arkivverket.no/standarder/noark5/offentligJournal',
  endringslogg: 'http://www.arkivverket.no/standarder/noark5/endringslogg',
  addml: 'http://www.arkivverket.no/standarder/addml',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};

/** The schema files an extract carries, and which of them validates which XML file. */
export const NOARK_SCHEMAS = [
  'arkivstruktur.xsd',
  'metadatakatalog.xsd',
  'loependeJournal.xsd',
  'offentligJournal.xsd',
  'endringslogg.xsd',
  'addml.xsd',
];

const SYSTEM = 'Samverka';
const JOURNALPOSTTYPE: Record<RecordDirection, string> = {
  RECEIVED: 'Inngående dokument',
  SENT: 'Utgående dokument',
  INTERNAL: 'Organinternt dokument uten oppfølging',
};

type Node = XMLBuilder;

/** Adds `<name>text</name>` unless the value is empty. */
function leaf(parent: Node, name: string, value: string | number | null | undefined): Node {
  if (value === null || value === undefined || value === '') return parent;
  return parent
    .ele(name)
    .txt(xmlSafe(String(value)))
    .up();
}

const xml = (root: Node) => Buffer.from(root.end({ prettyPrint: true }), 'utf8');

export function noarkPackage(input: ArchiveInput): ArchivePackage {
  const { caseFile, authority, records, exportedAt } = input;
  const words = RECORD_WORDS[input.locale];
  const tz = input.timeZone;
  const dateTime = (d: Date) => d.toISOString();
  const date = (d: Date) => localDate(d, tz);
  const created = caseFile.createdAt;
  const ended = caseFile.closedAt ?? exportedAt;
  const root = derivedId('noark5', authority.id, caseFile.id, exportedAt.toISOString());
  const files: PackageFile[] = [];
  const caseId = `${input.caseNumber.year}/${input.caseNumber.sequence}`;
  const ids = {
    arkiv: derivedId(authority.id, 'arkiv', caseFile.id),
    arkivdel: derivedId(authority.id, 'arkivdel', caseFile.id),
    klassifikasjonssystem: derivedId(authority.id, 'klassifikasjonssystem'),
    klasse: derivedId(authority.id, 'klasse', caseFile.scope),
    saksmappe: derivedId(authority.id, 'saksmappe', caseFile.id),
  };
  const exempt = (r: AuthorityRecord) => r.mark?.classification === 'EXEMPT';
  const publicTitle = (r: AuthorityRecord) => (exempt(r) ? `${words.kind[r.record.kind]} *****` : r.record.title);

  // ---- arkivstruktur.xml ----
  const arkiv = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.arkivstruktur, 'arkiv', {
    'xmlns:xsi': NS.xsi,
    'xsi:schemaLocation': `${NS.arkivstruktur} arkivstruktur.xsd`,
  });
  leaf(arkiv, 'systemID', ids.arkiv);
  leaf(arkiv, 'tittel', `${SYSTEM}: ${authority.name}`);
  leaf(arkiv, 'beskrivelse', `${caseFile.groupName}: ${caseFile.title}`);
  leaf(arkiv, 'arkivstatus', 'Avsluttet');
  leaf(arkiv, 'dokumentmedium', 'Elektronisk arkiv');
  leaf(arkiv, 'opprettetDato', dateTime(created));
  leaf(arkiv, 'opprettetAv', SYSTEM);
  leaf(arkiv, 'avsluttetDato', dateTime(ended));
  leaf(arkiv, 'avsluttetAv', SYSTEM);
  const skaper = arkiv.ele('arkivskaper');
  leaf(skaper, 'arkivskaperID', authority.organisationNumber);
  leaf(skaper, 'arkivskaperNavn', authority.name);
  const del = arkiv.ele('arkivdel');
  leaf(del, 'systemID', ids.arkivdel);
  leaf(del, 'tittel', `${SYSTEM}: ${caseFile.title}`);
  leaf(del, 'arkivdelstatus', 'Avsluttet periode');
  leaf(del, 'dokumentmedium', 'Elektronisk arkiv');
  leaf(del, 'opprettetDato', dateTime(created));
  leaf(del, 'opprettetAv', SYSTEM);
  leaf(del, 'avsluttetDato', dateTime(ended));
  leaf(del, 'avsluttetAv', SYSTEM);
  leaf(del, 'arkivperiodeStartDato', date(created));
  leaf(del, 'arkivperiodeSluttDato', date(ended));
  const system = del.ele('klassifikasjonssystem');
  leaf(system, 'systemID', ids.klassifikasjonssystem);
  leaf(system, 'klassifikasjonstype', 'Egendefinert');
  leaf(system, 'tittel', SYSTEM);
  leaf(system, 'opprettetDato', dateTime(created));
  leaf(system, 'opprettetAv', SYSTEM);
  const klasse = system.ele('klasse');
  leaf(klasse, 'systemID', ids.klasse);
  leaf(klasse, 'klasseID', caseFile.scope);
  leaf(klasse, 'tittel', caseFile.scope === CaseScope.PROCUREMENT ? 'Felles anskaffelser' : 'Innkjøpssamarbeid');
  leaf(klasse, 'opprettetDato', dateTime(created));
  leaf(klasse, 'opprettetAv', SYSTEM);
  const mappe = klasse.ele('mappe', { 'xsi:type': 'saksmappe' });
  leaf(mappe, 'systemID', ids.saksmappe);
  leaf(mappe, 'mappeID', caseId);
  leaf(mappe, 'tittel', caseFile.title);
  leaf(mappe, 'beskrivelse', caseFile.description);
  leaf(mappe, 'opprettetDato', dateTime(created));
  leaf(mappe, 'opprettetAv', SYSTEM);
  leaf(mappe, 'avsluttetDato', dateTime(ended));
  leaf(mappe, 'avsluttetAv', SYSTEM);

  records.forEach((r) => {
    const { record, mark } = r;
    const reg = mappe.ele('registrering', mark ? { 'xsi:type': 'journalpost' } : {});
    leaf(reg, 'systemID', record.id);
    leaf(reg, 'opprettetDato', dateTime(record.createdAt));
    leaf(reg, 'opprettetAv', record.author || record.origin.name);
    leaf(reg, 'arkivertDato', dateTime(mark?.createdAt ?? exportedAt));
    leaf(reg, 'arkivertAv', SYSTEM);
    if (mark && exempt(r)) {
      const s = reg.ele('skjerming');
      leaf(s, 'tilgangsrestriksjon', 'UO');
      leaf(s, 'skjermingshjemmel', r.legalBasis?.reference ?? mark.legalBasis);
      leaf(s, 'skjermingMetadata', 'tittel');
      leaf(s, 'skjermingDokument', 'Hele dokumentet');
    }
    const beskrivelse = reg.ele('dokumentbeskrivelse');
    leaf(beskrivelse, 'systemID', derivedId(record.id, 'dokumentbeskrivelse'));
    leaf(beskrivelse, 'dokumenttype', words.kind[record.kind]);
    leaf(beskrivelse, 'dokumentstatus', 'Dokumentet er ferdigstilt');
    leaf(beskrivelse, 'tittel', record.title);
    leaf(beskrivelse, 'beskrivelse', record.description);
    leaf(beskrivelse, 'forfatter', record.author);
    leaf(beskrivelse, 'opprettetDato', dateTime(record.createdAt));
    leaf(beskrivelse, 'opprettetAv', record.author || record.origin.name);
    leaf(beskrivelse, 'dokumentmedium', 'Elektronisk arkiv');
    leaf(beskrivelse, 'tilknyttetRegistreringSom', 'Hoveddokument');
    leaf(beskrivelse, 'dokumentnummer', 1);
    leaf(beskrivelse, 'tilknyttetDato', dateTime(record.createdAt));
    leaf(beskrivelse, 'tilknyttetAv', SYSTEM);
    for (const c of record.contents) {
      const file = contentFile('dokumenter', c);
      files.push(file);
      const obj = beskrivelse.ele('dokumentobjekt');
      leaf(obj, 'systemID', c.id);
      leaf(obj, 'versjonsnummer', c.version);
      leaf(obj, 'variantformat', 'Produksjonsformat');
      leaf(obj, 'format', c.mediaType);
      leaf(obj, 'formatDetaljer', c.originalName);
      leaf(obj, 'opprettetDato', dateTime(c.createdAt));
      leaf(obj, 'opprettetAv', c.createdBy || SYSTEM);
      leaf(obj, 'referanseDokumentfil', file.path);
      leaf(obj, 'sjekksum', c.sha256);
      leaf(obj, 'sjekksumAlgoritme', 'SHA-256');
      leaf(obj, 'filstoerrelse', c.size);
    }
    leaf(reg, 'tittel', record.title);
    leaf(reg, 'offentligTittel', publicTitle(r));
    leaf(reg, 'beskrivelse', record.description);
    leaf(reg, 'forfatter', record.author);
    leaf(reg, 'dokumentmedium', 'Elektronisk arkiv');
    if (record.deleted) {
      const m = reg.ele('merknad');
      leaf(
        m,
        'merknadstekst',
        `${words.label.deleted} ${localDateTime(record.deleted.at, tz)} ${words.label.by} ${record.deleted.by}`,
      );
      leaf(m, 'merknadstype', 'Slettet');
      leaf(m, 'merknadsdato', dateTime(record.deleted.at));
      leaf(m, 'merknadRegistrertAv', record.deleted.by || SYSTEM);
    }
    for (const p of counterparts(r, input)) {
      const k = reg.ele('korrespondansepart');
      leaf(k, 'korrespondanseparttype', p.type);
      leaf(k, 'korrespondansepartNavn', p.name);
    }
    if (mark) {
      leaf(reg, 'journalaar', mark.journalYear);
      leaf(reg, 'journalsekvensnummer', mark.journalSequence);
      leaf(reg, 'journalpostnummer', mark.casePosition);
      leaf(reg, 'journalposttype', JOURNALPOSTTYPE[r.direction]);
      leaf(reg, 'journalstatus', 'Journalført');
      leaf(reg, 'journaldato', date(mark.createdAt));
      leaf(reg, 'dokumentetsDato', date(record.createdAt));
      if (r.direction === RecordDirection.RECEIVED) leaf(reg, 'mottattDato', dateTime(record.createdAt));
      if (r.direction === RecordDirection.SENT) leaf(reg, 'sendtDato', dateTime(record.createdAt));
      leaf(reg, 'offentlighetsvurdertDato', date(mark.changedAt ?? mark.createdAt));
    }
  });
  leaf(mappe, 'saksaar', input.caseNumber.year);
  leaf(mappe, 'sakssekvensnummer', input.caseNumber.sequence);
  leaf(mappe, 'saksdato', date(created));
  leaf(mappe, 'administrativEnhet', authority.name);
  leaf(mappe, 'saksansvarlig', authority.name);
  leaf(mappe, 'saksstatus', caseFile.closedAt ? 'Avsluttet' : 'Under behandling');
  const made: PackageFile[] = [madeFile('arkivstruktur.xml', xml(arkiv), 'application/xml', exportedAt)];

  // ---- the journals: the records the authority marked, in journal order ----
  const journalled = records
    .filter((r) => r.mark)
    .sort((a, b) => a.mark!.journalYear - b.mark!.journalYear || a.mark!.journalSequence - b.mark!.journalSequence);
  if (journalled.length) {
    for (const kind of ['loependeJournal', 'offentligJournal'] as const) {
      const open = kind === 'offentligJournal';
      const j = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS[kind], kind, {
        'xmlns:xsi': NS.xsi,
        'xsi:schemaLocation': `${NS[kind]} ${kind}.xsd`,
      });
      const head = j.ele('journalhode');
      leaf(head, 'journalStartDato', date(journalled[0].mark!.createdAt));
      leaf(head, 'journalSluttDato', date(journalled[journalled.length - 1].mark!.createdAt));
      leaf(head, 'seleksjon', `${caseId} ${caseFile.title}`);
      leaf(head, 'antallJournalposter', journalled.length);
      const skaper = head.ele('arkivskaper');
      leaf(skaper, 'arkivskaperID', authority.organisationNumber);
      leaf(skaper, 'arkivskaperNavn', authority.name);
      for (const r of journalled) {
        const mark = r.mark!;
        const reg = j.ele('journalregistrering');
        const k = reg.ele('klasse');
        leaf(k, 'klasseID', caseFile.scope);
        leaf(k, 'tittel', caseFile.scope === CaseScope.PROCUREMENT ? 'Felles anskaffelser' : 'Innkjøpssamarbeid');
        const sak = reg.ele('saksmappe');
        leaf(sak, 'mappeID', caseId);
        leaf(sak, 'saksaar', input.caseNumber.year);
        leaf(sak, 'sakssekvensnummer', input.caseNumber.sequence);
        if (!open) leaf(sak, 'tittel', caseFile.title);
        leaf(sak, 'offentligTittel', caseFile.title);
        leaf(sak, 'administrativEnhet', authority.name);
        leaf(sak, 'saksansvarlig', authority.name);
        if (!open) leaf(sak, 'referanseArkivdel', ids.arkivdel);
        const post = reg.ele('journalpost');
        leaf(post, 'systemID', r.record.id);
        leaf(post, 'journalaar', mark.journalYear);
        leaf(post, 'journalsekvensnummer', mark.journalSequence);
        leaf(post, 'journalpostnummer', mark.casePosition);
        if (!open) leaf(post, 'tittel', r.record.title);
        leaf(post, 'offentligTittel', publicTitle(r));
        if (!open) leaf(post, 'offentlighetsvurdertDato', date(mark.changedAt ?? mark.createdAt));
        if (exempt(r)) leaf(post, 'skjermingMetadata', 'tittel');
        leaf(post, 'journaldato', date(mark.createdAt));
        leaf(post, 'dokumentetsDato', date(r.record.createdAt));
        if (exempt(r)) {
          leaf(post, 'tilgangsrestriksjon', 'UO');
          leaf(post, 'skjermingshjemmel', r.legalBasis?.reference ?? mark.legalBasis);
        }
        for (const p of counterparts(r, input)) {
          const kp = post.ele('korrespondansepart');
          leaf(kp, 'korrespondanseparttype', p.type);
          leaf(kp, 'korrespondansepartNavn', p.name);
        }
      }
      made.push(madeFile(`${kind}.xml`, xml(j), 'application/xml', exportedAt));
    }
  }

  // ---- the change log: edits, renames, deletions, reclassifications ----
  const changes = [
    ...records.flatMap((r) => r.record.changes.map((c) => ({ ...c, recordId: r.record.id }))),
    ...input.journalChanges,
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (changes.length) {
    const log = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.endringslogg, 'endringslogg', {
      'xmlns:xsi': NS.xsi,
      'xsi:schemaLocation': `${NS.endringslogg} endringslogg.xsd`,
    });
    for (const c of changes) {
      const e = log.ele('endring');
      leaf(e, 'referanseArkivenhet', c.recordId);
      leaf(e, 'referanseMetadata', c.field);
      leaf(e, 'endretDato', dateTime(c.at));
      leaf(e, 'endretAv', c.by || SYSTEM);
      leaf(e, 'tidligereVerdi', c.before || '—');
      leaf(e, 'nyVerdi', c.after || '—');
    }
    made.push(madeFile('endringslogg.xml', xml(log), 'application/xml', exportedAt));
  }

  const schemas = NOARK_SCHEMAS.map((name) => madeFile(name, input.schemas.get(name)!, 'application/xml', exportedAt));
  made.push(
    madeFile('arkivuttrekk.xml', addml(input, made, schemas, files.length, ended), 'application/xml', exportedAt),
  );
  return { format: 'noark5', root, files: [...made, ...schemas, ...dedupe(files)] };
}

/** A content shared by two records (never, today) is still one file. */
const dedupe = (files: PackageFile[]) => [...new Map(files.map((f) => [f.path, f])).values()];

/** Who the record came from or went to, as Noark's korrespondansepart (avsender, mottaker, intern). */
function counterparts(r: AuthorityRecord, input: ArchiveInput): { type: string; name: string }[] {
  const { record, direction } = r;
  const name = (id: string) => input.caseFile.authorities.get(id)?.name ?? id;
  if (direction === RecordDirection.RECEIVED) return [{ type: 'Avsender', name: record.origin.name }];
  if (direction === RecordDirection.INTERNAL) return [{ type: 'Intern avsender', name: input.authority.name }];
  return [
    ...[...record.recipients].map((id) => ({ type: 'Mottaker', name: name(id) })),
    ...(record.external ? [{ type: 'Mottaker', name: record.external }] : []),
  ];
}

/** arkivuttrekk.xml: the extract described in ADDML 8.3, as Arkivverket's template for Noark 5 has it. */
function addml(
  input: ArchiveInput,
  made: PackageFile[],
  schemas: PackageFile[],
  documents: number,
  ended: Date,
): Buffer {
  const tz = input.timeZone;
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.addml, 'addml', {
    'xmlns:xsi': NS.xsi,
    'xsi:schemaLocation': `${NS.addml} addml.xsd`,
    name: 'Noark 5-arkivuttrekk',
  });
  const dataset = doc.ele('dataset');
  leaf(dataset, 'description', 'Noark 5-arkivuttrekk');
  const reference = dataset.ele('reference');
  const context = reference.ele('context').ele('additionalElements');
  const element = (parent: Node, name: string, value: string) =>
    parent.ele('additionalElement', { name }).ele('value').txt(xmlSafe(value)).up().up();
  const creators = context.ele('additionalElement', { name: 'recordCreators' }).ele('additionalElements');
  element(creators, 'recordCreator', input.authority.name);
  element(context, 'systemType', 'Sakarkiv (Noark-5)');
  element(context, 'systemName', SYSTEM);
  element(context, 'archive', `${SYSTEM}: ${input.authority.name}`);
  const period = reference
    .ele('content')
    .ele('additionalElements')
    .ele('additionalElement', { name: 'archivalPeriod' });
  const periodProps = period.ele('properties');
  const prop = (parent: Node, name: string, value: string, dataType?: string) =>
    parent
      .ele('property', dataType ? { dataType, name } : { name })
      .ele('value')
      .txt(xmlSafe(value))
      .up()
      .up();
  prop(periodProps, 'startDate', localDate(input.caseFile.createdAt, tz));
  prop(periodProps, 'endDate', localDate(ended, tz));

  const extract = dataset.ele('dataObjects').ele('dataObject', { name: 'Noark 5-arkivuttrekk' });
  const info = extract.ele('properties').ele('property', { name: 'info' }).ele('properties');
  const type = info.ele('property', { name: 'type' });
  type.ele('value').txt('Noark 5');
  prop(type.ele('properties'), 'version', '5.0');
  const extra = info.ele('property', { name: 'additionalInfo' }).ele('properties');
  const pr = extra.ele('property', { name: 'periode' }).ele('properties');
  prop(pr, 'inngaaendeSkille', 'skarpt');
  prop(pr, 'utgaaendeSkille', 'skarpt');
  prop(
    extra,
    'inneholderSkjermetInformasjon',
    String(input.records.some((r) => r.mark?.classification === 'EXEMPT')),
    'boolean',
  );
  prop(extra, 'omfatterDokumenterSomErKassert', 'false', 'boolean');
  prop(extra, 'inneholderDokumenterSomSkalKasseres', 'false', 'boolean');
  prop(extra, 'inneholderVirksomhetsspesifikkeMetadata', 'false', 'boolean');
  prop(extra, 'antallDokumentfiler', String(documents), 'integer');

  const objects = extract.ele('dataObjects');
  const schemaOf = (name: string) => schemas.find((s) => s.path === name)!;
  const fileProps = (parent: Node, f: PackageFile) => {
    const props = parent.ele('property', { name: 'file' }).ele('properties');
    prop(props, 'name', f.path);
    const format = props.ele('property', { name: 'format' });
    format.ele('value').txt('XML');
    prop(format.ele('properties'), 'version', '1.0');
    const sum = props.ele('property', { name: 'checksum' }).ele('properties');
    prop(sum, 'algorithm', 'SHA-256');
    prop(sum, 'value', f.sha256);
  };
  const COUNTED: Record<string, string> = {
    arkivstruktur: 'registrering',
    loependeJournal: 'journalregistrering',
    offentligJournal: 'journalregistrering',
    endringslogg: 'endring',
  };
  const counts: Record<string, number> = {
    arkivstruktur: input.records.length,
    loependeJournal: input.records.filter((r) => r.mark).length,
    offentligJournal: input.records.filter((r) => r.mark).length,
    endringslogg: input.records.reduce((n, r) => n + r.record.changes.length, 0) + input.journalChanges.length,
  };
  for (const f of made) {
    const name = f.path.replace(/\.xml$/, '');
    const object = objects.ele('dataObject', { name });
    const props = object.ele('properties');
    fileProps(props, f);
    const main = props.ele('property', { name: 'schema' });
    main.ele('value').txt('main');
    const mainProps = main.ele('properties');
    fileProps(mainProps, schemaOf(`${name}.xsd`));
    const t = mainProps.ele('property', { name: 'type' });
    t.ele('value').txt('XML Schema');
    prop(t.ele('properties'), 'version', '1.0');
    const catalogue = props.ele('property', { name: 'schema' }).ele('properties');
    fileProps(catalogue, schemaOf('metadatakatalog.xsd'));
    const occurrences = props
      .ele('property', { name: 'info' })
      .ele('properties')
      .ele('property', { name: 'numberOfOccurrences' });
    occurrences.ele('value').txt(COUNTED[name]);
    const occ = occurrences.ele('properties');
    prop(occ, 'elementPath', `//${COUNTED[name]}`);
    prop(occ, 'value', String(counts[name]), 'integer');
  }
  return xml(doc);
}
