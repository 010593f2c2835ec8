import { readFileSync } from 'node:fs';
import fontoxpath from 'fontoxpath';
import { Schema } from 'node-schematron';
import { parseXmlDocument, type Node } from 'slimdom';
import { sharedPath } from './shared.js';

/**
 * The eForms SDK's business rules (schematrons/static/complete-validation.sch, ISO Schematron with
 * XPath 2 tests) run in pure JavaScript: node-schematron reads the schema and its 211 included
 * pattern files, and fontoxpath (XPath 3.1, a superset of the XPath 2 the rules use) evaluates them.
 *
 * node-schematron's own validator is not used: it only walks elements, so the SDK's rules on
 * attributes (@listName, @currencyID ...) would never fire (the SDK's README warns of the same gap
 * in the old XSLT skeleton), and it evaluates every context from every node, which takes minutes
 * here. This runner keeps Schematron's semantics: the phase's active patterns (one per notice
 * subtype, `eforms-<subtype>`), the schema's, pattern's and rule's `let`s, and in each pattern a
 * node (element or attribute) is checked by the first rule whose context matches it. The eForms
 * contexts are absolute paths, so each is evaluated once from the document.
 */

const DIR = sharedPath('eforms', 'schematrons', 'static');

export interface SchematronReport {
  phase: string;
  /** Rules whose context matched at least one node, and the asserts evaluated on them. */
  rulesFired: number;
  assertsRun: number;
  /** Ids of the failed asserts (each once), e.g. BR-BT-00503-0022. */
  failed: string[];
  /** What fontoxpath could not evaluate: `let` names or assert ids, with the error. */
  unevaluated: string[];
}

let loading: Promise<Schema> | undefined;
/** The SDK's schema, read once per test file (about 10 to 30 seconds: 13 MB of rules). */
export const eformsSchematron = (): Promise<Schema> =>
  (loading ??= Schema.fromString(readFileSync(`${DIR}/complete-validation.sch`, 'utf8'), {
    fetchReference: (href: string) => readFileSync(`${DIR}/${href}`, 'utf8'),
  }));

type Vars = Record<string, unknown>;

/** Runs the phase `eforms-<subtype>` of the SDK's rules on a notice. */
export async function schematron(xml: string, subtype: string): Promise<SchematronReport> {
  const schema = await eformsSchematron();
  const phaseId = `eforms-${subtype}`;
  const phase = schema.phases.find((p) => p.id === phaseId);
  if (!phase) throw new Error(`The eForms Schematron has no phase ${phaseId}`);
  const namespaces = Object.fromEntries(schema.namespaces.map((n) => [n.prefix, n.uri]));
  const options = {
    namespaceResolver: (prefix: string) => namespaces[prefix] ?? null,
    language: fontoxpath.evaluateXPath.XPATH_3_1_LANGUAGE,
  };
  const doc = parseXmlDocument(xml);
  const unevaluated: string[] = [];
  const failed = new Set<string>();
  let rulesFired = 0;
  let assertsRun = 0;
  /** `let`s in order (each may use the ones before); one that fails is reported and left unbound. */
  const bind = (lets: { name: string; value: string }[], context: Node, outer: Vars): Vars => {
    const vars = { ...outer };
    for (const v of lets) {
      try {
        vars[v.name] = fontoxpath.evaluateXPath(
          v.value,
          context,
          null,
          vars,
          fontoxpath.evaluateXPath.ANY_TYPE,
          options,
        );
      } catch (err) {
        unevaluated.push(`let $${v.name}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    return vars;
  };

  const globals = bind(schema.variables, doc, {});
  for (const pattern of schema.patterns.filter((p) => phase.active.includes(p.id ?? ''))) {
    const vars = bind(
      (pattern as unknown as { variables?: { name: string; value: string }[] }).variables ?? [],
      doc,
      globals,
    );
    const checked = new Set<Node>();
    for (const rule of pattern.rules) {
      let nodes: Node[];
      try {
        nodes = fontoxpath.evaluateXPathToNodes(rule.context, doc, null, vars, options) as Node[];
      } catch (err) {
        unevaluated.push(`context ${rule.context}: ${(err as Error).message.split('\n')[0]}`);
        continue;
      }
      const fresh = nodes.filter((n) => !checked.has(n));
      if (fresh.length) rulesFired++;
      for (const node of fresh) {
        checked.add(node);
        const local = bind(rule.variables, node, vars);
        for (const a of rule.asserts) {
          assertsRun++;
          try {
            const holds = fontoxpath.evaluateXPathToBoolean(a.test, node, null, local, options);
            // An assert fails when its test is false; a report "fails" when its test is true.
            if (holds === a.isReport) failed.add(a.id ?? a.test);
          } catch (err) {
            unevaluated.push(`${a.id}: ${(err as Error).message.split('\n')[0]}`);
          }
        }
      }
    }
  }
  return { phase: phaseId, rulesFired, assertsRun, failed: [...failed].sort(), unevaluated: [...new Set(unevaluated)] };
}
