import { readdirSync, readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { sharedPath } from './shared.js';

/**
 * Checking eForms notices against the official SDK in ../shared/eforms (see its README): the UBL 2.3
 * XSDs with the eForms extensions, through xmllint (libxml2) compiled to WebAssembly. The entry
 * schema imports its siblings by relative path ("../common/..."), so every XSD of the SDK is put in
 * xmllint's in-memory file system under the same folders.
 */

export const EFORMS_DIR = sharedPath('eforms');
const SCHEMAS = sharedPath('eforms', 'schemas');

export const ENTRY_SCHEMA = {
  PriorInformationNotice: 'maindoc/UBL-PriorInformationNotice-2.3.xsd',
  ContractNotice: 'maindoc/UBL-ContractNotice-2.3.xsd',
} as const;
export type NoticeRoot = keyof typeof ENTRY_SCHEMA;

let files: { fileName: string; contents: string }[] | undefined;
const schemaFiles = () =>
  (files ??= ['common', 'maindoc'].flatMap((dir) =>
    readdirSync(`${SCHEMAS}/${dir}`)
      .filter((f) => f.endsWith('.xsd'))
      .map((f) => ({ fileName: `${dir}/${f}`, contents: readFileSync(`${SCHEMAS}/${dir}/${f}`, 'utf8') })),
  ));

/** xmllint's schema errors for a notice (empty when it validates against the entry XSD of its root). */
export async function xsdErrors(xml: string, root: NoticeRoot): Promise<string[]> {
  const all = schemaFiles();
  const entry = all.find((f) => f.fileName === ENTRY_SCHEMA[root])!;
  const result = await validateXML({
    xml: [{ fileName: 'notice.xml', contents: xml }],
    schema: [entry],
    preload: all.filter((f) => f !== entry),
    maxMemoryPages: 16 * 1024,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
