import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as dialogue from './support/dialogue.js';
import { bearer, inDays, rows } from './support/helpers.js';
import * as op from './support/operations.js';
import { s, useServer } from './support/server.js';

useServer();

// ---- questions ----

describe('questions', () => {
  it('only registered suppliers ask', async () => {
    const w = await dialogue.withDialogue();
    const input = { procurementId: w.p.id, text: 'Kan vi levere elbusser?' };
    expect((await s.anon.fails(op.ASK, { input })).code).toBe('UNAUTHENTICATED');
    expect((await w.c.client.fails(op.ASK, { input })).code).toBe('FORBIDDEN');
    expect((await w.member.client.fails(op.ASK, { input })).code).toBe('FORBIDDEN');
    expect((await w.outsider.client.fails(op.ASK, { input })).code).toBe('FORBIDDEN');
    const blank = await w.a.client.fails(op.ASK, { input: { ...input, text: '  ' } });
    expect([blank.code, blank.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.text']);
    expect(await rows(s, 'dialogue_question WHERE procurement_id = $1', [w.p.id])).toBe(0);
  });

  it('refuses questions after the question deadline (INVALID_STATE)', async () => {
    const w = await dialogue.withDialogue();
    await dialogue.ask(w.a, w, 'Før fristen');
    // A coordinator may move the deadline, into the past too (the service allows it).
    await w.coord.client.ok(op.SET_MILESTONE, {
      input: { procurementId: w.p.id, kind: 'QUESTION_DEADLINE', dueAt: inDays(-1) },
    });
    const late = await w.a.client.fails(op.ASK, { input: { procurementId: w.p.id, text: 'Etter fristen' } });
    expect(late.code).toBe('INVALID_STATE');
    expect(late.extensions.missing).toEqual(['before the question deadline']);
    expect(await rows(s, 'dialogue_question WHERE procurement_id = $1', [w.p.id])).toBe(1);
  });

  it('a pending question is seen by the buyers and the asker only', async () => {
    const w = await dialogue.withDialogue();
    const q = await dialogue.ask(w.a, w, '  Hvor mange elever?  ');
    expect(q).toMatchObject({
      number: 1,
      text: 'Hvor mange elever?',
      status: 'PENDING',
      publishedQuestion: null,
      answer: null,
    });

    for (const buyer of [w.coord, w.member]) {
      expect((await dialogue.admin(buyer, w)).questions).toEqual([
        expect.objectContaining({
          id: q.id,
          text: 'Hvor mange elever?',
          status: 'PENDING',
          revision: 0,
          revisions: [],
          askedBy: { id: w.a.user.id },
          askedByOrganisation: { id: w.a.organisation.id },
        }),
      ]);
    }
    const mine = await dialogue.md(w.a, w);
    expect(mine.myQuestions).toEqual([
      expect.objectContaining({ id: q.id, status: 'PENDING', text: 'Hvor mange elever?' }),
    ]);
    // Not published yet: not in anyone's `questions`, the asker's included.
    expect(mine.questions).toEqual([]);
    const other = await dialogue.md(w.b, w);
    expect(other.questions).toEqual([]);
    expect(other.myQuestions).toEqual([]);
  });

  it('only coordinators answer; the answer is published to every registered supplier, rephrased, the asker not named', async () => {
    const w = await dialogue.withDialogue();
    const q = await dialogue.ask(w.a, w, 'Vi i Firma A lurer på antall elever?');
    const input = { questionId: q.id, answer: 'Rundt 400.', publishedQuestion: 'Hvor mange elever gjelder det?' };
    expect((await s.anon.fails(op.ANSWER, { input })).code).toBe('UNAUTHENTICATED');
    expect((await w.member.client.fails(op.ANSWER, { input })).code).toBe('FORBIDDEN');
    expect((await w.outsider.client.fails(op.ANSWER, { input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.ANSWER, { input })).code).toBe('NOT_FOUND');
    expect((await w.coord.client.fails(op.ANSWER, { input: { ...input, questionId: randomUUID() } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await dialogue.md(w.b, w)).questions).toEqual([]);

    const answered = await dialogue.answer(w, q.id, '  Rundt 400.  ', 'Hvor mange elever gjelder det?');
    expect(answered).toMatchObject({
      status: 'ANSWERED',
      text: 'Vi i Firma A lurer på antall elever?',
      publishedQuestion: 'Hvor mange elever gjelder det?',
      answer: 'Rundt 400.',
      revision: 1,
      revisions: [{ revision: 1, question: 'Hvor mange elever gjelder det?', answer: 'Rundt 400.' }],
    });

    const [forA, forB] = [await dialogue.md(w.a, w), await dialogue.md(w.b, w)];
    const published = {
      id: q.id,
      number: 1,
      question: 'Hvor mange elever gjelder det?',
      answer: 'Rundt 400.',
      revision: 1,
      revisions: [
        expect.objectContaining({ revision: 1, question: 'Hvor mange elever gjelder det?', answer: 'Rundt 400.' }),
      ],
    };
    expect(forA.questions).toEqual([expect.objectContaining({ ...published, askedByMyOrganisation: true })]);
    expect(forB.questions).toEqual([expect.objectContaining({ ...published, askedByMyOrganisation: false })]);
    // The asker's own text is not what is published.
    expect(JSON.stringify(forB)).not.toContain('Firma A');
    expect(forA.myQuestions).toEqual([
      expect.objectContaining({
        id: q.id,
        status: 'ANSWERED',
        text: 'Vi i Firma A lurer på antall elever?',
        publishedQuestion: 'Hvor mange elever gjelder det?',
        answer: 'Rundt 400.',
      }),
    ]);
    // Registering later still shows every published answer.
    await dialogue.register(w.c, w);
    expect((await dialogue.md(w.c, w)).questions).toEqual([
      expect.objectContaining({ ...published, askedByMyOrganisation: false }),
    ]);

    // Without a rephrasing, the asker's text is published.
    const plain = await dialogue.ask(w.b, w, 'Hvilke ruter?');
    expect((await dialogue.answer(w, plain.id, 'Alle.')).publishedQuestion).toBe('Hvilke ruter?');
  });

  it('no mutation can answer one supplier: none takes a question and an organisation, supplier or user', async () => {
    const { data } = await s.anon.request(`{
      __schema {
        mutationType { fields { name args { name type { ...T } } } }
        types { name kind inputFields { name type { ...T } } }
      }
    }
    fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`);
    type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
    const schema = (data as any).__schema;
    const inputs = new Map<string, { name: string; type: TypeRef }[]>(
      schema.types.filter((t: any) => t.kind === 'INPUT_OBJECT').map((t: any) => [t.name, t.inputFields]),
    );
    const named = (t: TypeRef): string => (t.ofType ? named(t.ofType) : t.name!);
    /** Every argument name of a mutation, input object fields included (recursively). */
    const names = (args: { name: string; type: TypeRef }[], seen = new Set<string>()): string[] =>
      args.flatMap((a) => {
        const type = named(a.type);
        const nested = inputs.has(type) && !seen.has(type) ? names(inputs.get(type)!, new Set([...seen, type])) : [];
        return [a.name, ...nested];
      });
    const mutations = schema.mutationType.fields as { name: string; args: { name: string; type: TypeRef }[] }[];
    expect(mutations.map((m) => m.name)).toEqual(
      expect.arrayContaining(['answerDialogueQuestion', 'editDialogueAnswer']),
    );
    // An argument naming a question (`questionId`, `question`), and one naming a party
    // (`organisationId`, `supplierIds`, `recipient` ...); not e.g. `maxBookingsPerSupplier`.
    const question = /^question$|questionIds?$/i;
    const party =
      /^(organi[sz]ation|supplier|user|recipient|asker|to)s?$|(organi[sz]ation|supplier|user|recipient|asker)Ids?$/i;
    const answering = mutations.filter((m) => names(m.args).some((n) => question.test(n)));
    expect(answering.map((m) => m.name)).toEqual(
      expect.arrayContaining(['answerDialogueQuestion', 'editDialogueAnswer', 'withdrawDialogueQuestion']),
    );
    const targeted = answering.filter((m) => names(m.args).some((n) => party.test(n)));
    expect(targeted.map((m) => m.name)).toEqual([]);
    // The check itself bites: an input naming both would be found.
    expect(
      names([{ name: 'input', type: { kind: 'INPUT_OBJECT', name: 'AnswerQuestionInput', ofType: null } }]),
    ).toEqual(expect.arrayContaining(['questionId']));
    expect(['questionId', 'organisationId'].every((n) => question.test(n) || party.test(n))).toBe(true);
  });

  it('editing publishes a new revision to all with the history; refused for unanswered questions and second answers', async () => {
    const w = await dialogue.withDialogue();
    const q = await dialogue.ask(w.a, w, 'Spørsmål?');
    const edit = { questionId: q.id, answer: 'Nytt svar' };
    const early = await w.coord.client.fails(op.EDIT_ANSWER, { input: edit });
    expect([early.code, early.extensions.missing]).toEqual(['INVALID_STATE', ['question status ANSWERED']]);

    await dialogue.answer(w, q.id, 'Første svar', 'Omskrevet spørsmål');
    const twice = await w.coord.client.fails(op.ANSWER, { input: { questionId: q.id, answer: 'Igjen' } });
    expect(twice.code).toBe('INVALID_STATE');
    expect((await w.member.client.fails(op.EDIT_ANSWER, { input: edit })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(op.EDIT_ANSWER, { input: edit })).code).toBe('NOT_FOUND');

    const { editDialogueAnswer: edited } = await w.coord.client.ok(op.EDIT_ANSWER, { input: edit });
    // The rephrasing stays unless a new one is given.
    expect(edited).toMatchObject({
      status: 'ANSWERED',
      publishedQuestion: 'Omskrevet spørsmål',
      answer: 'Nytt svar',
      revision: 2,
    });
    const history = [
      expect.objectContaining({ revision: 1, question: 'Omskrevet spørsmål', answer: 'Første svar' }),
      expect.objectContaining({ revision: 2, question: 'Omskrevet spørsmål', answer: 'Nytt svar' }),
    ];
    for (const u of [w.a, w.b]) {
      const [pq] = (await dialogue.md(u, w)).questions;
      expect(pq).toMatchObject({ answer: 'Nytt svar', revision: 2 });
      expect(pq.revisions).toEqual(history);
      expect(pq.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    }
    expect((await dialogue.admin(w.coord, w)).questions[0].revisions).toEqual(history);
  });

  it('the asking organisation withdraws its own pending question; nobody else can', async () => {
    const w = await dialogue.withDialogue();
    const q = await dialogue.ask(w.a, w, 'Trekkes?');
    expect((await s.anon.fails(op.WITHDRAW_Q, { id: q.id })).code).toBe('UNAUTHENTICATED');
    expect((await w.b.client.fails(op.WITHDRAW_Q, { id: q.id })).code).toBe('NOT_FOUND');
    expect((await w.coord.client.fails(op.WITHDRAW_Q, { id: q.id })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.WITHDRAW_Q, { id: randomUUID() })).code).toBe('NOT_FOUND');
    // A colleague in the asker's organisation may.
    const colleague = await s.factories.user({ organisation: w.a.organisation });
    expect((await colleague.client.ok(op.WITHDRAW_Q, { id: q.id })).withdrawDialogueQuestion).toEqual({
      id: q.id,
      status: 'WITHDRAWN',
    });
    expect((await w.a.client.fails(op.WITHDRAW_Q, { id: q.id })).code).toBe('INVALID_STATE');
    expect((await w.coord.client.fails(op.ANSWER, { input: { questionId: q.id, answer: 'For sent' } })).code).toBe(
      'INVALID_STATE',
    );
    expect((await dialogue.md(w.a, w)).myQuestions).toEqual([
      expect.objectContaining({ id: q.id, status: 'WITHDRAWN' }),
    ]);
    expect((await dialogue.md(w.b, w)).questions).toEqual([]);

    const answered = await dialogue.ask(w.a, w, 'Besvart?');
    await dialogue.answer(w, answered.id, 'Ja.');
    expect((await w.a.client.fails(op.WITHDRAW_Q, { id: answered.id })).code).toBe('INVALID_STATE');
  });
});
// ---- documents ----

describe('published documents', () => {
  it('suppliers read the published version only, until it is published again; GROUP documents never appear', async () => {
    const w = await dialogue.withDialogue();
    const doc = await dialogue.createDoc(w.coord, w, {
      procurementId: w.p.id,
      title: 'Behovsbeskrivelse',
      text: 'Versjon én',
    });
    const draft = await dialogue.createDoc(w.coord, w, {
      procurementId: w.p.id,
      title: 'Internt notat',
      text: 'Hemmelig',
    });
    await dialogue.createDoc(w.coord, w, { title: 'Gruppens dokument', text: 'Gruppe' });
    expect((await dialogue.md(w.a, w)).documents).toEqual([]);

    // Members other than coordinators do not publish.
    expect((await w.member.client.fails(op.UPDATE_DOC, { id: doc.id, input: { visibility: 'PUBLISHED' } })).code).toBe(
      'FORBIDDEN',
    );
    expect(await dialogue.publishDoc(w, doc.id)).toMatchObject({ visibility: 'PUBLISHED', publishedVersion: 1 });
    const [published] = (await dialogue.md(w.a, w)).documents;
    expect(published).toMatchObject({
      id: doc.id,
      title: 'Behovsbeskrivelse',
      kind: 'OTHER',
      language: 'nb',
      version: 1,
      text: 'Versjon én',
      downloadUrl: `/dialogue/${w.p.id}/documents/${doc.id}/content`,
    });
    expect((await dialogue.md(w.b, w)).documents.map((d: { id: string }) => d.id)).toEqual([doc.id]);

    // A newer version stays with the buyers until published again.
    await dialogue.addText(w.coord, doc.id, 1, 'Versjon to');
    expect((await dialogue.md(w.a, w)).documents).toEqual([
      expect.objectContaining({ version: 1, text: 'Versjon én' }),
    ]);
    const got = await dialogue.downloadPublished(w.p.id, doc.id, bearer(w.a));
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('Versjon én');
    expect(await dialogue.publishDoc(w, doc.id)).toMatchObject({ publishedVersion: 2 });
    expect((await dialogue.md(w.a, w)).documents).toEqual([
      expect.objectContaining({ version: 2, text: 'Versjon to' }),
    ]);
    expect(await (await dialogue.downloadPublished(w.p.id, doc.id, bearer(w.b))).text()).toBe('Versjon to');

    // Back to GROUP: gone for suppliers.
    await w.coord.client.ok(op.UPDATE_DOC, { id: doc.id, input: { visibility: 'GROUP' } });
    expect((await dialogue.md(w.a, w)).documents).toEqual([]);
    expect((await dialogue.downloadPublished(w.p.id, doc.id, bearer(w.a))).status).toBe(404);
    expect((await dialogue.downloadPublished(w.p.id, draft.id, bearer(w.a))).status).toBe(404);
  });

  it('the download route: 401 anonymous, 403 unregistered supplier, 404 unpublished or foreign document', async () => {
    const w = await dialogue.withDialogue();
    const doc = await dialogue.createDoc(w.coord, w, { procurementId: w.p.id, text: 'Offentlig' });
    const unpublished = await dialogue.createDoc(w.coord, w, { procurementId: w.p.id, text: 'Ikke publisert' });
    await dialogue.publishDoc(w, doc.id);
    const elsewhere = await dialogue.withDialogue();
    const foreign = await dialogue.createDoc(elsewhere.coord, elsewhere, {
      procurementId: elsewhere.p.id,
      text: 'Annen',
    });
    await dialogue.publishDoc(elsewhere, foreign.id);

    expect((await dialogue.downloadPublished(w.p.id, doc.id)).status).toBe(401);
    expect((await dialogue.downloadPublished(w.p.id, doc.id, bearer(w.c))).status).toBe(403);
    expect((await dialogue.downloadPublished(w.p.id, doc.id, bearer(w.outsider))).status).toBe(403);
    expect((await dialogue.downloadPublished(w.p.id, unpublished.id, bearer(w.a))).status).toBe(404);
    // A published document of another procurement is not this dialogue's.
    expect((await dialogue.downloadPublished(w.p.id, foreign.id, bearer(w.a))).status).toBe(404);
    expect((await dialogue.downloadPublished(w.p.id, randomUUID(), bearer(w.a))).status).toBe(404);
    expect((await dialogue.downloadPublished(randomUUID(), doc.id, bearer(w.a))).status).toBe(404);
    const ok = await dialogue.downloadPublished(w.p.id, doc.id, bearer(w.a));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await ok.text()).toBe('Offentlig');
    // The buyers may fetch what suppliers get.
    expect(await (await dialogue.downloadPublished(w.p.id, doc.id, bearer(w.member))).text()).toBe('Offentlig');
  });
});
